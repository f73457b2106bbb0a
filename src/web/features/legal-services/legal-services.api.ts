import { api, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export type ServiceKind = 'consultation' | 'lecture' | 'legal_aid' | 'mediation';
export const SERVICE_KINDS: { value: ServiceKind; label: string }[] = [
  { value: 'consultation', label: '法律咨询' },
  { value: 'lecture', label: '法治授课' },
  { value: 'legal_aid', label: '法律援助' },
  { value: 'mediation', label: '调解协助' },
];
export const kindLabel = (k: string) => SERVICE_KINDS.find((x) => x.value === k)?.label ?? k;

export interface LegalService {
  id: number;
  lawyerId: number;
  lawyerName: string;
  kind: ServiceKind;
  servedOn: string;
  enterpriseId: number | null;
  enterpriseName: string | null;
  place: string;
  peopleServed: number;
  topic: string;
  summary: string;
  version: number;
  createdAt: string;
}

export interface ServiceInput {
  lawyerId?: number;
  kind: ServiceKind;
  servedOn: string;
  enterpriseId?: number | null;
  place?: string;
  peopleServed: number;
  topic: string;
  summary?: string;
}

export interface Firm {
  id: number;
  name: string;
  address: string;
  phone: string;
  active: boolean;
  version: number;
  lawyerCount?: number;
}

export interface Lawyer {
  userId: number;
  name: string;
  firmId: number | null;
  firmName: string | null;
  licenceNo: string;
  onDuty: boolean;
  version: number;
}

export interface LegalFigures {
  from: string;
  to: string;
  services: number;
  byKind: Record<ServiceKind, { services: number; peopleServed: number }>;
  sites: number;
  enterprisesReached: number;
  peopleServed: number;
  lawyers: number;
  byMonth: { month: string; services: number }[];
}

export const legalApi = {
  services: (q: Query, signal?: AbortSignal) => api.get<Page<LegalService>>('/api/legal/services', q, { signal }),
  create: (body: ServiceInput, idempotencyKey?: string) => api.post<LegalService>('/api/legal/services', body, { idempotencyKey }),
  update: (id: number, body: Partial<ServiceInput> & { version: number }) => api.patch<LegalService>(`/api/legal/services/${id}`, body),
  figures: (q: Query, signal?: AbortSignal) => api.get<LegalFigures>('/api/legal/figures', q, { signal }),
  firms: (signal?: AbortSignal) => api.get<Firm[]>('/api/legal/firms', undefined, { signal }),
  createFirm: (body: { name: string; address?: string; phone?: string }) => api.post<Firm>('/api/legal/firms', body),
  lawyers: (signal?: AbortSignal) => api.get<Lawyer[]>('/api/legal/lawyers', undefined, { signal }),
  setLawyer: (userId: number, body: { firmId: number; licenceNo?: string; active?: boolean }) => api.put(`/api/legal/lawyers/${userId}`, body),
};
