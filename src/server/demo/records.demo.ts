// Demo records of safety, rule-of-law education, legal services and the annual plan for 2020 and 2021.
// 2020 reproduces the seed report's figures exactly: 16 criminal cases solved, 83 public-security cases closed,
// 8 corrections/resettlement subjects with no reoffending, every official ≥ 40 study hours and the exam passed,
// 30+ publicity events at core enterprises with 2,000+ brochures, 30+ legal services at 20+ sites by 行通律所's
// duty lawyers, a leading group chaired by the committee director and the company general manager, and the
// year's plan with its tasks and topic meetings. 2021 has figures of its own (two officials short of 40 hours,
// one exam failed, one reoffending, two tasks overdue). People's names are invented.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { idCardCheckChar, sealPersonal } from '../platform/crypto/sensitive.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import { scheduleJob } from '../platform/jobs/jobs.ts';
import { OFFICIAL_ROLES } from '../modules/education/index.ts';
import { TASK_OVERDUE_JOB } from '../modules/plans/index.ts';
import type { DemoContext } from './identity.demo.ts';

/** Deterministic pseudo-random numbers, so that the demo is the same on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const at = (date: string, hh: number, mm = 0) => new Date(`${date}T${pad(hh)}:${pad(mm)}:00+08:00`);

/** The 2020 figures the seed report states, which the demo must reproduce. */
export const SEED_2020 = {
  criminalSolved: 16,
  publicSecurityClosed: 83,
  subjects: 8,
  reoffended: 0,
  minPublicityEvents: 30,
  minBrochures: 2000,
  minLegalServices: 30,
  minLegalSites: 20,
} as const;

// ── who and where ──

/** Enterprises named in the seed report (and a few more); linked when the registry has them, else named places. */
const CORE_ENTERPRISES = ['中荣印刷', '爱旭太阳能', '远大住工'];
const SERVICE_SITES_2020 = [
  '光明乳业',
  '阳光城',
  '中荣印刷',
  '爱旭太阳能',
  '远大住工',
  '远航工贸',
  '北辰开发区矛盾调处中心',
  '开发区司法所',
  '开发区人才公寓',
  '京津汽车零部件产业园',
  '医药医疗器械产业园',
  '智能制造产业园',
  '新能源产业园',
  '开发区创业孵化基地',
  '高端装备产业园',
  '辰昌路项目工地',
  '永进道项目工地',
  '双街新家园社区',
  '开发区总公司',
  '开发区政务服务中心',
  '双口工业园',
  '宜兴埠物流园',
];

interface Site {
  enterpriseId: number | null;
  place: string;
}

async function siteResolver(db: Kysely<DB>, jurisdictionId: number): Promise<(name: string) => Site> {
  const rows = await db.selectFrom('enterprises').select(['id', 'name']).where('jurisdictionId', '=', jurisdictionId).execute();
  // The report's short names for registry names (远大住工 is 远大住宅工业).
  const aliases: Record<string, string> = { 远大住工: '远大住宅工业' };
  return (name: string) => {
    const e = rows.find((r) => r.name.includes(name) || (aliases[name] !== undefined && r.name.includes(aliases[name])));
    return e ? { enterpriseId: e.id, place: '' } : { enterpriseId: null, place: name };
  };
}

// ── safety ──

/** Monthly police figures: criminal solved sums to 16 and public-security closed to 83 in 2020. */
const POLICE = {
  2020: { solved: [1, 0, 1, 2, 1, 2, 1, 2, 1, 2, 2, 1], closed: [6, 4, 5, 7, 8, 7, 8, 9, 7, 8, 7, 7] },
  2021: { solved: [1, 1, 0, 1, 2, 1, 1, 1, 1, 1, 1, 1], closed: [5, 6, 6, 5, 7, 6, 6, 7, 6, 6, 5, 6] },
} as const;

const SUBJECTS: { kind: 'community_correction' | 'resettlement'; name: string; birth: string; start: string; end: string | null; reoffendedOn?: string }[] = [
  // Under supervision in 2020 (8): five in community correction, three in resettlement, one of them a minor.
  { kind: 'community_correction', name: '马春来', birth: '1978-04-12', start: '2019-03-01', end: '2020-08-31' },
  { kind: 'community_correction', name: '丁向阳', birth: '1985-11-03', start: '2019-09-15', end: '2021-03-14' },
  { kind: 'community_correction', name: '孟德福', birth: '1969-02-27', start: '2020-01-10', end: '2020-12-31' },
  { kind: 'community_correction', name: '邱小军', birth: '2003-07-19', start: '2020-05-20', end: '2021-05-19' },
  { kind: 'community_correction', name: '柏玉珍', birth: '1990-06-08', start: '2020-09-01', end: null },
  { kind: 'resettlement', name: '水建民', birth: '1982-08-30', start: '2018-12-01', end: '2020-11-30' },
  { kind: 'resettlement', name: '窦国庆', birth: '1975-10-01', start: '2020-03-16', end: '2022-03-15' },
  { kind: 'resettlement', name: '章立平', birth: '1988-01-22', start: '2020-07-08', end: null, reoffendedOn: '2021-09-18' },
  // Ended before 2020, or began in 2021: not counted for 2020.
  { kind: 'community_correction', name: '云福海', birth: '1980-05-05', start: '2018-05-01', end: '2019-10-31' },
  { kind: 'community_correction', name: '苏志明', birth: '1993-03-13', start: '2021-04-06', end: null },
  { kind: 'resettlement', name: '潘桂兰', birth: '1972-12-09', start: '2021-06-21', end: null },
];

function idNumber(birth: string, seq: number): string {
  const first17 = `120113${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

async function seedSafety(db: Kysely<DB>, box: SecretBox, ctx: DemoContext, rnd: ReturnType<typeof prng>) {
  const j = ctx.jurisdictionId;
  const pingan = ctx.users.pingan;
  for (const year of [2020, 2021] as const) {
    const p = POLICE[year];
    for (let m = 0; m < 12; m++) {
      await db
        .insertInto('policeFigures')
        .values({
          jurisdictionId: j,
          periodMonth: day(year, m + 1, 1),
          criminalFiled: p.solved[m] + (m % 3 === 0 ? 1 : 0),
          criminalSolved: p.solved[m],
          publicSecurityAccepted: p.closed[m] + (m % 4 === 0 ? 1 : 0),
          publicSecurityClosed: p.closed[m],
          source: '开发区派出所月度统计报表',
          note: '',
          enteredBy: pingan,
        })
        .execute();
    }
  }

  for (const [i, s] of SUBJECTS.entries()) {
    const name = sealPersonal(box, s.name, 'other');
    const id = sealPersonal(box, idNumber(s.birth, 100 + i * 2 + 1), 'id_card');
    const [by, bm, bd] = s.birth.split('-').map(Number);
    const [sy, sm, sd] = s.start.split('-').map(Number);
    const age = sy - by - (sm < bm || (sm === bm && sd < bd) ? 1 : 0);
    const row = await db
      .insertInto('supervisionSubjects')
      .values({
        jurisdictionId: j,
        kind: s.kind,
        nameEnc: name.enc,
        nameMasked: name.masked,
        idNumberEnc: id.enc,
        idNumberMasked: id.masked,
        idNumberIndex: id.index,
        isMinor: age < 18,
        supervisionStart: s.start,
        supervisionEnd: s.end,
        officerId: pingan,
        reoffended: s.reoffendedOn !== undefined,
        reoffendedOn: s.reoffendedOn ?? null,
        noteEnc: box.encrypt(s.kind === 'community_correction' ? '判处缓刑，依法实行社区矫正' : '刑满释放人员，纳入安置帮教'),
        createdBy: pingan,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A monthly check-in while under supervision, up to the end of 2021.
    const start = new Date(`${s.start}T00:00:00+08:00`);
    const end = new Date(`${s.end ?? '2021-12-31'}T00:00:00+08:00`);
    const stop = end < new Date('2021-12-31T00:00:00+08:00') ? end : new Date('2021-12-31T00:00:00+08:00');
    const checkins = [];
    for (let d = new Date(start.getTime() + 10 * 86400_000); d <= stop; d = new Date(d.getTime() + 30 * 86400_000)) {
      if (d.getUTCFullYear() < 2020) continue;
      checkins.push({
        jurisdictionId: j,
        subjectId: row.id,
        checkedAt: new Date(d.getTime() + rnd.int(9, 16) * 3600_000),
        method: rnd.pick(['in_person', 'in_person', 'phone', 'home_visit'] as const),
        note: '',
        recordedBy: pingan,
      });
    }
    if (checkins.length > 0) await db.insertInto('subjectCheckins').values(checkins).execute();
  }

  // Patrols: auxiliary police twice a week along the main roads, company guards weekly, each grid worker monthly.
  const grids = await db
    .selectFrom('gridWorkers')
    .innerJoin('users', 'users.id', 'gridWorkers.userId')
    .select(['gridWorkers.gridId', 'gridWorkers.userId', 'users.displayName'])
    .where('gridWorkers.jurisdictionId', '=', j)
    .orderBy('gridWorkers.gridId')
    .execute();
  const roads = ['京津公路', '辰昌路', '永进道', '高新大道', '宜兴埠道', '双江道', '景观路'];
  const findingTexts = ['路口机动车乱停放', '企业门前堆放杂物', '路灯损坏', '施工围挡破损', '井盖缺失', '流动摊贩占道经营', '消防通道被占用', '可疑人员徘徊，已劝离'];
  for (const year of [2020, 2021] as const) {
    const patrols: { type: 'auxiliary_police' | 'company_guard' | 'grid_worker'; who: string[]; gridId: number | null; route: string; date: string; createdBy: number; userId?: number }[] = [];
    for (let w = 0; w < 52; w++) {
      const base = new Date(Date.UTC(year, 0, 2 + w * 7));
      for (const offset of year === 2020 ? [0, 3] : [1]) {
        const d = new Date(base.getTime() + offset * 86400_000);
        if (d.getUTCFullYear() !== year) continue;
        patrols.push({ type: 'auxiliary_police', who: ['辅警 刘强', '辅警 高峰'], gridId: null, route: `${rnd.pick(roads)}—${rnd.pick(roads)}`, date: d.toISOString().slice(0, 10), createdBy: ctx.users.pingan });
      }
      if (w % 2 === 0 || year === 2020) {
        const d = new Date(base.getTime() + 5 * 86400_000);
        if (d.getUTCFullYear() === year) {
          patrols.push({ type: 'company_guard', who: ['保安 赵立', '保安 钱勇', '保安 孙伟'], gridId: null, route: `${rnd.pick(CORE_ENTERPRISES)}周边`, date: d.toISOString().slice(0, 10), createdBy: ctx.users.pingan });
        }
      }
    }
    for (const g of grids) {
      for (let m = 1; m <= 12; m++) {
        patrols.push({ type: 'grid_worker', who: [g.displayName], gridId: g.gridId, route: '', date: day(year, m, rnd.int(3, 26)), createdBy: g.userId });
      }
    }
    for (const p of patrols) {
      const startHour = p.type === 'company_guard' ? 21 : rnd.int(8, 15);
      const minutes = p.type === 'grid_worker' ? rnd.int(60, 150) : rnd.int(90, 180);
      const startedAt = at(p.date, startHour, rnd.pick([0, 30]));
      const row = await db
        .insertInto('patrols')
        .values({
          jurisdictionId: j,
          patrollerType: p.type,
          patrollers: JSON.stringify(p.who),
          peopleCount: p.who.length,
          gridId: p.gridId,
          route: p.route,
          startedAt,
          endedAt: new Date(startedAt.getTime() + minutes * 60_000),
          notes: '',
          createdBy: p.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (rnd.next() < 0.18) {
        await db
          .insertInto('patrolFindings')
          .values({ jurisdictionId: j, patrolId: row.id, description: rnd.pick(findingTexts), location: p.route || '网格内', lng: null, lat: null, eventId: null, createdBy: p.createdBy })
          .execute();
      }
    }
  }
}

// ── education ──

const COURSES: { course: string; form: 'central_group' | 'lecture' | 'training' | 'online' | 'self_study'; hours: number }[] = [
  { course: '习近平法治思想专题学习', form: 'central_group', hours: 4 },
  { course: '《中华人民共和国宪法》学习', form: 'central_group', hours: 3 },
  { course: '《民法典》专题讲座', form: 'lecture', hours: 3 },
  { course: '《优化营商环境条例》解读', form: 'lecture', hours: 2 },
  { course: '《行政处罚法》培训', form: 'training', hours: 4 },
  { course: '《保障农民工工资支付条例》培训', form: 'training', hours: 3 },
  { course: '国家工作人员网上学法用法', form: 'online', hours: 6 },
  { course: '《安全生产法》学习', form: 'self_study', hours: 2 },
  { course: '《信访工作条例》学习', form: 'self_study', hours: 2 },
  { course: '《行政许可法》学习', form: 'online', hours: 3 },
  { course: '疫情防控相关法律法规', form: 'online', hours: 2 },
  { course: '《个人信息保护法》学习', form: 'self_study', hours: 2 },
];

async function seedEducation(db: Kysely<DB>, ctx: DemoContext, site: (name: string) => Site, rnd: ReturnType<typeof prng>) {
  const j = ctx.jurisdictionId;
  const office = ctx.users.fazhiban;
  // Every official at the time of seeding: the accounts of other modules' demos seeded before this one count too.
  const officials = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('jurisdictionId', '=', j)
    .where('disabled', '=', false)
    .where('role', 'in', [...OFFICIAL_ROLES])
    .orderBy('id')
    .execute();
  const short2021 = new Set(officials.slice(-3, -1).map((o) => o.id));
  const failed2021 = officials.at(-1)?.id;
  for (const year of [2020, 2021] as const) {
    for (const o of officials) {
      const target = year === 2021 && short2021.has(o.id) ? rnd.int(30, 38) : rnd.int(42, 56);
      let total = 0;
      const rows = [];
      for (let k = 0; total < target; k++) {
        const c = COURSES[(k + o.id) % COURSES.length];
        const hours = Math.min(c.hours, target - total);
        total += hours;
        rows.push({
          jurisdictionId: j,
          userId: o.id,
          course: c.course,
          hours,
          studiedOn: day(year, ((k * 5 + o.id) % 11) + 1, rnd.int(1, 28)),
          form: c.form,
          source: 'import' as const,
          createdBy: office,
        });
      }
      await db.insertInto('studyRecords').values(rows).execute();
      const passed = !(year === 2021 && o.id === failed2021);
      await db
        .insertInto('lawExamResults')
        .values({ jurisdictionId: j, userId: o.id, year, score: passed ? rnd.int(78, 99) : 52, passed, takenOn: day(year, 11, rnd.int(10, 28)), recordedBy: office })
        .execute();
    }
  }

  // 谁执法谁普法: each enforcing department's laws and planned activities.
  const duties: { unit: string; law: string; activities: [string, string][] }[] = [
    { unit: 'safety_supervision', law: '《中华人民共和国安全生产法》', activities: [['“安全生产月”进企业', '06'], ['危化品企业专题培训', '09']] },
    { unit: 'labour_inspection', law: '《保障农民工工资支付条例》', activities: [['条例实施宣讲进工地', '05'], ['冬季欠薪治理宣传', '12']] },
    { unit: 'market_supervision', law: '《中华人民共和国食品安全法》', activities: [['食品安全宣传周', '06']] },
    { unit: 'market_supervision', law: '《中华人民共和国消费者权益保护法》', activities: [['3·15 消费者权益日宣传', '03']] },
    { unit: 'police_station', law: '《中华人民共和国禁毒法》', activities: [['“禁毒宣传月”进企业', '06']] },
    { unit: 'judicial_office', law: '《中华人民共和国民法典》', activities: [['民法典进企业宣讲', '07'], ['民法典进社区', '10']] },
    { unit: 'law_office', law: '《中华人民共和国宪法》', activities: [['12·4 国家宪法日宣传', '12']] },
    { unit: 'planning_construction', law: '《中华人民共和国建筑法》', activities: [['建筑施工安全法律宣讲', '08']] },
    { unit: 'urban_management', law: '《天津市市容和环境卫生管理条例》', activities: [['市容环境法规宣传', '04']] },
  ];
  const dutyIds: Record<string, number> = {};
  for (const year of [2020, 2021] as const) {
    for (const d of duties) {
      const row = await db
        .insertInto('publicityDuties')
        .values({
          jurisdictionId: j,
          orgUnitId: ctx.orgUnits[d.unit],
          year,
          law: d.law,
          plannedActivities: JSON.stringify(d.activities.map(([title, m]) => ({ title, month: `${year}-${m}` }))),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      dutyIds[`${year}:${d.law}`] = row.id;
    }
  }

  // Publicity events: 2020 has 32 with 2,160 brochures (图册) among other materials; 2021 has 26.
  type Ev = { theme: string; title: string; date: string; at: string; unit: string; law?: string; people: number; brochures: number; leaflets?: number; gifts?: number };
  const events2020: Ev[] = [
    { theme: '疫情防控法治宣传', title: '疫情防控法律知识进企业', date: '2020-02-24', at: '中荣印刷', unit: 'law_office', people: 40, brochures: 60 },
    { theme: '疫情防控法治宣传', title: '复工复产法律指引宣讲', date: '2020-03-05', at: '爱旭太阳能', unit: 'judicial_office', people: 55, brochures: 80 },
    { theme: '3·15消费者权益日', title: '3·15 消费维权宣传', date: '2020-03-15', at: '开发区商业街', unit: 'market_supervision', law: '《中华人民共和国消费者权益保护法》', people: 120, brochures: 90, leaflets: 150 },
    { theme: '国家安全教育日', title: '4·15 全民国家安全教育日宣传', date: '2020-04-15', at: '远大住工', unit: 'police_station', people: 60, brochures: 50 },
    { theme: '法律进工地', title: '《保障农民工工资支付条例》进工地', date: '2020-05-12', at: '辰昌路项目工地', unit: 'labour_inspection', law: '《保障农民工工资支付条例》', people: 85, brochures: 100 },
    { theme: '法律进工地', title: '农民工工资支付条例宣讲', date: '2020-05-26', at: '永进道项目工地', unit: 'labour_inspection', law: '《保障农民工工资支付条例》', people: 70, brochures: 80 },
    { theme: '安全生产月', title: '“安全生产月”启动仪式暨安全法规宣讲', date: '2020-06-02', at: '中荣印刷', unit: 'safety_supervision', law: '《中华人民共和国安全生产法》', people: 150, brochures: 120, gifts: 60 },
    { theme: '安全生产月', title: '安全生产法进车间', date: '2020-06-09', at: '爱旭太阳能', unit: 'safety_supervision', law: '《中华人民共和国安全生产法》', people: 110, brochures: 90 },
    { theme: '安全生产月', title: '装配式建筑安全生产宣讲', date: '2020-06-16', at: '远大住工', unit: 'safety_supervision', law: '《中华人民共和国安全生产法》', people: 95, brochures: 80 },
    { theme: '安全生产月', title: '“安全生产咨询日”现场宣传', date: '2020-06-16', at: '开发区政务服务中心', unit: 'safety_supervision', law: '《中华人民共和国安全生产法》', people: 200, brochures: 150, leaflets: 200 },
    { theme: '安全生产月', title: '食品企业安全生产培训', date: '2020-06-23', at: '光明乳业', unit: 'safety_supervision', law: '《中华人民共和国安全生产法》', people: 80, brochures: 60 },
    { theme: '食品安全宣传周', title: '食品安全法律宣传', date: '2020-06-18', at: '光明乳业', unit: 'market_supervision', law: '《中华人民共和国食品安全法》', people: 60, brochures: 50 },
    { theme: '禁毒宣传月', title: '“禁毒宣传月”进企业', date: '2020-06-22', at: '中荣印刷', unit: 'police_station', law: '《中华人民共和国禁毒法》', people: 90, brochures: 70 },
    { theme: '禁毒宣传月', title: '6·26 国际禁毒日宣传', date: '2020-06-26', at: '爱旭太阳能', unit: 'police_station', law: '《中华人民共和国禁毒法》', people: 100, brochures: 80, gifts: 50 },
    { theme: '禁毒宣传月', title: '禁毒知识进社区', date: '2020-06-28', at: '双街新家园社区', unit: 'police_station', law: '《中华人民共和国禁毒法》', people: 130, brochures: 90 },
    { theme: '民法典宣讲', title: '“美好生活·民法典相伴”企业宣讲', date: '2020-07-07', at: '远大住工', unit: 'judicial_office', law: '《中华人民共和国民法典》', people: 75, brochures: 60 },
    { theme: '民法典宣讲', title: '民法典合同编专题讲座', date: '2020-07-21', at: '远航工贸', unit: 'judicial_office', law: '《中华人民共和国民法典》', people: 45, brochures: 40 },
    { theme: '民法典宣讲', title: '民法典婚姻家庭编宣讲', date: '2020-08-04', at: '阳光城', unit: 'judicial_office', law: '《中华人民共和国民法典》', people: 65, brochures: 50 },
    { theme: '民法典宣讲', title: '民法典进企业（劳动用工）', date: '2020-08-18', at: '爱旭太阳能', unit: 'judicial_office', law: '《中华人民共和国民法典》', people: 70, brochures: 60 },
    { theme: '法律进工地', title: '建筑施工安全法律宣讲', date: '2020-08-25', at: '永进道项目工地', unit: 'planning_construction', law: '《中华人民共和国建筑法》', people: 60, brochures: 40 },
    { theme: '民法典宣讲', title: '民法典物权编进园区', date: '2020-09-08', at: '智能制造产业园', unit: 'judicial_office', law: '《中华人民共和国民法典》', people: 55, brochures: 50 },
    { theme: '安全生产月', title: '危化品企业安全法规培训', date: '2020-09-15', at: '中荣印刷', unit: 'safety_supervision', law: '《中华人民共和国安全生产法》', people: 50, brochures: 40 },
    { theme: '扫黑除恶专项斗争', title: '扫黑除恶专项斗争宣传', date: '2020-09-22', at: '开发区人才公寓', unit: 'police_station', people: 80, brochures: 60 },
    { theme: '民法典宣讲', title: '民法典进社区', date: '2020-10-13', at: '双街新家园社区', unit: 'judicial_office', law: '《中华人民共和国民法典》', people: 110, brochures: 80 },
    { theme: '民法典宣讲', title: '民法典与企业经营风险防范', date: '2020-10-27', at: '光明乳业', unit: 'judicial_office', law: '《中华人民共和国民法典》', people: 50, brochures: 40 },
    { theme: '优化营商环境', title: '《优化营商环境条例》宣讲', date: '2020-11-10', at: '开发区政务服务中心', unit: 'law_office', people: 90, brochures: 70 },
    { theme: '12·4宪法宣传日', title: '12·4 国家宪法日宣传活动', date: '2020-12-04', at: '开发区政务服务中心', unit: 'law_office', law: '《中华人民共和国宪法》', people: 220, brochures: 150, leaflets: 250 },
    { theme: '12·4宪法宣传日', title: '宪法进企业', date: '2020-12-04', at: '远大住工', unit: 'law_office', law: '《中华人民共和国宪法》', people: 80, brochures: 60 },
    { theme: '12·4宪法宣传日', title: '宪法宣誓与学习', date: '2020-12-07', at: '爱旭太阳能', unit: 'law_office', law: '《中华人民共和国宪法》', people: 70, brochures: 50 },
    { theme: '12·4宪法宣传日', title: '“宪法宣传周”企业宣讲', date: '2020-12-09', at: '中荣印刷', unit: 'law_office', law: '《中华人民共和国宪法》', people: 60, brochures: 50 },
    { theme: '法律进工地', title: '冬季欠薪治理宣传', date: '2020-12-15', at: '辰昌路项目工地', unit: 'labour_inspection', law: '《保障农民工工资支付条例》', people: 90, brochures: 60 },
    { theme: '法律进工地', title: '“两节”前农民工工资支付宣传', date: '2020-12-22', at: '阳光城', unit: 'labour_inspection', law: '《保障农民工工资支付条例》', people: 75, brochures: 40 },
  ];
  const events2021: Ev[] = events2020
    .filter((_, i) => i % 5 !== 1)
    .map((e, i) => ({ ...e, date: `2021${e.date.slice(4)}`, people: Math.round(e.people * 0.9), brochures: Math.round(e.brochures * 0.8) - (i % 3) * 5 }));
  const writeEvents = async (list: Ev[], year: number) => {
    for (const e of list) {
      const s = site(e.at);
      const row = await db
        .insertInto('publicityEvents')
        .values({
          jurisdictionId: j,
          title: e.title,
          theme: e.theme,
          heldOn: e.date,
          enterpriseId: s.enterpriseId,
          place: s.place,
          organiserOrgUnitId: ctx.orgUnits[e.unit],
          organiser: '',
          participants: e.people,
          photos: JSON.stringify([]),
          dutyId: e.law ? (dutyIds[`${year}:${e.law}`] ?? null) : null,
          createdBy: office,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const materials = [
        { kind: '图册', count: e.brochures },
        ...(e.leaflets ? [{ kind: '折页', count: e.leaflets }] : []),
        ...(e.gifts ? [{ kind: '宣传品', count: e.gifts }] : []),
      ];
      await db.insertInto('publicityMaterials').values(materials.map((m) => ({ jurisdictionId: j, eventId: row.id, ...m }))).execute();
    }
  };
  await writeEvents(events2020, 2020);
  await writeEvents(events2021, 2021);
}

// ── legal services ──

async function seedLegal(db: Kysely<DB>, ctx: DemoContext, site: (name: string) => Site, rnd: ReturnType<typeof prng>) {
  const j = ctx.jurisdictionId;
  const firm = await db
    .insertInto('lawFirms')
    .values({ jurisdictionId: j, name: '天津行通律师事务所', address: '天津市北辰区', phone: '022-26390000' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const lawyers = [ctx.users.lvshi, ctx.users.lvshi2];
  for (const [i, userId] of lawyers.entries()) {
    await db.insertInto('dutyLawyers').values({ userId, jurisdictionId: j, firmId: firm.id, licenceNo: `1120120${20 + i}1000${i + 1}23` }).execute();
  }
  const topics: Record<'consultation' | 'lecture' | 'legal_aid' | 'mediation', string[]> = {
    consultation: ['劳动合同签订与解除', '工伤认定与赔偿', '复工复产用工风险', '社会保险缴纳', '房屋租赁合同纠纷'],
    lecture: ['民法典与企业合规', '劳动法律风险防范', '农民工工资支付条例解读', '安全生产法律责任'],
    legal_aid: ['追索劳动报酬', '工伤赔偿法律援助'],
    mediation: ['欠薪纠纷调解', '劳动争议调解', '合同纠纷调解'],
  };
  const plan = (sites: string[], count: number, year: number) => {
    const out: { kind: keyof typeof topics; site: string; date: string; lawyer: number; people: number }[] = [];
    for (let i = 0; i < count; i++) {
      const kind = (['consultation', 'consultation', 'lecture', 'mediation', 'consultation', 'legal_aid', 'lecture'] as const)[i % 7];
      out.push({
        kind,
        site: sites[i % sites.length],
        date: day(year, (i % 12) + 1, rnd.int(3, 27)),
        lawyer: lawyers[i % 2],
        people: kind === 'lecture' ? rnd.int(30, 80) : kind === 'legal_aid' ? rnd.int(1, 3) : rnd.int(3, 15),
      });
    }
    return out;
  };
  const all = [...plan(SERVICE_SITES_2020, 34, 2020), ...plan(SERVICE_SITES_2020.slice(0, 17), 27, 2021)];
  for (const s of all) {
    const where = site(s.site);
    await db
      .insertInto('legalServices')
      .values({
        jurisdictionId: j,
        lawyerId: s.lawyer,
        kind: s.kind,
        servedOn: s.date,
        enterpriseId: where.enterpriseId,
        place: where.place,
        peopleServed: s.people,
        topic: rnd.pick(topics[s.kind]),
        summary: '',
        createdBy: s.lawyer,
      })
      .execute();
  }
}

// ── plans ──

async function seedPlans(db: Kysely<DB>, ctx: DemoContext) {
  const j = ctx.jurisdictionId;
  const u = ctx.users;
  const ou = ctx.orgUnits;
  const office = u.fazhiban;
  const group = await db
    .insertInto('leadingGroups')
    .values({ jurisdictionId: j, name: '天津北辰经济技术开发区法治建设领导小组', documentNo: '北辰开发区党工委〔2020〕5号', periodStart: '2020-03-16', periodEnd: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const members: { userId: number | null; name: string; title: string; role: 'chair' | 'deputy' | 'member' | 'office_director'; orgUnitId: number | null }[] = [
    { userId: u.leader, name: '周立新', title: '党工委副书记、管委会主任', role: 'chair', orgUnitId: ou.committee },
    { userId: u.leader2, name: '吴海涛', title: '党工委副书记、总公司总经理', role: 'chair', orgUnitId: ou.company },
    { userId: null, name: '林国强', title: '管委会副主任', role: 'deputy', orgUnitId: ou.committee },
    { userId: u.fazhiban, name: '郑晓雯', title: '法治建设领导小组办公室主任', role: 'office_director', orgUnitId: ou.law_office },
    { userId: u.qifu, name: '韩雪梅', title: '企业服务局负责人', role: 'member', orgUnitId: ou.enterprise_service },
    { userId: u.anjian, name: '褚明亮', title: '安全生产监督管理办公室负责人', role: 'member', orgUnitId: ou.safety_supervision },
    { userId: u.laodong, name: '卫红梅', title: '劳动保障监察大队负责人', role: 'member', orgUnitId: ou.labour_inspection },
    { userId: u.tiaojie, name: '朱慧敏', title: '矛盾纠纷调处中心负责人', role: 'member', orgUnitId: ou.mediation_centre },
    { userId: u.pingan, name: '秦振宇', title: '司法所所长', role: 'member', orgUnitId: ou.judicial_office },
    { userId: null, name: '唐卫东', title: '开发区派出所所长', role: 'member', orgUnitId: ou.police_station },
  ];
  await db.insertInto('leadingGroupMembers').values(members.map((m, i) => ({ ...m, jurisdictionId: j, groupId: group.id, sort: i }))).execute();

  type T = { area: string; title: string; unit: string; deadline: string; done?: string; evaluation?: 'excellent' | 'good' | 'fair' | 'poor'; meeting?: number; who?: string };
  const plans: { year: number; title: string; goals: string[]; issuedOn: string; meetings: { date: string; title: string; decisions: string[] }[]; tasks: T[] }[] = [
    {
      year: 2020,
      title: '北辰开发区2020年法治政府建设工作计划',
      issuedOn: '2020-03-20',
      goals: ['压实党政主要负责人履行推进法治建设第一责任人职责', '营造法治化营商环境', '提升基层社会治理法治化水平', '增强全体干部群众法治观念'],
      meetings: [
        { date: '2020-03-18', title: '法治建设领导小组第一次会议', decisions: ['审议年度工作计划', '制定优化营商环境行动方案'] },
        { date: '2020-06-29', title: '法治建设专题会议（上半年推进）', decisions: ['成立矛盾调处中心后续完善', '开展民法典宣讲进企业'] },
        { date: '2020-09-25', title: '法治建设专题会议（三季度）', decisions: ['推进一体化治理平台对接'] },
        { date: '2020-12-28', title: '法治建设领导小组年度总结会', decisions: ['年终评估各项任务'] },
      ],
      tasks: [
        { area: '压实主体责任', title: '成立法治建设领导小组并明确分工', unit: 'law_office', deadline: '2020-03-31', done: '2020-03-16', evaluation: 'excellent' },
        { area: '压实主体责任', title: '将法治建设纳入年终考核', unit: 'law_office', deadline: '2020-06-30', done: '2020-06-20', evaluation: 'good' },
        { area: '优化营商环境', title: '制定《开发区优化营商环境建设2020行动方案》', unit: 'enterprise_service', deadline: '2020-04-30', done: '2020-04-22', evaluation: 'excellent', meeting: 0 },
        { area: '优化营商环境', title: '深入开展“双万双服”促发展活动', unit: 'enterprise_service', deadline: '2020-12-31', done: '2020-12-25', evaluation: 'excellent' },
        { area: '优化营商环境', title: '帮助企业线上发布招聘信息', unit: 'enterprise_service', deadline: '2020-09-30', done: '2020-09-28', evaluation: 'good' },
        { area: '优化营商环境', title: '组织银企对接拓宽融资渠道', unit: 'finance', deadline: '2020-10-31', done: '2020-11-06', evaluation: 'good' },
        { area: '加强基层治理', title: '划分基础网格并配齐网格员', unit: 'command_centre', deadline: '2020-04-30', done: '2020-04-28', evaluation: 'excellent' },
        { area: '加强基层治理', title: '成立开发区矛盾调处中心', unit: 'mediation_centre', deadline: '2020-05-31', done: '2020-05-20', evaluation: 'excellent' },
        { area: '加强基层治理', title: '完善矛盾调处中心“只进一扇门”工作机制', unit: 'mediation_centre', deadline: '2020-09-30', done: '2020-09-15', evaluation: 'good', meeting: 1 },
        { area: '加强基层治理', title: '推进一体化治理平台对接', unit: 'command_centre', deadline: '2020-11-30', done: '2020-11-20', evaluation: 'good', meeting: 2 },
        { area: '加强基层治理', title: '开展重点目标和主要干道巡控', unit: 'police_station', deadline: '2020-12-31', done: '2020-12-31', evaluation: 'good' },
        { area: '加强基层治理', title: '做好社区矫正和安置帮教工作', unit: 'judicial_office', deadline: '2020-12-31', done: '2020-12-30', evaluation: 'excellent' },
        { area: '营造学法氛围', title: '组织全体行政人员学法不少于40学时', unit: 'law_office', deadline: '2020-12-15', done: '2020-12-10', evaluation: 'excellent' },
        { area: '营造学法氛围', title: '组织国家工作人员网上学法用法考试', unit: 'law_office', deadline: '2020-11-30', done: '2020-11-27', evaluation: 'excellent' },
        { area: '营造学法氛围', title: '开展民法典宣讲进企业', unit: 'judicial_office', deadline: '2020-10-31', done: '2020-10-27', evaluation: 'excellent', meeting: 1 },
        { area: '营造学法氛围', title: '“七五”普法验收', unit: 'law_office', deadline: '2020-11-30', done: '2020-11-25', evaluation: 'good' },
        { area: '营造学法氛围', title: '依托值班律师开展公共法律服务', unit: 'judicial_office', deadline: '2020-12-31', done: '2020-12-22', evaluation: 'good' },
      ],
    },
    {
      year: 2021,
      title: '北辰开发区2021年法治政府建设工作计划',
      issuedOn: '2021-03-05',
      goals: ['进一步加强法治监督，做到自我动态测评', '进一步做好矛盾调处', '进一步开展法治宣传，开启“八五”普法'],
      meetings: [
        { date: '2021-03-03', title: '法治建设领导小组2021年第一次会议', decisions: ['审议2021年工作计划', '建立自我动态测评机制'] },
        { date: '2021-07-12', title: '法治建设专题会议（欠薪治理）', decisions: ['建立欠薪线索共享机制'] },
        { date: '2021-12-27', title: '法治建设领导小组年度总结会', decisions: [] },
      ],
      tasks: [
        { area: '加强法治监督', title: '建立法治建设自我动态测评机制', unit: 'law_office', deadline: '2021-06-30', done: '2021-06-25', evaluation: 'excellent', meeting: 0 },
        { area: '加强法治监督', title: '执法司法信息公开', unit: 'law_office', deadline: '2021-09-30', done: '2021-10-15', evaluation: 'fair' },
        { area: '做好矛盾调处', title: '矛盾纠纷联合排查、联动调处', unit: 'mediation_centre', deadline: '2021-12-31', done: '2021-12-20', evaluation: 'good' },
        { area: '做好矛盾调处', title: '建立欠薪线索与职能部门共享机制', unit: 'labour_inspection', deadline: '2021-10-31', meeting: 1 },
        { area: '做好矛盾调处', title: '规范信访行为，依法处理集体上访', unit: 'mediation_centre', deadline: '2021-11-30', done: '2021-11-26', evaluation: 'good' },
        { area: '开展法治宣传', title: '启动“八五”普法', unit: 'law_office', deadline: '2021-05-31', done: '2021-05-28', evaluation: 'excellent' },
        { area: '开展法治宣传', title: '组织国家工作人员网上学法用法考试', unit: 'law_office', deadline: '2021-11-30', done: '2021-11-29', evaluation: 'good' },
        { area: '开展法治宣传', title: '探索法律进企业新形式', unit: 'judicial_office', deadline: '2021-12-15' },
      ],
    },
  ];
  for (const p of plans) {
    const plan = await db
      .insertInto('workPlans')
      .values({ jurisdictionId: j, year: p.year, title: p.title, goals: JSON.stringify(p.goals), status: 'issued', issuedOn: p.issuedOn })
      .returning('id')
      .executeTakeFirstOrThrow();
    const meetingIds: number[] = [];
    const decisionIds: number[][] = [];
    for (const m of p.meetings) {
      const row = await db
        .insertInto('topicMeetings')
        .values({
          jurisdictionId: j,
          planId: plan.id,
          heldOn: m.date,
          title: m.title,
          place: '管委会第一会议室',
          attendees: JSON.stringify(members.slice(0, 8).map((x) => ({ userId: x.userId, name: x.name }))),
          summary: `会议研究部署${p.year}年法治建设重点工作。`,
          createdBy: office,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      meetingIds.push(row.id);
      const ids: number[] = [];
      for (const [i, text] of m.decisions.entries()) {
        ids.push((await db.insertInto('meetingDecisions').values({ jurisdictionId: j, meetingId: row.id, text, taskId: null, sort: i }).returning('id').executeTakeFirstOrThrow()).id);
      }
      decisionIds.push(ids);
    }
    const used = new Set<number>();
    for (const t of p.tasks) {
      const sourceMeetingId = t.meeting !== undefined ? meetingIds[t.meeting] : null;
      const task = await db
        .insertInto('planTasks')
        .values({
          jurisdictionId: j,
          planId: plan.id,
          area: t.area,
          title: t.title,
          description: '',
          ownerOrgUnitId: ou[t.unit],
          responsibleUserId: null,
          responsibleName: '',
          deadline: t.deadline,
          status: t.done ? 'done' : 'in_progress',
          completedOn: t.done ?? null,
          sourceMeetingId,
          overdueSince: null,
          evaluation: t.evaluation ?? null,
          evaluationScore: t.evaluation ? { excellent: 95, good: 85, fair: 72, poor: 55 }[t.evaluation] : null,
          evaluationNote: '',
          evaluatedBy: t.evaluation ? u.leader : null,
          evaluatedAt: t.evaluation ? at(`${p.year}-12-28`, 10) : null,
          createdBy: office,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('planTaskNotes')
        .values({ jurisdictionId: j, taskId: task.id, kind: 'progress', note: t.done ? '已按计划推进，报送佐证材料' : '正在推进', files: JSON.stringify([]), authorId: office, authorName: '郑晓雯', at: at(t.done ?? t.deadline, 9) })
        .execute();
      if (t.meeting !== undefined) {
        const free = decisionIds[t.meeting].find((d) => !used.has(d));
        if (free !== undefined) {
          used.add(free);
          await db.updateTable('meetingDecisions').set({ taskId: task.id }).where('id', '=', free).execute();
        }
      }
      // Open tasks are watched by the overdue job like any other; past their deadline, it supervises them.
      if (!t.done) {
        await scheduleJob(db, {
          kind: TASK_OVERDUE_JOB,
          runAt: new Date(new Date(`${t.deadline}T00:00:00+08:00`).getTime() + 86400_000),
          payload: { taskId: task.id },
          uniqueKey: `${TASK_OVERDUE_JOB}:${task.id}`,
          jurisdictionId: j,
        });
      }
    }
  }
}

export async function seedRecordsDemo(db: Kysely<DB>, box: SecretBox, ctx: DemoContext): Promise<void> {
  const rnd = prng(20201231);
  const site = await siteResolver(db, ctx.jurisdictionId);
  await seedSafety(db, box, ctx, rnd);
  await seedEducation(db, ctx, site, rnd);
  await seedLegal(db, ctx, site, rnd);
  await seedPlans(db, ctx);
}
