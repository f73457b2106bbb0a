// The figures layer over the modules' public functions on real rows: the request memo computes each module's
// figures once per period (months of a trend from the events module's one pass over the year) without changing
// a single value, and the findings use the modules' breakdowns — wage disputes per project or contractor from
// mediation, and per department the events that ever ran overdue or were reopened, with the lists behind them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import { buildCategory, buildEvent } from '../../../../test/support/events.factories.ts';
import { buildJurisdiction, buildOrgUnit, buildUser } from '../../../../test/support/factories.ts';
import { buildDispute } from '../../../../test/support/mediation.factories.ts';
import { buildLegalService, buildStudyRecord } from '../../../../test/support/records.factories.ts';
import type { Database } from '../../db/database.ts';
import { computeFigures } from './assessment.figures.ts';
import { FigureMemo } from './assessment.memo.ts';
import { monthPeriod, yearPeriod } from './assessment.period.ts';
import { assessFor, findingsFor, installDefaultIndicators } from './assessment.service.ts';

const at = (d: string) => new Date(`${d}T10:00:00+08:00`);

describe.each(DB_KINDS)('assessment figures from the modules on %s', (kind) => {
  let database: Database;
  let j: number;
  let deptA: number;
  let deptB: number;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    j = (await buildJurisdiction(db())).id;
    deptA = (await buildOrgUnit(db(), j, { name: '城市管理办公室' })).id;
    deptB = (await buildOrgUnit(db(), j, { name: '规划建设局' })).id;
    const cat = (await buildCategory(db(), j, { name: '市容' })).id;
    const ev = (day: string, departmentId: number, status: 'closed' | 'in_progress' | 'reported', fields: Record<string, unknown> = {}) =>
      buildEvent(db(), j, { categoryId: cat, departmentId: status === 'reported' ? null : departmentId, status, reportedAt: at(day), fields: { verifiedAt: status === 'closed' ? at(day) : null, ...fields } });
    // 2020: department A closes four (one reopened, one overdue once), has one open and overdue; B closes two on time.
    await ev('2020-01-15', deptA, 'closed');
    await ev('2020-01-20', deptA, 'closed', { reopenCount: 1 });
    await ev('2020-03-02', deptA, 'closed', { overdueCount: 1 });
    await ev('2020-03-31', deptA, 'closed');
    await ev('2020-03-31', deptA, 'in_progress', { overdue: true, overdueCount: 1 });
    await ev('2020-07-08', deptB, 'closed');
    await ev('2020-12-31', deptB, 'closed');
    await ev('2020-12-31', deptB, 'reported');
    // 2019 for the previous year's trend.
    await ev('2019-03-10', deptA, 'closed', { reopenCount: 2 });
    await ev('2019-11-30', deptB, 'in_progress', { overdue: true, overdueCount: 2 });
    // Wage disputes: the same project three times (two contractors), another project once.
    await buildDispute(db(), j, { receivedAt: at('2020-02-03'), project: '北辰科技园二期', contractor: '宏达劳务', workersInvolved: 12, amountClaimed: 150000 });
    await buildDispute(db(), j, { receivedAt: at('2020-05-06'), project: '北辰科技园二期', contractor: '宏达劳务', workersInvolved: 8, amountClaimed: 50000 });
    await buildDispute(db(), j, { receivedAt: at('2020-09-09'), project: '北辰科技园二期', contractor: '恒信建设', workersInvolved: 5, amountClaimed: 20000 });
    await buildDispute(db(), j, { receivedAt: at('2020-10-10'), project: '物流园仓储', contractor: '顺安劳务', workersInvolved: 3, amountClaimed: 9000 });
    await buildDispute(db(), j, { receivedAt: at('2019-10-10'), project: '物流园仓储', contractor: '顺安劳务' });
    // A little from other modules so that their month-by-month figures are exercised too.
    const lawyer = await buildUser(db(), j, 'lawyer');
    const office = await buildUser(db(), j, 'law_office');
    await buildLegalService(db(), j, lawyer.id, { servedOn: '2020-03-02', place: '光明乳业' });
    await buildLegalService(db(), j, lawyer.id, { servedOn: '2019-03-20', place: '阳光城' });
    await buildStudyRecord(db(), j, office.id, 41, { studiedOn: '2020-04-01' });
    await installDefaultIndicators(db(), j);
  });
  afterAll(() => database?.close());

  it('gives every indicator, its previous year and its 24-month trend exactly as computed period by period without the memo', async () => {
    const memo = new FigureMemo();
    const a = await assessFor(db(), j, yearPeriod(2020), { today: '2099-12-31', memo });
    const keys = [...new Set(a.indicators.flatMap((i) => i.figures))];
    for (const month of [1, 3, 7, 12]) {
      const direct = await computeFigures(db(), j, monthPeriod(2020, month), keys);
      const directPrev = await computeFigures(db(), j, monthPeriod(2019, month), keys);
      for (const key of keys.filter((k) => k.startsWith('events.') || k.startsWith('legal.'))) {
        const viaMemo = await computeFigures(db(), j, monthPeriod(2020, month), [key], memo);
        expect(viaMemo.get(key), `${key} 2020-${month}`).toEqual(direct.get(key));
        expect((await computeFigures(db(), j, monthPeriod(2019, month), [key], memo)).get(key), `${key} 2019-${month}`).toEqual(directPrev.get(key));
      }
    }
    const reported = a.indicators.find((i) => i.figures.includes('events.reported') && i.formula === 'events.reported')!;
    expect(reported.value).toBe(8);
    expect(reported.previous.value).toBe(2);
    expect(reported.trend.map((t) => t.value)).toEqual([2, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 2]);
    expect(reported.trend.map((t) => t.previous)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    const rework = a.indicators.find((i) => i.formula === 'events.rework_rate')!;
    expect(rework).toMatchObject({ numerator: 1, denominator: 6 });
    expect(rework.trend[0].value).toBe(50);
  });

  it('computes each module once per period: 26 periods, the events module in two passes, the grids once', async () => {
    const memo = new FigureMemo();
    await assessFor(db(), j, yearPeriod(2020), { today: '2099-12-31', memo });
    const { keys, reused } = memo.stats();
    const moduleLoads = (m: string) => keys.filter((k) => k.startsWith(`module|${m}|`));
    expect(moduleLoads('events')).toHaveLength(26);
    expect(moduleLoads('legal')).toHaveLength(26);
    expect(moduleLoads('grids')).toEqual([`module|grids|${j}|*`]);
    // The events module itself is asked twice: 2020 and 2019, each once, months taken from its by-month rows.
    expect(keys.filter((k) => k.startsWith('events.figures|'))).toEqual([`events.figures|${j}|2020-01-01|2020-12-31`, `events.figures|${j}|2019-01-01|2019-12-31`]);
    // December's year-to-date study figures are the year's.
    expect(keys.filter((k) => k.startsWith(`education.figures|${j}|2020-01-01|2020-12-31`))).toHaveLength(1);
    expect(reused).toBeGreaterThan(0);
    // A second assessment on the same memo computes nothing new.
    const before = memo.stats().computed;
    await assessFor(db(), j, yearPeriod(2020), { today: '2099-12-31', memo });
    expect(memo.stats().computed).toBe(before);
  });

  it('a quarter’s trend still covers the year’s months, each from the year’s one pass', async () => {
    const memo = new FigureMemo();
    const a = await assessFor(db(), j, { kind: 'quarter', year: 2020, quarter: 1, from: '2020-01-01', to: '2020-03-31', label: '2020年第1季度' }, { today: '2099-12-31', memo });
    const reported = a.indicators.find((i) => i.formula === 'events.reported')!;
    expect(reported.value).toBe(5);
    expect(reported.trend.map((t) => t.value)).toEqual([2, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 2]);
    expect(memo.stats().keys.filter((k) => k.startsWith('events.figures|'))).toEqual([
      `events.figures|${j}|2020-01-01|2020-03-31`,
      `events.figures|${j}|2019-01-01|2019-03-31`,
      `events.figures|${j}|2020-01-01|2020-12-31`,
      `events.figures|${j}|2019-01-01|2019-12-31`,
    ]);
  });

  it('finds recurring wage arrears from the disputes per project and contractor, each with the disputes behind it', async () => {
    const findings = await findingsFor(db(), j, yearPeriod(2020));
    const wage = findings.find((f) => f.rule === 'recurring_wage_arrears')!;
    expect(wage.text).toContain('2020年有1个工程项目、1家施工单位重复发生欠薪纠纷，最多的一处达3次');
    expect(wage.evidence).toEqual([
      {
        label: '项目：北辰科技园二期（3次，涉及25人、22万元）',
        value: 3,
        drill: { api: '/api/mediation/disputes', query: { from: '2020-01-01', to: '2020-12-31', type: 'wage', project: '北辰科技园二期' }, label: '项目“北辰科技园二期”的欠薪纠纷' },
      },
      {
        label: '施工单位：宏达劳务（2次，涉及20人、20万元）',
        value: 2,
        drill: { api: '/api/mediation/disputes', query: { from: '2020-01-01', to: '2020-12-31', type: 'wage', contractor: '宏达劳务' }, label: '施工单位“宏达劳务”的欠薪纠纷' },
      },
    ]);
    // One dispute per project in 2019: nothing recurring.
    expect((await findingsFor(db(), j, yearPeriod(2019))).map((f) => f.rule)).not.toContain('recurring_wage_arrears');
  });

  it('names the department whose events ran overdue or were reopened, counting each event once, with the reopened list', async () => {
    const findings = await findingsFor(db(), j, yearPeriod(2020));
    const f = findings.find((x) => x.rule === 'overdue_events_by_department')!;
    expect(f.text).toContain('城市管理办公室超期2起、返工1起');
    expect(f.text).not.toContain('规划建设局');
    expect(f.evidence).toEqual([
      { label: '城市管理办公室：超期2起、返工1起（共办理5起）', value: 3, drill: { api: '/api/events', query: { from: '2020-01-01', to: '2020-12-31', departmentId: deptA }, label: '城市管理办公室办理的事件' } },
      { label: '城市管理办公室：返工事件1起', value: 1, drill: { api: '/api/events', query: { from: '2020-01-01', to: '2020-12-31', departmentId: deptA, reopened: true }, label: '城市管理办公室返工的事件' } },
    ]);
    expect(deptB).toBeGreaterThan(0);
  });
});
