import { definePolicy } from '../../platform/auth/policy.ts';

export const notificationActions = definePolicy({
  /** One's own notifications: everybody who signs in. */
  'notifications.self': {
    admin: 'own', security_admin: 'own', audit_admin: 'own', leader: 'own', law_office: 'own', dispatcher: 'own',
    grid_worker: 'own', handler: 'own', enterprise_officer: 'own', mediator: 'own', safety: 'own', lawyer: 'own', enterprise: 'own',
  },
});
