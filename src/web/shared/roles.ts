import { ROLE_LABELS, ROLES, type Role } from '../../server/platform/auth/roles.ts';
import type { Lang } from '../app/i18n.tsx';

export { ROLES, ROLE_LABELS };

export function roleLabel(role: Role | string, lang: Lang): string {
  return (ROLE_LABELS as Record<string, { zh: string; en: string }>)[role]?.[lang] ?? role;
}

export function roleOptions(lang: Lang): { value: Role; label: string }[] {
  return ROLES.map((r) => ({ value: r, label: roleLabel(r, lang) }));
}
