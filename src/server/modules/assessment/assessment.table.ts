import type { Generated } from 'kysely';
import type { CreatedAt } from '../../db/schema.ts';
import type { Area, Direction } from './assessment.indicators.ts';

export interface AssessmentIndicatorsTable {
  id: Generated<number>;
  jurisdictionId: number;
  code: string;
  name: string;
  area: Area;
  formula: string;
  unit: Generated<string>;
  target: number | null;
  direction: Direction;
  weight: Generated<number>;
  tolerance: Generated<number>;
  prorate: Generated<boolean>;
  description: Generated<string>;
  active: Generated<boolean>;
  sort: Generated<number>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface AssessmentTables {
  assessmentIndicators: AssessmentIndicatorsTable;
}
