import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, shanghaiDayStart, shanghaiHour } from './format.ts';

describe('dates in Asia/Shanghai', () => {
  it('shows an instant in Shanghai time whatever the machine zone', () => {
    expect(formatDateTime('2024-03-01T16:30:00Z')).toBe('2024-03-02 00:30');
    expect(formatDateTime('2024-03-01T16:30:05Z', { seconds: true })).toBe('2024-03-02 00:30:05');
    expect(formatDate('2024-12-31T17:00:00Z')).toBe('2025-01-01');
    expect(shanghaiHour(new Date('2024-01-01T23:00:00Z'))).toBe(7);
  });

  it('keeps calendar dates as they are and shows a dash for nothing', () => {
    expect(formatDate('2024-05-06')).toBe('2024-05-06');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('starts a Shanghai day at 16:00 UTC the day before', () => {
    expect(shanghaiDayStart('2024-03-02')).toBe('2024-03-01T16:00:00.000Z');
  });
});
