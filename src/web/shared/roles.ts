import { ROLE_LABELS, ROLES, type Role } from '../../server/platform/auth/roles.ts';
import type { Lang } from '../app/i18n.tsx';

export { ROLES, ROLE_LABELS };

export function roleLabel(role: Role | string, lang: Lang): string {
  return (ROLE_LABELS as Record<string, { zh: string; en: string }>)[role]?.[lang] ?? role;
}

export function roleOptions(lang: Lang): { value: Role; label: string }[] {
  return ROLES.map((r) => ({ value: r, label: roleLabel(r, lang) }));
}

/**
 * 三员分立: through the API the system administrator can neither grant, remove nor reset the security and
 * audit administrator roles (the server's SEPARATE_DUTY_ROLES; such accounts are made with `zhili user add`).
 */
export const SEPARATE_DUTY_ROLES: readonly Role[] = ['security_admin', 'audit_admin'];

/** Roles the given actor may hand out in the user form. */
export function grantableRoleOptions(actorRole: Role, lang: Lang): { value: Role; label: string }[] {
  return roleOptions(lang).filter((o) => actorRole !== 'admin' || !SEPARATE_DUTY_ROLES.includes(o.value));
}
