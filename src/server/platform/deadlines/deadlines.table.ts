import type { CreatedAt } from '../../db/schema.ts';

export interface HolidaysTable {
  jurisdictionId: number;
  /** 'YYYY-MM-DD'. */
  day: string;
  kind: 'holiday' | 'workday' | 'normal';
  name: string;
  updatedBy: number | null;
  updatedAt: CreatedAt;
}

export interface DeadlineTables {
  holidays: HolidaysTable;
}
