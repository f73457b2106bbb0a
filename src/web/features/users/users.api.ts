import { api, type Query } from '../../api/client.ts';
import type { Page, Role } from '../../api/types.ts';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: number | null;
  orgUnitName: string | null;
  enterpriseId: number | null;
  phoneMasked: string | null;
  disabled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface UserCreate {
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: number | null;
  enterpriseId?: number | null;
  phone?: string | null;
  password?: string;
}

export interface UserUpdate {
  displayName?: string;
  role?: Role;
  orgUnitId?: number | null;
  enterpriseId?: number | null;
  phone?: string | null;
  version: number;
}

export const usersApi = {
  list: (q: Query, signal?: AbortSignal) => api.get<Page<UserRow>>('/api/users', q, { signal }),
  create: (body: UserCreate, idempotencyKey?: string) =>
    api.post<{ user: UserRow; temporaryPassword: string | null }>('/api/users', body, { idempotencyKey }),
  update: (id: number, body: UserUpdate) => api.patch<UserRow>(`/api/users/${id}`, body),
  disable: (u: UserRow) => api.post<UserRow>(`/api/users/${u.id}/disable`, {}),
  enable: (u: UserRow) => api.post<UserRow>(`/api/users/${u.id}/enable`, {}),
  unlock: (u: UserRow) => api.post<UserRow>(`/api/users/${u.id}/unlock`, {}),
  resetPassword: (u: UserRow) => api.post<{ temporaryPassword: string | null }>(`/api/users/${u.id}/reset-password`, {}),
  resetTotp: (u: UserRow) => api.post<UserRow>(`/api/users/${u.id}/reset-totp`, {}),
  revokeSessions: (u: UserRow) => api.delete<{ revoked: number }>(`/api/users/${u.id}/sessions`),
  /** The whole number; the reason goes to the audit log. */
  revealPhone: (u: UserRow, reason: string) => api.post<{ phone: string | null }>(`/api/users/${u.id}/reveal-phone`, { reason }),
};
