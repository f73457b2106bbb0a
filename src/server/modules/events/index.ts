// Events (网格事件闭环): intake from grid workers, the public, the 12345 hotline, enterprises and the higher
// platform; the workflow reported → … → closed with time limits, overdue supervision and extensions; figures,
// export, the public portal and Open311 GeoReport v2. Other modules use eventFigures for the year's numbers,
// createEventFromSource to turn one of their records into an event in their own transaction, listEventsByEnterprise
// for an enterprise's 360° view, and eventRefs to show the code and status of events they link to.
import './events.jobs.ts';

export { eventsRoutes } from './events.routes.ts';
export { publicRoutes as eventsPublicRoutes } from './events.public.ts';
export { open311Routes } from './events.open311.ts';
export { eventActions } from './events.policy.ts';
export { eventFigures, DEFINITIONS as EVENT_RATE_DEFINITIONS, type EventFigures, type Rate } from './events.metrics.ts';
export {
  OVERDUE_JOB,
  markOverdue,
  createEventFromSource,
  listEventsByEnterprise,
  eventRefs,
  type SourceIntake,
} from './events.service.ts';
export {
  EVENT_STATUSES,
  EVENT_SOURCES,
  LINKED_SOURCES,
  STATUS_LABELS,
  SOURCE_LABELS,
  type EventStatus,
  type EventSource,
  type LinkedSource,
} from './events.workflow.ts';
