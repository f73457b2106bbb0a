import { definePolicy } from '../../platform/auth/policy.ts';

export const gridsActions = definePolicy({
  /**
   * Read grids, their outlines and workers, and place a point in its grid: every staff role, the whole zone
   * (a grid worker needs every outline for the map; their data scope for events is the events module's concern).
   */
  'grids.read': {
    admin: 'jurisdiction', security_admin: 'jurisdiction', audit_admin: 'jurisdiction', leader: 'jurisdiction',
    law_office: 'jurisdiction', dispatcher: 'jurisdiction', grid_worker: 'jurisdiction', handler: 'jurisdiction',
    enterprise_officer: 'jurisdiction', mediator: 'jurisdiction', safety: 'jurisdiction', lawyer: 'jurisdiction',
  },
  /** Create, edit, deactivate grids and assign their workers. */
  'grids.manage': { admin: 'jurisdiction' },
});
