import { definePolicy } from '../../platform/auth/policy.ts';

// Department-side roles act within their own department; grid workers within their own grids; enterprise
// users within their own enterprise; the command centre, leaders and the law office see the whole jurisdiction.
const dept = { handler: 'department', mediator: 'department', enterprise_officer: 'department', safety: 'department' } as const;

export const eventActions = definePolicy({
  'events.read': {
    leader: 'jurisdiction', law_office: 'jurisdiction', dispatcher: 'jurisdiction', grid_worker: 'grid', enterprise: 'enterprise', ...dept,
  },
  /** Report an event (grid worker patrol, hotline / transfer entry at the command centre, enterprise user). */
  'events.create': { dispatcher: 'jurisdiction', grid_worker: 'grid', enterprise: 'enterprise' },
  /** Workflow moves; the workflow table says which role may do which move. */
  'events.move': { dispatcher: 'jurisdiction', grid_worker: 'grid', enterprise: 'enterprise', ...dept },
  /** Comments and photos on an event. */
  'events.annotate': { dispatcher: 'jurisdiction', leader: 'jurisdiction', grid_worker: 'grid', enterprise: 'enterprise', ...dept },
  /** 督办: leaders and the command centre raise supervision on an event. */
  'events.supervise': { leader: 'jurisdiction', dispatcher: 'jurisdiction' },
  'events.extension.request': { ...dept },
  'events.extension.decide': { dispatcher: 'jurisdiction', leader: 'jurisdiction' },
  /** See a caller's whole phone number (logged). */
  'events.contact.reveal': { dispatcher: 'jurisdiction' },
  'events.metrics': {
    leader: 'jurisdiction', law_office: 'jurisdiction', dispatcher: 'jurisdiction', grid_worker: 'grid', handler: 'department',
  },
  'events.export': { leader: 'jurisdiction', law_office: 'jurisdiction', dispatcher: 'jurisdiction', grid_worker: 'grid', handler: 'department' },
  'event_categories.read': {
    admin: 'jurisdiction', leader: 'jurisdiction', law_office: 'jurisdiction', dispatcher: 'jurisdiction', grid_worker: 'jurisdiction',
    handler: 'jurisdiction', mediator: 'jurisdiction', enterprise_officer: 'jurisdiction', safety: 'jurisdiction', enterprise: 'jurisdiction',
  },
  'event_categories.manage': { admin: 'jurisdiction' },
  /** Keys for the higher platform's transfers and for Open311 clients. */
  'event_api_clients.manage': { admin: 'jurisdiction' },
});
