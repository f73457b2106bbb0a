import { definePolicy } from '../../platform/auth/policy.ts';

const everyone = {
  admin: 'own', security_admin: 'own', audit_admin: 'own', leader: 'own', law_office: 'own', dispatcher: 'own',
  grid_worker: 'own', handler: 'own', enterprise_officer: 'own', mediator: 'own', safety: 'own', lawyer: 'own', enterprise: 'own',
} as const;

export const identityActions = definePolicy({
  /** One's own account: profile, password, second factor, sessions. */
  'identity.self': everyone,
  /** Read users and org units (names for pickers); leaders and the office see the whole zone. */
  'users.read': {
    admin: 'jurisdiction', security_admin: 'jurisdiction', leader: 'jurisdiction', law_office: 'jurisdiction',
    dispatcher: 'jurisdiction', mediator: 'jurisdiction', enterprise_officer: 'jurisdiction', handler: 'department',
  },
  'users.manage': { admin: 'jurisdiction' },
  /** Unlock accounts, reset second factors, revoke sessions: the security administrator's duty. */
  'users.security': { security_admin: 'jurisdiction', admin: 'jurisdiction' },
  'org_units.read': {
    admin: 'jurisdiction', security_admin: 'jurisdiction', audit_admin: 'jurisdiction', leader: 'jurisdiction',
    law_office: 'jurisdiction', dispatcher: 'jurisdiction', grid_worker: 'jurisdiction', handler: 'jurisdiction',
    enterprise_officer: 'jurisdiction', mediator: 'jurisdiction', safety: 'jurisdiction', lawyer: 'jurisdiction',
  },
  'org_units.manage': { admin: 'jurisdiction' },
  /** Reading the audit log is the audit administrator's duty alone; nobody may change it. */
  'audit.read': { audit_admin: 'jurisdiction' },
});
