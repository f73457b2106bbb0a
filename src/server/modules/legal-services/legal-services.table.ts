import type { Generated } from 'kysely';
import type { CreatedAt } from '../../db/schema.ts';

export const SERVICE_KINDS = ['consultation', 'lecture', 'legal_aid', 'mediation'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export const SERVICE_KIND_LABELS: Record<ServiceKind, string> = {
  consultation: '法律咨询',
  lecture: '法治授课',
  legal_aid: '法律援助',
  mediation: '调解协助',
};

export interface LawFirmsTable {
  id: Generated<number>;
  jurisdictionId: number;
  name: string;
  address: Generated<string>;
  phone: Generated<string>;
  active: Generated<boolean>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface DutyLawyersTable {
  userId: number;
  jurisdictionId: number;
  firmId: number;
  licenceNo: Generated<string>;
  active: Generated<boolean>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface LegalServicesTable {
  id: Generated<number>;
  jurisdictionId: number;
  lawyerId: number;
  kind: ServiceKind;
  servedOn: string;
  enterpriseId: number | null;
  place: Generated<string>;
  peopleServed: number;
  topic: string;
  summary: Generated<string>;
  createdBy: number;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface LegalServicesTables {
  lawFirms: LawFirmsTable;
  dutyLawyers: DutyLawyersTable;
  legalServices: LegalServicesTable;
}
