// Demo events: the category taxonomy with departments and time limits, the year 2020 of grid events across the
// 7 base grids — 1,101 reported and handled, every one verified and closed (the seed's "累计上报处置1101起事件，
// 100%实现闭环处理") — and 2021 with other figures (some rejected, merged, reopened, a few still open).
// Timelines are simulated stage by stage against the real deadline engine and holiday calendar, so on-time
// flags, overdue supervision and extensions are what the workflow would have recorded. A seeded generator
// makes the data the same on every start. Rows are inserted in bulk (no per-event transactions), and the
// figures rollup is written from the same contribution function the service uses.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { appendAudit } from '../platform/audit/audit.ts';
import { systemContext } from '../platform/context.ts';
import { sealPersonal } from '../platform/crypto/sensitive.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import {
  addTimeLimit,
  isWorkingDay,
  loadCalendar,
  localDateTime,
  localTimeToInstant,
  utcOffsetMinutes,
  type Calendar,
  type TimeLimit,
} from '../platform/deadlines/index.ts';
import { effectiveLimits } from '../modules/events/events.categories.ts';
import { EVENT_NO_PROGRESS, maskName, newTrackingCode } from '../modules/events/events.service.ts';
import { contribution, keyString, rollupDelta, type Contribution } from '../modules/events/events.stats.ts';
import type { StageLimits } from '../modules/events/events.table.ts';
import type { EventSource, EventStatus, Stage } from '../modules/events/events.workflow.ts';
import { applyRollup } from '../modules/events/events.repository.ts';
import { DEMO_BASE_GRIDS, randomPointInGrid } from './grids.demo.ts';
import type { DemoContext } from './identity.demo.ts';

// ---------------------------------------------------------------- categories

interface DemoSub {
  code: string;
  name: string;
  weight: number;
  handle?: TimeLimit;
  /** Description templates; {n} a number, {road} a road, {place} a place. */
  texts: string[];
}
interface DemoTop {
  code: string;
  name: string;
  department: string;
  publicVisible: boolean;
  limits?: StageLimits;
  subs: DemoSub[];
}

const wd = (amount: number): TimeLimit => ({ amount, unit: 'working_days' });
const hours = (amount: number): TimeLimit => ({ amount, unit: 'hours' });

export const DEMO_CATEGORIES: DemoTop[] = [
  {
    code: 'SR',
    name: '市容环境',
    department: 'urban_management',
    publicVisible: true,
    limits: { handle: wd(3) },
    subs: [
      { code: 'SR01', name: '占道经营', weight: 12, handle: wd(2), texts: ['{road}{place}有流动摊贩占道经营，影响行人通行', '{place}门口早市摊位占用人行道，约{n}个摊位'] },
      { code: 'SR02', name: '乱堆乱放', weight: 8, texts: ['{road}路边堆放建筑垃圾约{n}立方米，无人清理', '{place}附近杂物乱堆，存在安全隐患'] },
      { code: 'SR03', name: '违规广告牌匾', weight: 4, texts: ['{road}{place}外墙悬挂的广告牌匾松动，有坠落风险', '{place}擅自设置大型户外广告'] },
      { code: 'SR04', name: '环境卫生', weight: 9, handle: wd(2), texts: ['{road}{place}垃圾桶满溢，异味明显', '{place}周边绿化带内垃圾较多，需要清理'] },
    ],
  },
  {
    code: 'AQ',
    name: '安全隐患',
    department: 'safety_supervision',
    publicVisible: true,
    limits: { accept: hours(1), dispatch: hours(2), handle: wd(2) },
    subs: [
      { code: 'AQ01', name: '消防通道堵塞', weight: 5, handle: hours(24), texts: ['{place}消防通道被车辆长期占用', '{road}{place}厂区消防通道堆放货物'] },
      { code: 'AQ02', name: '安全生产隐患', weight: 7, texts: ['{place}车间存在违规动火作业', '{road}{place}企业叉车无证操作，现场管理混乱'] },
      { code: 'AQ03', name: '危险化学品', weight: 1, handle: hours(24), texts: ['{place}危化品仓库储存不规范，约{n}桶未分类存放'] },
    ],
  },
  {
    code: 'MD',
    name: '矛盾纠纷',
    department: 'mediation_centre',
    publicVisible: false,
    limits: { handle: { amount: 15, unit: 'calendar_days' } },
    subs: [
      { code: 'MD01', name: '邻里纠纷', weight: 3, texts: ['{place}职工宿舍住户之间因噪音发生纠纷', '{road}{place}两户居民因占用公共空间发生争执'] },
      { code: 'MD02', name: '劳资纠纷', weight: 4, texts: ['{place}{n}名员工与企业就加班费发生争议', '{road}{place}员工反映被无故辞退，要求经济补偿'] },
      { code: 'MD03', name: '合同纠纷', weight: 1, texts: ['{place}两家企业因货款结算发生纠纷，涉及金额约{n}万元'] },
    ],
  },
  {
    code: 'LD',
    name: '劳动保障',
    department: 'labour_inspection',
    publicVisible: false,
    limits: { handle: wd(5) },
    subs: [
      {
        code: 'LD01',
        name: '拖欠工资',
        weight: 6,
        texts: ['{road}{place}建筑工地{n}名农民工讨薪，反映被拖欠工资', '农民工讨薪问题：{place}项目分包单位拖欠{n}名工人工资', '{place}企业拖欠员工{n}个月工资'],
      },
      { code: 'LD02', name: '劳动合同', weight: 2, texts: ['{place}未与新入职员工签订劳动合同，涉及约{n}人'] },
      { code: 'LD03', name: '社会保险', weight: 2, texts: ['{place}未按规定为员工缴纳社会保险'] },
    ],
  },
  {
    code: 'QY',
    name: '企业诉求',
    department: 'enterprise_service',
    publicVisible: false,
    limits: { handle: wd(5) },
    subs: [
      { code: 'QY01', name: '政策咨询', weight: 4, texts: ['{place}咨询高新技术企业认定及研发费用加计扣除政策', '{place}咨询稳岗补贴申领流程'] },
      { code: 'QY02', name: '用工需求', weight: 3, texts: ['{place}急需招聘普工{n}名，请求协助发布岗位'] },
      { code: 'QY03', name: '审批服务', weight: 2, texts: ['{place}扩建项目规划许可办理进度咨询', '{place}申请协调办理排污许可'] },
    ],
  },
  {
    code: 'ZA',
    name: '治安',
    department: 'police_station',
    publicVisible: false,
    limits: { accept: hours(1), dispatch: hours(1), handle: wd(2) },
    subs: [
      { code: 'ZA01', name: '治安隐患', weight: 3, texts: ['{road}{place}路段夜间照明不足，发生多起电动车被盗', '{place}周边有人聚集饮酒滋事'] },
      { code: 'ZA02', name: '可疑人员车辆', weight: 1, texts: ['{road}{place}附近有可疑车辆长时间停放'] },
    ],
  },
  {
    code: 'XF',
    name: '消防',
    department: 'safety_supervision',
    publicVisible: true,
    limits: { handle: wd(2) },
    subs: [
      { code: 'XF01', name: '消防设施损坏', weight: 3, texts: ['{place}楼道灭火器过期、消火栓无水', '{road}{place}室外消火栓被撞损'] },
      { code: 'XF02', name: '电动车违规充电', weight: 4, handle: hours(24), texts: ['{place}职工宿舍楼道内私拉电线为电动车充电', '{place}门口电动车飞线充电'] },
    ],
  },
  {
    code: 'SZ',
    name: '市政设施',
    department: 'planning_construction',
    publicVisible: true,
    limits: { handle: wd(5) },
    subs: [
      { code: 'SZ01', name: '道路破损', weight: 6, texts: ['{road}{place}路段路面塌陷，面积约{n}平方米', '{road}人行道方砖破损松动'] },
      { code: 'SZ02', name: '路灯损坏', weight: 5, texts: ['{road}{place}段{n}盏路灯不亮', '{road}路灯杆倾斜'] },
      { code: 'SZ03', name: '井盖缺失', weight: 2, handle: hours(24), texts: ['{road}{place}附近雨水井盖缺失', '{road}井盖破损下沉'] },
    ],
  },
  {
    code: 'SC',
    name: '市场监管',
    department: 'market_supervision',
    publicVisible: true,
    subs: [
      { code: 'SC01', name: '食品安全', weight: 2, texts: ['{place}职工食堂卫生状况差', '{road}{place}餐饮店后厨存在卫生问题'] },
      { code: 'SC02', name: '无证经营', weight: 2, texts: ['{road}{place}有商户无照经营'] },
    ],
  },
  {
    code: 'QT',
    name: '其他',
    department: 'command_centre',
    publicVisible: true,
    subs: [{ code: 'QT01', name: '其他事项', weight: 3, texts: ['{road}{place}群众反映的其他问题，需协调处理'] }],
  },
];

const ROADS = ['京津公路', '高新大道', '双辰东路', '双辰西路', '永兴道', '景通路', '龙洲道', '北辰道', '辰昌路', '辰达路', '星光路', '顺义道'];
const PLACES = ['科技园', '工业园三区', '物流园', '职工公寓', '综合服务中心', '产业园', '公交站', '商业街', '建筑工地', '厂区', '孵化器', '小区'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '孙', '马', '朱', '胡', '郭', '何'];
const GIVEN = ['建国', '秀英', '丽', '伟', '芳', '强', '敏', '磊', '军', '洋', '静', '海燕', '志强', '红梅'];

/** Department code → the demo account that acts for it (or a named staff member). */
const DEPT_ACTORS: Record<string, { username?: string; name: string; role: string }> = {
  urban_management: { username: 'chengguan', name: '陈立军', role: 'handler' },
  safety_supervision: { username: 'anjian', name: '褚明亮', role: 'handler' },
  labour_inspection: { username: 'laodong', name: '卫红梅', role: 'handler' },
  market_supervision: { username: 'shichang', name: '蒋文博', role: 'handler' },
  planning_construction: { username: 'guihua', name: '沈国栋', role: 'handler' },
  enterprise_service: { username: 'qifu', name: '韩雪梅', role: 'enterprise_officer' },
  mediation_centre: { username: 'tiaojie', name: '朱慧敏', role: 'mediator' },
  police_station: { name: '开发区派出所值班民警', role: 'handler' },
  command_centre: { username: 'zhihui', name: '冯志刚', role: 'dispatcher' },
};

// ---------------------------------------------------------------- a seeded generator (mulberry32)

function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const between = (lo: number, hi: number) => lo + next() * (hi - lo);
  const int = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const weighted = <T>(xs: readonly T[], w: (x: T) => number): T => {
    const total = xs.reduce((s, x) => s + w(x), 0);
    let r = next() * total;
    for (const x of xs) if ((r -= w(x)) < 0) return x;
    return xs[xs.length - 1];
  };
  return { next, between, int, pick, weighted, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof generator>;

// ---------------------------------------------------------------- the year plan

export interface DemoYearPlan {
  year: number;
  events: number;
  seed: number;
  /** Relative event volume per month (Jan…Dec). */
  monthWeights: number[];
  rejected: number;
  merged: number;
  /** Events of the last days of the year still open (dispatched, in progress or handled). */
  open: number;
  reopenRate: number;
  returnRate: number;
  extensionRate: number;
  late: Record<Stage, number>;
}

export const DEMO_YEARS: DemoYearPlan[] = [
  {
    year: 2020,
    events: 1101,
    seed: 2020_1101,
    // Few reports in February (the epidemic), more in the summer.
    monthWeights: [0.65, 0.35, 0.8, 1.0, 1.1, 1.15, 1.2, 1.15, 1.1, 0.95, 1.0, 0.9],
    rejected: 0,
    merged: 0,
    open: 0,
    reopenRate: 0.015,
    returnRate: 0.02,
    extensionRate: 0.03,
    late: { accept: 0.01, dispatch: 0.01, handle: 0.04, verify: 0.01 },
  },
  {
    year: 2021,
    events: 1236,
    seed: 2021_1236,
    monthWeights: [0.85, 0.6, 0.95, 1.0, 1.05, 1.1, 1.15, 1.1, 1.05, 0.95, 1.0, 0.95],
    rejected: 8,
    merged: 5,
    open: 12,
    reopenRate: 0.02,
    returnRate: 0.025,
    extensionRate: 0.035,
    late: { accept: 0.01, dispatch: 0.015, handle: 0.05, verify: 0.01 },
  },
];

// ---------------------------------------------------------------- simulating one event

interface TimelineEntry {
  at: Date;
  actorId: number | null;
  actorName: string;
  actorRole: string;
  action: string;
  fromStatus: EventStatus | null;
  toStatus: EventStatus | null;
  note: string;
  publicNote: string | null;
  departmentId: number | null;
  details: Record<string, unknown>;
}

interface SimEvent {
  row: Record<string, unknown> & { reportedAt: Date; status: EventStatus };
  timeline: TimelineEntry[];
  supervisions: { kind: 'overdue'; stage: Stage; reason: string; raisedAt: Date; resolvedAt: Date | null; status: 'open' | 'resolved' }[];
  extensions: { stage: Stage; amount: number; unit: TimeLimit['unit']; reason: string; requestedAt: Date; decidedAt: Date; oldDueAt: Date; newDueAt: Date; requestedBy: number | null; decidedBy: number | null }[];
}

const MIN = 60_000;
const HOUR = 3_600_000;
const addMin = (d: Date, m: number) => new Date(d.getTime() + Math.round(m * MIN));

/** Pulls a time at night or on a rest day to the next working morning, like a person would act. */
function officeTime(d: Date, cal: Calendar, rng: Rng): Date {
  let t = d;
  for (let i = 0; i < 30; i++) {
    const local = new Date(t.getTime() + utcOffsetMinutes(t, cal.timeZone) * MIN);
    const day = local.toISOString().slice(0, 10);
    const hour = local.getUTCHours();
    if (isWorkingDay(day, cal) && hour >= 8 && hour < 18) return t;
    const next = hour >= 18 || !isWorkingDay(day, cal) ? nextDay(day) : day;
    t = localTimeToInstant(next, cal.timeZone, 8, rng.int(30, 59), rng.int(0, 59));
  }
  return t;
}
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

interface SimContext {
  cal: Calendar;
  rng: Rng;
  plan: DemoYearPlan;
  dispatcher: { id: number | null; name: string };
  users: Record<string, number>;
  orgUnits: Record<string, number>;
  names: Record<number, string>;
}

interface Subject {
  categoryId: number;
  limits: Record<Stage, TimeLimit>;
  department: string;
  /** A department that might receive it by mistake first (returned). */
  wrongDepartment: string;
  gridIndex: number;
  gridId: number;
  worker: { id: number | null; name: string };
}

type Fate = 'closed' | 'rejected' | 'merged' | 'open';

function simulate(ctx: SimContext, s: Subject, reportedAt: Date, fate: Fate, reporter: { id: number | null; name: string; role: string }): SimEvent {
  const { cal, rng, plan } = ctx;
  const tl: TimelineEntry[] = [];
  const sup: SimEvent['supervisions'] = [];
  const ext: SimEvent['extensions'] = [];
  const disp = { actorId: ctx.dispatcher.id, actorName: ctx.dispatcher.name, actorRole: 'dispatcher' };
  const worker = { actorId: s.worker.id, actorName: s.worker.name, actorRole: 'grid_worker' };
  const deptActor = (dept: string) => {
    const a = DEPT_ACTORS[dept];
    return { actorId: a.username ? (ctx.users[a.username] ?? null) : null, actorName: a.name, actorRole: a.role };
  };
  const push = (e: Omit<TimelineEntry, 'note' | 'publicNote' | 'departmentId' | 'details'> & Partial<TimelineEntry>) =>
    tl.push({ note: '', publicNote: null, departmentId: null, details: {}, ...e });
  const onTime: Record<Stage, boolean | null> = { accept: null, dispatch: null, handle: null, verify: null };
  const done = (stage: Stage, at: Date, due: Date) => {
    const ok = at.getTime() <= due.getTime();
    onTime[stage] = (onTime[stage] ?? true) && ok;
    return ok;
  };
  let overdueCount = 0;
  let deadlineRev = 1;
  let version = 1;
  const overdue = (stage: Stage, due: Date, resolvedAt: Date | null) => {
    overdueCount++;
    const reason = `${{ accept: '受理', dispatch: '派遣', handle: '处置', verify: '核查' }[stage]}环节超期（时限至 ${localDateTime(due)}）`;
    push({ at: due, actorId: null, actorName: '系统', actorRole: 'system', action: 'overdue', fromStatus: null, toStatus: null, note: reason, details: { stage } });
    sup.push({ kind: 'overdue', stage, reason, raisedAt: due, resolvedAt, status: resolvedAt ? 'resolved' : 'open' });
  };
  const late = (stage: Stage) => rng.chance(plan.late[stage]);

  // Report.
  push({
    at: reportedAt,
    actorId: reporter.id,
    actorName: reporter.name,
    actorRole: reporter.role,
    action: 'report',
    fromStatus: null,
    toStatus: 'reported',
    publicNote: '事件已上报，等待受理',
  });
  // Accept (or reject / merge at acceptance).
  const acceptDue = addTimeLimit(reportedAt, s.limits.accept, cal);
  const acceptAt = late('accept') ? addMin(acceptDue, rng.between(10, 180)) : addMin(reportedAt, rng.between(8, Math.min(100, (acceptDue.getTime() - reportedAt.getTime()) / MIN - 1)));
  if (acceptAt > acceptDue) overdue('accept', acceptDue, acceptAt);
  const row: SimEvent['row'] = { reportedAt, status: 'reported' };
  if (fate === 'rejected') {
    done('accept', acceptAt, acceptDue);
    const reason = rng.pick(['不属于本平台受理范围，已告知反映人通过司法途径解决', '反映内容不具体，经回访无法核实', '属于民事纠纷，已引导当事人诉讼']);
    push({ at: acceptAt, ...disp, action: 'reject', fromStatus: 'reported', toStatus: 'rejected', note: reason, publicNote: `不予受理：${reason}`, details: { reason } });
    Object.assign(row, { status: 'rejected', endedAt: acceptAt, endReason: reason, stage: null, dueAt: null, acceptOnTime: onTime.accept, overdueCount, version: version + 1, deadlineRev });
    return { row, timeline: tl, supervisions: sup, extensions: ext };
  }
  if (fate === 'merged') {
    push({ at: acceptAt, ...disp, action: 'merge', fromStatus: 'reported', toStatus: 'merged', publicNote: '该事件与已上报的事件重复，已合并处理' });
    Object.assign(row, { status: 'merged', endedAt: acceptAt, endReason: '与同一位置已上报的事件重复', stage: null, dueAt: null, overdueCount, version: version + 1, deadlineRev });
    return { row, timeline: tl, supervisions: sup, extensions: ext };
  }
  done('accept', acceptAt, acceptDue);
  push({ at: acceptAt, ...disp, action: 'accept', fromStatus: 'reported', toStatus: 'accepted', publicNote: '事件已受理', details: { stage: 'accept', onTime: onTime.accept } });
  version++;
  deadlineRev++;

  // Dispatch (possibly to the wrong department first, which returns it).
  const dept = s.department;
  const openAs: 'in_progress' | 'handled' = rng.chance(0.5) ? 'in_progress' : 'handled';
  let stageStart = acceptAt;
  let returnCount = 0;
  const dispatchTo = (from: EventStatus, start: Date, department: string): Date => {
    const due = addTimeLimit(start, s.limits.dispatch, cal);
    const span = Math.max(5, Math.min(200, (due.getTime() - start.getTime()) / MIN - 5));
    const at = late('dispatch') ? addMin(due, rng.between(10, 240)) : addMin(start, rng.between(5, span));
    if (at > due) overdue('dispatch', due, at);
    done('dispatch', at, due);
    push({
      at,
      ...disp,
      action: 'dispatch',
      fromStatus: from,
      toStatus: 'dispatched',
      publicNote: '事件已派遣至承办部门',
      departmentId: ctx.orgUnits[department],
      details: { stage: 'dispatch', onTime: onTime.dispatch },
    });
    version++;
    deadlineRev++;
    return at;
  };
  let dispatchedAt = dispatchTo('accepted', stageStart, rng.chance(plan.returnRate) ? s.wrongDepartment : dept);
  const firstDept = tl[tl.length - 1].departmentId;
  if (firstDept !== ctx.orgUnits[dept]) {
    const returnAt = officeTime(addMin(dispatchedAt, rng.between(30, 600)), cal, rng);
    const reason = `经核实不属于${ctx.names[firstDept!] ?? '本部门'}职责，请改派${ctx.names[ctx.orgUnits[dept]]}`;
    push({ at: returnAt, ...deptActor(s.wrongDepartment), action: 'return', fromStatus: 'dispatched', toStatus: 'returned', note: reason, departmentId: firstDept, details: { reason } });
    returnCount++;
    version++;
    deadlineRev++;
    stageStart = returnAt;
    dispatchedAt = dispatchTo('returned', stageStart, dept);
  }

  // Handle (with an extension now and then), then verify; a failed verification sends it round again.
  let reopenCount = 0;
  let extensionCount = 0;
  let handledAt = dispatchedAt;
  let verifiedAt: Date | null = null;
  const rounds = rng.chance(plan.reopenRate) ? 2 : 1;
  for (let round = 1; round <= rounds; round++) {
    const hActor = deptActor(dept);
    let handleDue = addTimeLimit(dispatchedAt, s.limits.handle, cal);
    const startAt = officeTime(addMin(dispatchedAt, rng.between(10, 180)), cal, rng);
    push({ at: startAt, ...hActor, action: 'start', fromStatus: 'dispatched', toStatus: 'in_progress', publicNote: '承办部门正在处置', departmentId: ctx.orgUnits[dept] });
    version++;
    if (fate === 'open' && openAs === 'in_progress' && round === rounds) {
      // Still being handled at the end of the demo period: overdue by now, supervised.
      overdue('handle', handleDue, null);
      Object.assign(row, {
        status: 'in_progress',
        stage: 'handle',
        stageStartedAt: dispatchedAt,
        dueAt: handleDue,
        overdue: true,
      });
      break;
    }
    let workFrom = startAt;
    if (rng.chance(plan.extensionRate)) {
      const amount = rng.int(2, 5);
      const requestedAt = officeTime(new Date(startAt.getTime() + (handleDue.getTime() - startAt.getTime()) * 0.5), cal, rng);
      const newDue = addTimeLimit(handleDue, wd(amount), cal);
      const reason = rng.pick(['需协调多个部门联合处置', '等待第三方检测报告', '涉及企业整改，需给予整改期限', '当事人暂时联系不上']);
      const decidedAt = addMin(requestedAt, rng.between(30, 240));
      push({ at: requestedAt, ...hActor, action: 'extension_request', fromStatus: null, toStatus: null, note: reason, details: { amount, unit: 'working_days' } });
      push({ at: decidedAt, ...disp, action: 'extension_approve', fromStatus: null, toStatus: null, note: '同意延期', details: { newDueAt: newDue.toISOString() } });
      ext.push({
        stage: 'handle',
        amount,
        unit: 'working_days',
        reason,
        requestedAt,
        decidedAt,
        oldDueAt: handleDue,
        newDueAt: newDue,
        requestedBy: hActor.actorId,
        decidedBy: ctx.dispatcher.id,
      });
      handleDue = newDue;
      workFrom = addMin(decidedAt, 30);
      extensionCount++;
      version++;
      deadlineRev++;
    }
    const isLate = late('handle');
    handledAt = isLate
      ? addMin(handleDue, rng.between(120, 2880))
      : officeTime(new Date(workFrom.getTime() + (handleDue.getTime() - workFrom.getTime()) * rng.between(0.08, 0.85)), cal, rng);
    if (!isLate && handledAt > handleDue) handledAt = addMin(handleDue, -rng.between(30, 120));
    if (handledAt <= workFrom) handledAt = addMin(workFrom, rng.between(30, 120));
    if (handledAt > handleDue) overdue('handle', handleDue, handledAt);
    done('handle', handledAt, handleDue);
    push({
      at: handledAt,
      ...hActor,
      action: 'handle',
      fromStatus: 'in_progress',
      toStatus: 'handled',
      note: rng.pick(['已到现场处置完毕', '已责令整改，整改完成', '已协调相关单位解决', '已依法处理并反馈当事人']),
      publicNote: '承办部门已处置，等待核查',
      departmentId: ctx.orgUnits[dept],
      details: { stage: 'handle', onTime: onTime.handle },
    });
    version++;
    deadlineRev++;
    if (fate === 'open' && round === rounds) {
      const verifyDue = addTimeLimit(handledAt, s.limits.verify, cal);
      overdue('verify', verifyDue, null);
      Object.assign(row, { status: 'handled', stage: 'verify', stageStartedAt: handledAt, dueAt: verifyDue, overdue: true });
      break;
    }
    const verifyDue = addTimeLimit(handledAt, s.limits.verify, cal);
    const lateVerify = late('verify');
    const vAt = lateVerify ? addMin(verifyDue, rng.between(60, 600)) : officeTime(addMin(handledAt, rng.between(40, 900)), cal, rng);
    const verifyAt = vAt > verifyDue && !lateVerify ? addMin(verifyDue, -rng.between(30, 90)) : vAt;
    if (verifyAt > verifyDue) overdue('verify', verifyDue, verifyAt);
    done('verify', verifyAt, verifyDue);
    if (round < rounds) {
      const reason = '现场核查问题未彻底解决，需重新处置';
      push({ at: verifyAt, ...worker, action: 'reopen', fromStatus: 'handled', toStatus: 'reopened', note: reason, publicNote: '事件重新办理', details: { reason } });
      reopenCount++;
      version++;
      deadlineRev++;
      dispatchedAt = dispatchTo('reopened', verifyAt, dept);
      continue;
    }
    verifiedAt = verifyAt;
    push({ at: verifyAt, ...worker, action: 'verify', fromStatus: 'handled', toStatus: 'verified', note: '现场核查，问题已解决', publicNote: '处置结果已核查', details: { stage: 'verify', onTime: onTime.verify } });
    version++;
    deadlineRev++;
  }

  Object.assign(row, {
    departmentId: ctx.orgUnits[dept],
    acceptedAt: acceptAt,
    dispatchedAt,
    acceptOnTime: onTime.accept,
    dispatchOnTime: onTime.dispatch,
    handleOnTime: onTime.handle,
    verifyOnTime: onTime.verify,
    overdueCount,
    reopenCount,
    returnCount,
    extensionCount,
  });
  if (row.status === 'in_progress') {
    Object.assign(row, { handledAt: null, verifiedAt: null, closedAt: null, endedAt: null, version, deadlineRev });
    return { row, timeline: tl, supervisions: sup, extensions: ext };
  }
  if (row.status === 'handled') {
    Object.assign(row, { handledAt, verifiedAt: null, closedAt: null, endedAt: null, version, deadlineRev });
    return { row, timeline: tl, supervisions: sup, extensions: ext };
  }
  const closeAt = addMin(verifiedAt!, rng.between(10, 150));
  push({ at: closeAt, ...disp, action: 'close', fromStatus: 'verified', toStatus: 'closed', publicNote: '事件已办结' });
  version++;
  Object.assign(row, {
    status: 'closed',
    handledAt,
    verifiedAt,
    closedAt: closeAt,
    endedAt: closeAt,
    stage: null,
    stageStartedAt: null,
    dueAt: null,
    overdue: false,
    version,
    deadlineRev,
  });
  return { row, timeline: tl, supervisions: sup, extensions: ext };
}

// ---------------------------------------------------------------- seeding

async function insertChunked<T>(rows: T[], size: number, fn: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await fn(rows.slice(i, i + size));
}

/** Dates of the year's reports: more on working days and in busy months, in office hours mostly. */
function reportTimes(plan: DemoYearPlan, cal: Calendar, rng: Rng): Date[] {
  const days: { day: string; w: number }[] = [];
  for (let t = Date.UTC(plan.year, 0, 1); t < Date.UTC(plan.year + 1, 0, 1); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const month = Number(day.slice(5, 7)) - 1;
    days.push({ day, w: plan.monthWeights[month] * (isWorkingDay(day, cal) ? 1 : 0.35) });
  }
  const out: Date[] = [];
  for (let i = 0; i < plan.events; i++) {
    const { day } = rng.weighted(days, (d) => d.w);
    const hour = rng.chance(0.85) ? rng.int(8, 17) : rng.pick([6, 7, 18, 19, 20, 21]);
    out.push(localTimeToInstant(day, cal.timeZone, hour, rng.int(0, 59), rng.int(0, 59)));
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}

const SOURCE_MIX: [EventSource, number][] = [
  ['grid_worker', 0.56],
  ['hotline', 0.19],
  ['transfer', 0.13],
  ['public', 0.07],
  ['enterprise', 0.05],
];

export async function seedEventsDemo(db: Kysely<DB>, box: SecretBox, ctx: DemoContext): Promise<void> {
  const jid = ctx.jurisdictionId;
  // Categories.
  const leaves: { id: number; top: DemoTop; sub: DemoSub; limits: Record<Stage, TimeLimit> }[] = [];
  for (const [i, top] of DEMO_CATEGORIES.entries()) {
    const parent = await db
      .insertInto('eventCategories')
      .values({
        jurisdictionId: jid,
        parentId: null,
        code: top.code,
        name: top.name,
        departmentId: ctx.orgUnits[top.department] ?? null,
        timeLimits: JSON.stringify(top.limits ?? {}),
        publicVisible: top.publicVisible,
        sort: i * 10,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const [k, sub] of top.subs.entries()) {
      const own: StageLimits = sub.handle ? { handle: sub.handle } : {};
      const row = await db
        .insertInto('eventCategories')
        .values({
          jurisdictionId: jid,
          parentId: parent.id,
          code: sub.code,
          name: sub.name,
          departmentId: null,
          timeLimits: JSON.stringify(own),
          publicVisible: top.publicVisible,
          sort: i * 10 + k,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      leaves.push({ id: row.id, top, sub, limits: effectiveLimits(row, parent) });
    }
  }

  const grids = await db
    .selectFrom('grids')
    .select(['id', 'code'])
    .where('jurisdictionId', '=', jid)
    .where('level', '=', 'base')
    .execute();
  const gridByCode = new Map(grids.map((g) => [g.code, g.id]));
  const baseGrids = DEMO_BASE_GRIDS.map((g, index) => ({ ...g, index, id: gridByCode.get(g.code) })).filter(
    (g): g is typeof g & { id: number } => g.id !== undefined,
  );
  if (baseGrids.length === 0) throw new Error('events demo needs the demo grids (seed grids first)');
  const userNames = new Map(
    (await db.selectFrom('users').select(['id', 'displayName']).where('jurisdictionId', '=', jid).execute()).map((u) => [u.id, u.displayName]),
  );
  const orgNames = Object.fromEntries(
    (await db.selectFrom('orgUnits').select(['id', 'name']).where('jurisdictionId', '=', jid).execute()).map((o) => [o.id, o.name]),
  );
  const enterprises = await db.selectFrom('enterprises').select(['id', 'name']).where('jurisdictionId', '=', jid).orderBy('id').limit(200).execute();
  const dispatcherId = ctx.users.zhihui ?? null;
  const cal = await loadCalendar(db, jid);
  const deptCodes = Object.keys(DEPT_ACTORS).filter((d) => ctx.orgUnits[d] !== undefined && d !== 'command_centre');
  const gridWeights = [1.3, 1.1, 1.0, 0.9, 1.2, 0.8, 0.7];

  let transferSeq = 0;
  const totals: Record<number, number> = {};
  for (const plan of DEMO_YEARS) {
    const rng = generator(plan.seed);
    const simCtx: SimContext = {
      cal,
      rng,
      plan,
      dispatcher: { id: dispatcherId, name: dispatcherId ? (userNames.get(dispatcherId) ?? '指挥中心') : '指挥中心' },
      users: ctx.users,
      orgUnits: ctx.orgUnits,
      names: orgNames,
    };
    const times = reportTimes(plan, cal, rng);
    // Fates: the open ones are the year's last reports; rejected and merged spread through the year.
    const fates: Fate[] = times.map(() => 'closed');
    for (let i = 0; i < plan.open; i++) fates[times.length - 1 - i] = 'open';
    const spread = (n: number, fate: Fate) => {
      let placed = 0;
      while (placed < n) {
        const i = rng.int(0, times.length - plan.open - 1);
        if (fates[i] === 'closed') {
          fates[i] = fate;
          placed++;
        }
      }
    };
    spread(plan.rejected, 'rejected');
    spread(plan.merged, 'merged');

    const sims: SimEvent[] = [];
    for (const [i, reportedAt] of times.entries()) {
      const leaf = rng.weighted(leaves, (l) => l.sub.weight);
      const grid = rng.weighted(baseGrids, (g) => gridWeights[g.index] ?? 1);
      const workerId = ctx.users[grid.worker] ?? null;
      const wrong = rng.pick(deptCodes.filter((d) => d !== leaf.top.department));
      let source: EventSource = rng.weighted(SOURCE_MIX, ([, w]) => w)[0];
      if (leaf.top.code === 'QY') source = rng.chance(0.6) ? 'enterprise' : 'hotline';
      else if (source === 'enterprise') source = 'grid_worker';
      if (leaf.top.code === 'LD' && source === 'grid_worker' && rng.chance(0.5)) source = 'hotline';
      const [lng, lat] = randomPointInGrid(grid.boundary, rng.next);
      const road = rng.pick(ROADS);
      const place = rng.pick(PLACES);
      const description = rng
        .pick(leaf.sub.texts)
        .replace('{road}', road)
        .replace('{place}', place)
        .replace('{n}', String(rng.int(2, 30)));
      const enterprise = source === 'enterprise' && enterprises.length ? rng.pick(enterprises) : null;
      let reporter: { id: number | null; name: string; role: string };
      let contact: ReturnType<typeof sealPersonal> | null = null;
      let reporterName: string;
      switch (source) {
        case 'grid_worker':
          reporter = { id: workerId, name: workerId ? (userNames.get(workerId) ?? '网格员') : '网格员', role: 'grid_worker' };
          reporterName = reporter.name;
          break;
        case 'hotline': {
          reporterName = maskName(`${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`);
          reporter = { id: dispatcherId, name: simCtx.dispatcher.name, role: 'dispatcher' };
          contact = sealPersonal(box, `1${rng.pick(['38', '39', '35', '58', '86', '52'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`, 'phone');
          break;
        }
        case 'public':
          reporterName = rng.chance(0.5) ? maskName(`${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`) : '匿名群众';
          reporter = { id: null, name: '群众', role: 'public' };
          break;
        case 'transfer':
          reporterName = '一体化治理平台';
          reporter = { id: null, name: '一体化治理平台', role: 'api' };
          break;
        case 'enterprise':
          reporterName = enterprise?.name ?? `${place}企业`;
          reporter = { id: null, name: reporterName, role: 'enterprise' };
          break;
        default:
          reporterName = '群众';
          reporter = { id: null, name: '群众', role: 'public' };
      }
      const sim = simulate(
        simCtx,
        {
          categoryId: leaf.id,
          limits: leaf.limits,
          department: leaf.top.department,
          wrongDepartment: wrong,
          gridIndex: grid.index,
          gridId: grid.id,
          worker: { id: workerId, name: workerId ? (userNames.get(workerId) ?? '网格员') : '网格员' },
        },
        reportedAt,
        fates[i],
        reporter,
      );
      const rated = sim.row.status === 'closed' && (source === 'public' || source === 'hotline') && rng.chance(0.6);
      const closedAt = sim.row.closedAt as Date | undefined;
      Object.assign(sim.row, {
        jurisdictionId: jid,
        trackingCode: newTrackingCode(),
        categoryId: leaf.id,
        title: `${leaf.sub.name}：${description.slice(0, 30)}`,
        description,
        address: `${road}${place}${rng.int(1, 200)}号`,
        lng,
        lat,
        gridId: grid.id,
        source,
        externalSystem: source === 'transfer' ? 'yitihua' : null,
        externalId: source === 'transfer' ? `YTH${plan.year}${String(++transferSeq).padStart(6, '0')}` : null,
        priority: leaf.top.code === 'AQ' && rng.chance(0.3) ? 'urgent' : 'normal',
        enterpriseId: enterprise?.id ?? null,
        reporterId: source === 'grid_worker' ? workerId : null,
        reporterName,
        contactEnc: contact?.enc ?? null,
        contactMasked: contact?.masked ?? null,
        contactIndex: contact?.index ?? null,
        satisfaction: rated ? rng.weighted([5, 4, 3, 2], (s) => ({ 5: 6, 4: 3, 3: 0.7, 2: 0.3 })[s]!) : null,
        satisfactionComment: null,
        ratedAt: rated && closedAt ? addMin(closedAt, rng.between(60, 4000)) : null,
        createdAt: reportedAt,
        updatedAt: (sim.timeline[sim.timeline.length - 1]?.at ?? reportedAt) as Date,
      });
      if (rated && closedAt) {
        sim.timeline.push({
          at: sim.row.ratedAt as Date,
          actorId: null,
          actorName: '群众',
          actorRole: 'public',
          action: 'rate',
          fromStatus: null,
          toStatus: null,
          note: '',
          publicNote: null,
          departmentId: null,
          details: { score: sim.row.satisfaction },
        });
      }
      sims.push(sim);
    }
    await writeYear(db, jid, sims, cal.timeZone);
    totals[plan.year] = sims.length;
  }

  await appendAudit(db, systemContext(), {
    action: 'demo.seed',
    entity: 'event',
    jurisdictionId: jid,
    actorName: 'system',
    details: { categories: leaves.length, events: totals },
  });
}

const EVENT_DEFAULTS = { ...EVENT_NO_PROGRESS, departmentId: null, stage: null, stageStartedAt: null, dueAt: null };

async function writeYear(db: Kysely<DB>, jurisdictionId: number, sims: SimEvent[], timeZone: string): Promise<void> {
  const ids: number[] = [];
  await insertChunked(sims, 250, async (chunk) => {
    const rows = await db
      .insertInto('events')
      .values(chunk.map((s) => ({ ...EVENT_DEFAULTS, ...s.row }) as never))
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  });
  // Merged events point at an earlier open-at-the-time event of the same category nearby in time.
  const events = await db.selectFrom('events').selectAll().where('id', 'in', ids).orderBy('id').execute();
  for (const e of events.filter((x) => x.status === 'merged')) {
    const target = events.find((x) => x.id < e.id && x.categoryId === e.categoryId && x.status === 'closed') ?? events.find((x) => x.status === 'closed');
    if (target) {
      await db.updateTable('events').set({ mergedIntoId: target.id, endReason: `与事件 ${target.code} 重复` }).where('id', '=', e.id).execute();
      e.mergedIntoId = target.id;
    }
  }
  const timeline = sims.flatMap((s, i) =>
    s.timeline.map((t) => ({ ...t, jurisdictionId, eventId: ids[i], details: JSON.stringify(t.details) })),
  );
  await insertChunked(timeline, 800, (chunk) => db.insertInto('eventTimeline').values(chunk).execute());
  const supervisions = sims.flatMap((s, i) =>
    s.supervisions.map((x) => ({
      jurisdictionId,
      eventId: ids[i],
      kind: x.kind,
      stage: x.stage,
      reason: x.reason,
      raisedBy: null,
      raisedByName: '系统',
      raisedAt: x.raisedAt,
      status: x.status,
      resolvedAt: x.resolvedAt,
      resolvedBy: null,
      resolution: x.resolvedAt ? '该环节已完成' : null,
    })),
  );
  await insertChunked(supervisions, 500, (chunk) => db.insertInto('eventSupervisions').values(chunk).execute());
  const extensions = sims.flatMap((s, i) =>
    s.extensions.map((x) => ({
      jurisdictionId,
      eventId: ids[i],
      stage: x.stage,
      amount: x.amount,
      unit: x.unit,
      reason: x.reason,
      status: 'approved' as const,
      requestedBy: x.requestedBy,
      requestedAt: x.requestedAt,
      decidedBy: x.decidedBy,
      decidedAt: x.decidedAt,
      decisionNote: '同意延期',
      oldDueAt: x.oldDueAt,
      newDueAt: x.newDueAt,
    })),
  );
  await insertChunked(extensions, 500, (chunk) => db.insertInto('eventExtensions').values(chunk).execute());
  // The figures rollup: the same contributions the service writes, summed per rollup row.
  const acc = new Map<string, Contribution>();
  for (const e of events) {
    for (const r of rollupDelta(null, contribution(e, timeZone))) {
      const k = keyString(r.key);
      const prev = acc.get(k);
      if (!prev) acc.set(k, r);
      else {
        for (const f of Object.keys(r.counters) as (keyof Contribution['counters'])[]) prev.counters[f] += r.counters[f];
        for (let b = 0; b < r.hist.length; b++) prev.hist[b] = (prev.hist[b] ?? 0) + r.hist[b];
      }
    }
  }
  const rollup = [...acc.values()].map((r) => ({ ...r, hist: Array.from(r.hist, (n) => n ?? 0) }));
  await insertChunked(rollup, 300, (chunk) => applyRollup(db, chunk));
}
