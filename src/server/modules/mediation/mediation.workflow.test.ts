import { describe, expect, it } from 'vitest';
import {
  DISPUTE_STATUSES,
  DISPUTE_TRANSITIONS,
  PETITION_STATUSES,
  PETITION_TRANSITIONS,
  consentComplete,
  disputeActionsFrom,
  disputeStep,
  isCollective,
  petitionStep,
  repeatedWageClusters,
  subjectKey,
  type DisputeFacts,
  type PetitionFacts,
  type WageComplaint,
} from './mediation.workflow.ts';

const okDispute = (over: Partial<DisputeFacts> = {}): DisputeFacts => ({
  status: 'registered',
  outcome: null,
  consentComplete: true,
  followups: 1,
  actorIsLead: false,
  reason: '理由',
  routesTold: 1,
  ...over,
});

describe('dispute workflow', () => {
  for (const t of DISPUTE_TRANSITIONS) {
    for (const from of t.from) {
      it(`${from} --${t.action}--> ${t.to} for the mediation centre`, () => {
        const outcome = t.action === 'reopen' ? 'agreement' : null;
        expect(disputeStep(t.action, 'mediator', okDispute({ status: from, outcome }))).toEqual({ ok: true, to: t.to });
      });
    }
  }

  it('refuses every action not in the table', () => {
    for (const status of DISPUTE_STATUSES) {
      for (const action of ['accept', 'decline', 'start', 'transfer', 'resume', 'agree', 'fail', 'close', 'reopen'] as const) {
        const allowed = DISPUTE_TRANSITIONS.some((t) => t.action === action && t.from.includes(status));
        const r = disputeStep(action, 'mediator', okDispute({ status, outcome: 'agreement' }));
        if (!allowed) expect(r).toMatchObject({ ok: false, code: 'mediation.invalid_transition' });
      }
    }
  });

  it('needs both parties’ consent to start mediation (人民调解法 Art. 17)', () => {
    expect(disputeStep('start', 'mediator', okDispute({ status: 'accepted', consentComplete: false }))).toMatchObject({ ok: false, code: 'mediation.consent_required' });
  });

  it('needs the other routes told when mediation fails (Art. 26)', () => {
    expect(disputeStep('fail', 'mediator', okDispute({ status: 'mediating', routesTold: 0 }))).toMatchObject({ ok: false, code: 'mediation.routes_required' });
    expect(disputeStep('fail', 'mediator', okDispute({ status: 'mediating', reason: ' ' }))).toMatchObject({ ok: false, code: 'mediation.reason_required' });
  });

  it('closes an agreed case only after a follow-up call', () => {
    expect(disputeStep('close', 'mediator', okDispute({ status: 'agreement', followups: 0 }))).toMatchObject({ ok: false, code: 'mediation.followup_required' });
    expect(disputeStep('close', 'mediator', okDispute({ status: 'failed', followups: 0 }))).toEqual({ ok: true, to: 'closed' });
  });

  it('reopens only a case closed with an agreement', () => {
    expect(disputeStep('reopen', 'mediator', okDispute({ status: 'closed', outcome: 'failed' }))).toMatchObject({ ok: false, code: 'mediation.not_reopenable' });
    expect(disputeStep('reopen', 'mediator', okDispute({ status: 'closed', outcome: 'agreement' }))).toEqual({ ok: true, to: 'mediating' });
  });

  it('lets a linked department act only when it leads the case', () => {
    const f = okDispute({ status: 'transferred' });
    expect(disputeStep('agree', 'handler', f)).toMatchObject({ ok: false, code: 'auth.forbidden' });
    expect(disputeStep('agree', 'handler', { ...f, actorIsLead: true })).toEqual({ ok: true, to: 'agreement' });
    expect(disputeStep('accept', 'handler', okDispute({ actorIsLead: true }))).toMatchObject({ ok: false, code: 'auth.forbidden' });
    expect(disputeActionsFrom('transferred', 'handler', true)).toEqual(['resume', 'agree', 'fail']);
    expect(disputeActionsFrom('transferred', 'handler', false)).toEqual([]);
  });

  it('counts consent over applicants and respondents, both sides present', () => {
    const t = new Date();
    expect(consentComplete([{ role: 'applicant', consentAt: t }])).toBe(false);
    expect(consentComplete([{ role: 'applicant', consentAt: t }, { role: 'respondent', consentAt: null }])).toBe(false);
    expect(consentComplete([{ role: 'applicant', consentAt: t }, { role: 'respondent', consentAt: t }, { role: 'third_party', consentAt: null }])).toBe(true);
  });
});

const at = (s: string) => new Date(`${s}T12:00:00+08:00`);
const okPetition = (over: Partial<PetitionFacts> = {}): PetitionFacts => ({
  status: 'registered',
  now: at('2020-06-10'),
  reason: '书面理由',
  extended: false,
  extensionDays: 30,
  handleDueAt: at('2020-07-01'),
  reviewRequestUntil: at('2020-07-01'),
  rereviewRequestUntil: at('2020-07-01'),
  objectionDueAt: at('2020-07-01'),
  actorIsLead: false,
  ...over,
});

describe('petition workflow', () => {
  for (const t of PETITION_TRANSITIONS) {
    for (const from of t.from) {
      it(`${from} --${t.action}--> ${t.to}`, () => {
        expect(petitionStep(t.action, 'mediator', okPetition({ status: from }))).toEqual({ ok: true, to: t.to });
      });
    }
  }

  it('refuses actions outside the table', () => {
    for (const status of PETITION_STATUSES) {
      for (const t of PETITION_TRANSITIONS) {
        if (t.from.includes(status)) continue;
        expect(petitionStep(t.action, 'mediator', okPetition({ status })).ok).toBe(false);
      }
    }
  });

  it('needs a written reason to forward or not accept', () => {
    expect(petitionStep('not_accept', 'mediator', okPetition({ reason: '' }))).toMatchObject({ ok: false, code: 'mediation.reason_required' });
    expect(petitionStep('forward', 'mediator', okPetition({ reason: '' }))).toMatchObject({ ok: false, code: 'mediation.reason_required' });
  });

  it('extends once, by at most 30 days, before the limit runs out (Art. 34)', () => {
    const f = okPetition({ status: 'accepted' });
    expect(petitionStep('extend', 'mediator', { ...f, extended: true })).toMatchObject({ ok: false, code: 'mediation.petition.already_extended' });
    expect(petitionStep('extend', 'mediator', { ...f, extensionDays: 31 })).toMatchObject({ ok: false, code: 'mediation.petition.extension_too_long' });
    expect(petitionStep('extend', 'mediator', { ...f, now: at('2020-07-02') })).toMatchObject({ ok: false, code: 'mediation.petition.extension_late' });
    expect(petitionStep('extend', 'mediator', { ...f, reason: '' })).toMatchObject({ ok: false, code: 'mediation.reason_required' });
  });

  it('takes a review request only within 30 days of the decision, and a re-review within 30 of the review', () => {
    expect(petitionStep('request_review', 'mediator', okPetition({ status: 'decided', now: at('2020-07-02') }))).toMatchObject({
      ok: false, code: 'mediation.petition.review_window_closed',
    });
    expect(petitionStep('request_rereview', 'mediator', okPetition({ status: 'reviewed', now: at('2020-07-02') }))).toMatchObject({
      ok: false, code: 'mediation.petition.rereview_window_closed',
    });
  });

  it('accepts nothing further after the re-review (Art. 36)', () => {
    for (const t of PETITION_TRANSITIONS) {
      expect(petitionStep(t.action, 'mediator', okPetition({ status: 'rereviewed' }))).toMatchObject({ ok: false, code: 'mediation.petition.final' });
    }
  });

  it('lets the department forwarded to object within five working days, and only that department', () => {
    const f = okPetition({ status: 'forwarded' });
    expect(petitionStep('object', 'handler', f)).toMatchObject({ ok: false, code: 'auth.forbidden' });
    expect(petitionStep('object', 'handler', { ...f, actorIsLead: true })).toEqual({ ok: true, to: 'registered' });
    expect(petitionStep('object', 'handler', { ...f, actorIsLead: true, now: at('2020-07-02') })).toMatchObject({
      ok: false, code: 'mediation.petition.objection_window_closed',
    });
  });
});

describe('collective visits and wage clusters', () => {
  it('calls five or more people a collective visit', () => {
    expect(isCollective(4)).toBe(false);
    expect(isCollective(5)).toBe(true);
  });

  it('groups names that differ only in spaces, case and brackets', () => {
    expect(subjectKey(' 北辰（一期）Project ')).toBe(subjectKey('北辰(一期) project'));
    expect(subjectKey('  ')).toBeNull();
  });

  const c = (id: number, day: string, project: string | null, contractor: string | null): WageComplaint => ({
    kind: 'dispute', id, at: at(day), projectKey: subjectKey(project), projectName: project, contractorKey: subjectKey(contractor), contractorName: contractor,
  });

  it('finds N complaints against one project within D days, and not N-1', () => {
    const list = [c(1, '2020-06-01', '甲项目', 'A公司'), c(2, '2020-06-20', '甲项目', 'B公司'), c(3, '2020-07-10', '甲项目', 'C公司')];
    const now = at('2020-07-10');
    const hit = repeatedWageClusters(list, { threshold: 3, days: 90 }, now);
    expect(hit.map((h) => h.subjectKey)).toEqual(['wage:project:甲项目']);
    expect(hit[0].complaints.map((x) => x.id)).toEqual([1, 2, 3]);
    expect(repeatedWageClusters(list.slice(0, 2), { threshold: 3, days: 90 }, now)).toEqual([]);
  });

  it('leaves out complaints older than the window', () => {
    const list = [c(1, '2020-01-01', null, 'A公司'), c(2, '2020-06-20', null, 'A公司'), c(3, '2020-07-10', null, 'A公司')];
    expect(repeatedWageClusters(list, { threshold: 3, days: 90 }, at('2020-07-10'))).toEqual([]);
    expect(repeatedWageClusters(list, { threshold: 3, days: 200 }, at('2020-07-10')).map((h) => h.subjectKey)).toEqual(['wage:contractor:a公司']);
  });
});
