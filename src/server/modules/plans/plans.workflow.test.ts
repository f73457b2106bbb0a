import { describe, expect, it } from 'vitest';
import { chinaToday, findTransition, lateness, overdueAt } from './plans.workflow.ts';

describe('plan task workflow', () => {
  it('lets a department start and complete, and only the office reopen or cancel', () => {
    expect(findTransition('not_started', 'start', 'handler')).toMatchObject({ to: 'in_progress' });
    expect(findTransition('in_progress', 'complete', 'handler')).toMatchObject({ to: 'done' });
    expect(findTransition('done', 'reopen', 'handler')).toBe('forbidden');
    expect(findTransition('done', 'reopen', 'law_office')).toMatchObject({ to: 'in_progress' });
    expect(findTransition('done', 'complete', 'law_office')).toBeNull();
    expect(findTransition('in_progress', 'cancel', 'leader')).toBe('forbidden');
  });

  it('tells on-time, late, overdue and open apart', () => {
    expect(lateness({ status: 'done', deadline: '2020-06-30', completedOn: '2020-06-30' }, '2020-12-31')).toBe('on_time');
    expect(lateness({ status: 'done', deadline: '2020-06-30', completedOn: '2020-07-01' }, '2020-12-31')).toBe('late');
    expect(lateness({ status: 'in_progress', deadline: '2020-06-30', completedOn: null }, '2020-07-01')).toBe('overdue');
    expect(lateness({ status: 'not_started', deadline: '2020-06-30', completedOn: null }, '2020-06-30')).toBe('open');
    expect(lateness({ status: 'cancelled', deadline: '2020-06-30', completedOn: null }, '2021-01-01')).toBe('cancelled');
  });

  it('uses China time for today and for the overdue moment', () => {
    expect(chinaToday(new Date('2020-06-30T16:30:00Z'))).toBe('2020-07-01');
    expect(overdueAt('2020-06-30').toISOString()).toBe('2020-06-30T16:00:00.000Z');
  });
});
