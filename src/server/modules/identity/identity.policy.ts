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
  /** Create users, change their profile and role, disable and enable them. */
  'users.manage': { admin: 'jurisdiction' },
  /** Unlock accounts, list and revoke sessions: the security administrator's duty, shared with the administrator. */
  'users.security': { security_admin: 'jurisdiction', admin: 'jurisdiction' },
  /** Set a new (temporary) password that must be changed at the next sign-in. */
  'users.reset_password': { security_admin: 'jurisdiction', admin: 'jurisdiction' },
  /** Remove a lost second factor: the security administrator alone. */
  'users.reset_totp': { security_admin: 'jurisdiction' },
  /** See a staff member's whole phone number, with a reason that goes to the audit log. */
  'users.reveal_phone': {
    admin: 'jurisdiction', security_admin: 'jurisdiction', leader: 'jurisdiction', dispatcher: 'jurisdiction', handler: 'department',
  },
  /** The jurisdiction one works in (name, region, time zone). */
  'jurisdiction.read': {
    admin: 'jurisdiction', security_admin: 'jurisdiction', audit_admin: 'jurisdiction', leader: 'jurisdiction', law_office: 'jurisdiction',
    dispatcher: 'jurisdiction', grid_worker: 'jurisdiction', handler: 'jurisdiction', enterprise_officer: 'jurisdiction',
    mediator: 'jurisdiction', safety: 'jurisdiction', lawyer: 'jurisdiction', enterprise: 'jurisdiction',
  },
  /** Set the jurisdiction's work year (当前工作年度), the year figures and reports open on. */
  'jurisdiction.manage': { admin: 'jurisdiction', law_office: 'jurisdiction' },
  'org_units.read': {
    admin: 'jurisdiction', security_admin: 'jurisdiction', audit_admin: 'jurisdiction', leader: 'jurisdiction',
    law_office: 'jurisdiction', dispatcher: 'jurisdiction', grid_worker: 'jurisdiction', handler: 'jurisdiction',
    enterprise_officer: 'jurisdiction', mediator: 'jurisdiction', safety: 'jurisdiction', lawyer: 'jurisdiction',
  },
  'org_units.manage': { admin: 'jurisdiction' },
  /** Reading and verifying the audit log is the audit administrator's duty alone; nobody may change it. */
  'audit.read': { audit_admin: 'jurisdiction' },
});
