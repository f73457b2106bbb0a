// Early warning (预警, 保障农民工工资支付条例 Art. 38): configurable rules raise warnings for the mediation centre
// and the leaders — repeated wage complaints against one project or contractor, a collective visit, a dispute
// reopened after its agreement, a petition near (or past) its time limit. One open warning per subject; a closed
// one is raised again only by new facts. Rules run where the facts change (same transaction) and in a periodic scan.
import type { Executor } from '../../db/database.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { pageBounds, type PageResult } from '../../platform/http/schemas.ts';
import { audit, authorized, timeline } from './mediation.common.ts';
import { notifyWarning } from './mediation.notify.ts';
import { mediationActions } from './mediation.policy.ts';
import * as repo from './mediation.repository.ts';
import {
  DEFAULT_RULE_PARAMS,
  PETITION_STATUS_LABELS,
  RULE_PARAM_BOUNDS,
  WARNING_RULE_LABELS,
  WARNING_RULES,
  repeatedWageClusters,
  type RuleParams,
  type WarningRule,
} from './mediation.workflow.ts';

export interface RuleState<R extends WarningRule = WarningRule> {
  rule: R;
  label: string;
  enabled: boolean;
  params: RuleParams[R];
  version: number;
}

export type Rules = { [R in WarningRule]: RuleState<R> };

export async function loadRules(db: Executor, jurisdictionId: number): Promise<Rules> {
  const rows = await repo.ruleRows(db, jurisdictionId);
  const out = {} as Record<WarningRule, RuleState>;
  for (const rule of WARNING_RULES) {
    const row = rows.find((r) => r.rule === rule);
    out[rule] = {
      rule,
      label: WARNING_RULE_LABELS[rule],
      enabled: row?.enabled ?? true,
      params: { ...DEFAULT_RULE_PARAMS[rule], ...((row?.params as object | undefined) ?? {}) } as RuleParams[typeof rule],
      version: row?.version ?? 0,
    };
  }
  return out as Rules;
}

/** A rule as the API shows it. */
export interface RuleView {
  rule: WarningRule;
  label: string;
  enabled: boolean;
  params: Record<string, number>;
  version: number;
}

const ruleView = (r: RuleState): RuleView => ({ rule: r.rule, label: r.label, enabled: r.enabled, params: { ...(r.params as Record<string, number>) }, version: r.version });

export async function listRules(db: Executor, ctx: RequestContext): Promise<RuleView[]> {
  const a = authorized(ctx, mediationActions['mediation.warnings.read']);
  const rules = await loadRules(db, a.actor.jurisdictionId);
  return WARNING_RULES.map((r) => ruleView(rules[r]));
}

export async function updateRule(
  db: Executor,
  ctx: RequestContext,
  rule: WarningRule,
  input: { enabled: boolean; params: Record<string, number>; version: number },
): Promise<RuleView> {
  const a = authorized(ctx, mediationActions['mediation.rules.manage']);
  const bounds = RULE_PARAM_BOUNDS[rule] as Record<string, [number, number]>;
  const params: Record<string, number> = {};
  for (const [k, v] of Object.entries(input.params)) {
    const b = bounds[k];
    if (!b) throw errors.validation({ field: `params.${k}` }, { zh: `该规则没有参数 ${k}`, en: `Rule ${rule} has no parameter ${k}` });
    if (!Number.isInteger(v) || v < b[0] || v > b[1]) {
      throw errors.validation({ field: `params.${k}`, min: b[0], max: b[1] }, { zh: `参数 ${k} 须为 ${b[0]}–${b[1]} 之间的整数`, en: `${k} must be a whole number from ${b[0]} to ${b[1]}` });
    }
    params[k] = v;
  }
  return db.transaction().execute(async (tx) => {
    const current = await loadRules(tx, a.actor.jurisdictionId);
    if (current[rule].version !== input.version) throw errors.stale('mediation_warning_rule');
    const merged = { ...(current[rule].params as Record<string, number>), ...params };
    await repo.upsertRule(tx, { jurisdictionId: a.actor.jurisdictionId, rule, enabled: input.enabled, params: merged, updatedBy: a.actor.userId });
    await audit(tx, ctx, 'mediation.rule.update', 'mediation_warning_rule', 0, { rule, enabled: input.enabled, params: merged });
    return ruleView((await loadRules(tx, a.actor.jurisdictionId))[rule]);
  });
}

interface NewWarning {
  rule: WarningRule;
  subjectKey: string;
  level: 'yellow' | 'orange' | 'red';
  title: string;
  detail: string;
  facts: Record<string, unknown>;
  raisedAt: Date;
  intakeId?: number | null;
  disputeId?: number | null;
  petitionId?: number | null;
  clueId?: number | null;
}

/** Raises a warning unless one for the subject exists (open or closed): for one-off subjects. */
async function raiseOnce(tx: Executor, jurisdictionId: number, w: NewWarning): Promise<repo.WarningRow | null> {
  const existing = await repo.warningsBySubject(tx, jurisdictionId, w.subjectKey);
  if (existing.length > 0) return null;
  return insert(tx, jurisdictionId, w);
}

async function insert(tx: Executor, jurisdictionId: number, w: NewWarning): Promise<repo.WarningRow> {
  const row = await repo.insertWarning(tx, {
    jurisdictionId,
    rule: w.rule,
    level: w.level,
    subjectKey: w.subjectKey,
    title: w.title,
    detail: w.detail,
    facts: w.facts,
    raisedAt: w.raisedAt,
    intakeId: w.intakeId ?? null,
    disputeId: w.disputeId ?? null,
    petitionId: w.petitionId ?? null,
    clueId: w.clueId ?? null,
  });
  await repo.insertTimeline(tx, {
    jurisdictionId,
    entity: 'warning',
    entityId: row.id,
    at: w.raisedAt,
    actorId: null,
    actorName: '预警规则',
    orgUnitId: null,
    action: 'raise',
    fromStatus: null,
    toStatus: 'open',
    note: w.title,
    details: { rule: w.rule },
  });
  await notifyWarning(tx, row);
  return row;
}

// ---------------------------------------------------------------- the rules

export interface CollectiveFacts {
  jurisdictionId: number;
  peopleCount: number;
  code: string;
  matter: string;
  at: Date;
  channel?: string;
  intakeId?: number;
  petitionId?: number;
}

/** A visit of five or more together (信访工作条例 Art. 20), registered at the desk or directly as a petition. */
export async function onCollective(tx: Executor, c: CollectiveFacts, rules?: Rules): Promise<repo.WarningRow | null> {
  const r = (rules ?? (await loadRules(tx, c.jurisdictionId))).collective_visit;
  if (!r.enabled || c.peopleCount < r.params.minPeople) return null;
  return raiseOnce(tx, c.jurisdictionId, {
    rule: 'collective_visit',
    subjectKey: c.intakeId ? `collective:intake:${c.intakeId}` : `collective:petition:${c.petitionId}`,
    level: c.peopleCount >= 20 ? 'red' : 'orange',
    title: `集体访：${c.peopleCount}人（${c.code}）`,
    detail: c.matter.slice(0, 200),
    facts: { peopleCount: c.peopleCount, code: c.code, channel: c.channel ?? 'visit' },
    raisedAt: c.at,
    intakeId: c.intakeId ?? null,
    petitionId: c.petitionId ?? null,
  });
}

export const onCollectiveVisit = (tx: Executor, i: repo.IntakeRow, rules?: Rules) =>
  onCollective(tx, { jurisdictionId: i.jurisdictionId, peopleCount: i.peopleCount, code: i.code, matter: i.matter, at: i.receivedAt, channel: i.channel, intakeId: i.id }, rules);

export async function onDisputeReopened(tx: Executor, d: repo.DisputeRow, rules?: Rules): Promise<repo.WarningRow | null> {
  const r = (rules ?? (await loadRules(tx, d.jurisdictionId))).dispute_reopened;
  if (!r.enabled || d.reopenedCount < 1) return null;
  return raiseOnce(tx, d.jurisdictionId, {
    rule: 'dispute_reopened',
    subjectKey: `reopened:dispute:${d.id}:${d.reopenedCount}`,
    level: d.reopenedCount > 1 ? 'red' : 'orange',
    title: `协议达成后纠纷再起：${d.code}`,
    detail: d.title,
    facts: { code: d.code, reopenedCount: d.reopenedCount, projectName: d.projectName, contractorName: d.contractorName },
    raisedAt: d.lastReopenedAt ?? new Date(),
    disputeId: d.id,
  });
}

/**
 * N or more wage complaints against the same project or contractor within D days (ending at `now`). An open
 * warning for the subject takes the new count; a closed one is raised again only when a complaint it did not
 * cover has arrived.
 */
export async function evaluateWageRule(tx: Executor, jurisdictionId: number, now: Date, rules?: Rules): Promise<repo.WarningRow[]> {
  const r = (rules ?? (await loadRules(tx, jurisdictionId))).wage_repeated;
  if (!r.enabled) return [];
  const from = new Date(now.getTime() - r.params.days * 86_400_000);
  const complaints = await repo.wageComplaints(tx, jurisdictionId, from, now);
  const clusters = repeatedWageClusters(complaints, r.params, now);
  const raised: repo.WarningRow[] = [];
  for (const c of clusters) {
    const keys = c.complaints.map((x) => `${x.kind}:${x.id}`);
    const facts = {
      by: c.by,
      name: c.name,
      count: c.complaints.length,
      threshold: r.params.threshold,
      days: r.params.days,
      complaints: keys,
      first: c.complaints[0].at.toISOString(),
      latest: c.latestAt.toISOString(),
    };
    const level = c.complaints.length >= 2 * r.params.threshold ? 'red' : 'orange';
    const what = c.by === 'project' ? '项目' : '施工单位';
    const title = `${what}“${c.name}”${r.params.days}日内欠薪投诉${c.complaints.length}起`;
    const detail = `同一${what}在${r.params.days}日内收到${c.complaints.length}起农民工欠薪投诉（阈值${r.params.threshold}起），请及时介入，核查工资专用账户、实名制和工资保证金落实情况。`;
    const disputeId = [...c.complaints].reverse().find((x) => x.kind === 'dispute')?.id ?? null;
    const petitionId = [...c.complaints].reverse().find((x) => x.kind === 'petition')?.id ?? null;
    const open = await repo.findOpenWarning(tx, jurisdictionId, c.subjectKey);
    if (open) {
      const had = new Set(((open.facts as { complaints?: string[] }).complaints ?? []));
      const merged = [...new Set([...had, ...keys])];
      if (merged.length !== had.size) {
        await repo.refreshWarning(tx, open.id, { detail, facts: { ...facts, complaints: merged, count: Math.max(c.complaints.length, merged.length) }, level });
      }
      continue;
    }
    const all = await repo.warningsBySubject(tx, jurisdictionId, c.subjectKey);
    const covered = new Set(all.flatMap((w) => ((w.facts as { complaints?: string[] }).complaints ?? [])));
    if (keys.every((k) => covered.has(k))) continue;
    raised.push(
      await insert(tx, jurisdictionId, { rule: 'wage_repeated', subjectKey: c.subjectKey, level, title, detail, facts, raisedAt: c.latestAt, disputeId, petitionId }),
    );
  }
  return raised;
}

export type PetitionStage = 'accept' | 'handle' | 'review' | 'rereview';
const STAGE_LABELS: Record<PetitionStage, string> = { accept: '受理告知', handle: '办理', review: '复查', rereview: '复核' };

/** The stage a petition's clock is running for now, with its due time. */
export function openStage(p: repo.PetitionRow): { stage: PetitionStage; dueAt: Date } | null {
  switch (p.status) {
    case 'registered':
      return { stage: 'accept', dueAt: p.acceptDueAt };
    case 'accepted':
      return p.handleDueAt ? { stage: 'handle', dueAt: p.handleDueAt } : null;
    case 'review_requested':
      return p.reviewDueAt ? { stage: 'review', dueAt: p.reviewDueAt } : null;
    case 'rereview_requested':
      return p.rereviewDueAt ? { stage: 'rereview', dueAt: p.rereviewDueAt } : null;
    default:
      return null;
  }
}

/** A petition close to (phase warn) or past (phase due) the limit of its open stage. */
export async function onPetitionLimit(
  tx: Executor,
  p: repo.PetitionRow,
  phase: 'warn' | 'due',
  now: Date,
  rules?: Rules,
): Promise<repo.WarningRow | null> {
  const r = (rules ?? (await loadRules(tx, p.jurisdictionId))).petition_near_limit;
  const s = openStage(p);
  if (!r.enabled || !s) return null;
  const overdue = phase === 'due' || now.getTime() > s.dueAt.getTime();
  const due = s.dueAt.toISOString();
  const daysLeft = Math.max(0, Math.ceil((s.dueAt.getTime() - now.getTime()) / 86_400_000));
  return raiseOnce(tx, p.jurisdictionId, {
    rule: 'petition_near_limit',
    subjectKey: `petition:${p.id}:${s.stage}:${overdue ? 'overdue' : 'near'}:${due}`,
    level: overdue ? 'red' : 'yellow',
    title: overdue ? `信访事项${p.code}${STAGE_LABELS[s.stage]}已超期` : `信访事项${p.code}${STAGE_LABELS[s.stage]}期限将至（剩余${daysLeft}日）`,
    detail: `${PETITION_STATUS_LABELS[p.status]}；期限 ${due}`,
    facts: { code: p.code, stage: s.stage, dueAt: due, overdue },
    raisedAt: now,
    petitionId: p.id,
  });
}

/** Runs every rule over the current records (periodic job; also after hand-entered data). */
export async function scanWarnings(db: Executor, jurisdictionId: number, now = new Date()): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const rules = await loadRules(tx, jurisdictionId);
    let raised = (await evaluateWageRule(tx, jurisdictionId, now, rules)).length;
    const lookback = new Date(now.getTime() - rules.wage_repeated.params.days * 86_400_000);
    for (const i of await repo.collectiveIntakesSince(tx, jurisdictionId, lookback, now, rules.collective_visit.params.minPeople)) {
      if (await onCollectiveVisit(tx, i, rules)) raised++;
    }
    for (const d of await repo.reopenedDisputesSince(tx, jurisdictionId, lookback, now)) {
      if (await onDisputeReopened(tx, d, rules)) raised++;
    }
    const horizon = new Date(now.getTime() + rules.petition_near_limit.params.daysBefore * 86_400_000);
    for (const p of await repo.petitionsWithOpenStages(tx, jurisdictionId, horizon)) {
      if (await onPetitionLimit(tx, p, 'warn', now, rules)) raised++;
    }
    return raised;
  });
}

export async function runScan(db: Executor, ctx: RequestContext): Promise<{ raised: number }> {
  const a = authorized(ctx, mediationActions['mediation.warnings.manage']);
  const raised = await scanWarnings(db, a.actor.jurisdictionId);
  return { raised };
}

// ---------------------------------------------------------------- reading and closing

export interface WarningView {
  id: number;
  rule: WarningRule;
  ruleLabel: string;
  level: 'yellow' | 'orange' | 'red';
  title: string;
  detail: string;
  facts: Record<string, unknown>;
  intakeId: number | null;
  disputeId: number | null;
  petitionId: number | null;
  clueId: number | null;
  raisedAt: Date;
  status: 'open' | 'closed';
  closedAt: Date | null;
  closeNote: string | null;
  version: number;
}

export function warningView(w: repo.WarningRow): WarningView {
  return {
    id: w.id,
    rule: w.rule,
    ruleLabel: WARNING_RULE_LABELS[w.rule],
    level: w.level,
    title: w.title,
    detail: w.detail,
    facts: w.facts,
    intakeId: w.intakeId,
    disputeId: w.disputeId,
    petitionId: w.petitionId,
    clueId: w.clueId,
    raisedAt: w.raisedAt,
    status: w.status,
    closedAt: w.closedAt,
    closeNote: w.closeNote,
    version: w.version,
  };
}

export async function listWarnings(
  db: Executor,
  ctx: RequestContext,
  q: { status?: string; rule?: string; from?: Date; to?: Date; page?: number; pageSize?: number; order?: 'asc' | 'desc' },
): Promise<PageResult<WarningView>> {
  const a = authorized(ctx, mediationActions['mediation.warnings.read']);
  const { page, pageSize, offset } = pageBounds(q);
  const { rows, total } = await repo.listWarnings(
    db,
    { jurisdictionId: a.actor.jurisdictionId, status: q.status, rule: q.rule, from: q.from, to: q.to },
    { offset, limit: pageSize, desc: q.order !== 'asc' },
  );
  return { items: rows.map(warningView), total, page, pageSize };
}

export async function closeWarning(db: Executor, ctx: RequestContext, id: number, input: { note: string; version: number }): Promise<WarningView> {
  const a = authorized(ctx, mediationActions['mediation.warnings.manage']);
  const note = input.note.trim();
  if (!note) throw errors.validation({ field: 'note' }, { zh: '关闭预警须填写处置说明', en: 'Closing a warning needs a note' });
  return db.transaction().execute(async (tx) => {
    const w = await repo.findWarning(tx, id);
    if (!w || w.jurisdictionId !== a.actor.jurisdictionId) throw errors.notFound('mediation_warning', '预警');
    if (w.status !== 'open') throw errors.conflict('mediation.warning_closed', { zh: '预警已关闭', en: 'The warning is already closed' });
    const closed = await repo.closeWarning(tx, id, input.version, { closedBy: a.actor.userId, closeNote: note, closedAt: new Date() });
    if (!closed) throw errors.stale('mediation_warning');
    await timeline(tx, ctx, { jurisdictionId: w.jurisdictionId, entity: 'warning', entityId: id, action: 'close', from: 'open', to: 'closed', note });
    await audit(tx, ctx, 'mediation.warning.close', 'mediation_warning', id, { rule: w.rule });
    return warningView(closed);
  });
}
