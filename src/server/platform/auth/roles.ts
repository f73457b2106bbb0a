// Roles of DESIGN.md, plus the separate security- and audit-administrator duties of 等保 2.0.
export const ROLES = [
  'admin',
  'security_admin',
  'audit_admin',
  'leader',
  'law_office',
  'dispatcher',
  'grid_worker',
  'handler',
  'enterprise_officer',
  'mediator',
  'safety',
  'lawyer',
  'enterprise',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'System administrator' },
  security_admin: { zh: '安全管理员', en: 'Security administrator' },
  audit_admin: { zh: '审计管理员', en: 'Audit administrator' },
  leader: { zh: '领导', en: 'Leader' },
  law_office: { zh: '法治办', en: 'Rule-of-law office' },
  dispatcher: { zh: '指挥中心', en: 'Command centre' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  handler: { zh: '职能部门', en: 'Department handler' },
  enterprise_officer: { zh: '企业服务专员', en: 'Enterprise service officer' },
  mediator: { zh: '矛调中心', en: 'Mediation centre' },
  safety: { zh: '平安建设', en: 'Public safety' },
  lawyer: { zh: '值班律师', en: 'Duty lawyer' },
  enterprise: { zh: '企业用户', en: 'Enterprise user' },
};

/** Staff roles: everyone but the enterprise contact. Staff may enable (and policy may require) a second factor. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'enterprise');

export const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);
