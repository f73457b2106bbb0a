// Shapes the server answers with, as the web uses them. Roles come from the server's own list.
import type { Role } from '../../server/platform/auth/roles.ts';

export type { Role };

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Pending = 'mfa' | 'password_change' | null;

/** GET /api/me, and the answer of sign-in, second factor and password change. */
export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: number | null;
  orgUnitName: string | null;
  enterpriseId: number | null;
  gridIds: number[];
  jurisdictionId: number;
  jurisdictionName: string;
  /** 当前工作年度: the year every year picker opens on. */
  workYear: number;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  locale: string;
  pending: Pending;
  csrfToken: string;
}
