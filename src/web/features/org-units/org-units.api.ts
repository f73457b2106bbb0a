import { api, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export interface OrgUnit {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  kind: string;
  sort: number;
  active: boolean;
  userCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Present in the tree answer: 0 for top-level units. */
  depth?: number;
}

export interface OrgUnitInput {
  parentId: number | null;
  code: string;
  name: string;
  kind: string;
  sort: number;
}

export interface OrgUnitKind {
  kind: string;
  zh: string;
  en: string;
}

export const orgUnitsApi = {
  list: (q: Query, signal?: AbortSignal) => api.get<Page<OrgUnit>>('/api/org-units', q, { signal }),
  /** Every unit, parents before children (for trees and pickers). */
  all: async (signal?: AbortSignal, includeInactive = true): Promise<OrgUnit[]> =>
    (await api.get<{ items: OrgUnit[] }>('/api/org-units/tree', { includeInactive }, { signal })).items,
  kinds: async (signal?: AbortSignal): Promise<OrgUnitKind[]> => (await api.get<{ items: OrgUnitKind[] }>('/api/org-unit-kinds', undefined, { signal })).items,
  create: (body: OrgUnitInput, idempotencyKey?: string) => api.post<OrgUnit>('/api/org-units', body, { idempotencyKey }),
  update: (id: number, body: Partial<OrgUnitInput> & { version: number }) => api.patch<OrgUnit>(`/api/org-units/${id}`, body),
  deactivate: (u: OrgUnit) => api.post<OrgUnit>(`/api/org-units/${u.id}/deactivate`, { version: u.version }),
  activate: (u: OrgUnit) => api.post<OrgUnit>(`/api/org-units/${u.id}/activate`, { version: u.version }),
};
