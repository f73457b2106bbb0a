// Every module's routes, in the order they are registered. A new module adds one line here.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { jobsRoutes } from './platform/jobs/jobs.routes.ts';
import { gridsRoutes } from './modules/grids/index.ts';
import { identityRoutes } from './modules/identity/index.ts';
import { enterpriseRoutes } from './modules/enterprise/index.ts';
import { legalServicesRoutes } from './modules/legal-services/index.ts';
import { educationRoutes } from './modules/education/index.ts';
import { plansRoutes } from './modules/plans/index.ts';
import { safetyRoutes } from './modules/safety/index.ts';
import { assessmentRoutes } from './modules/assessment/index.ts';
import { reportRoutes } from './modules/report/index.ts';
import { mediationRoutes } from './modules/mediation/index.ts';
import { eventsRoutes, eventsPublicRoutes, open311Routes } from './modules/events/index.ts';
import { notificationsRoutes } from './modules/notifications/index.ts';
import { calendarRoutes } from './platform/deadlines/index.ts';

export const moduleRoutes: FastifyPluginAsyncTypebox[] = [identityRoutes, jobsRoutes, gridsRoutes, enterpriseRoutes, legalServicesRoutes, educationRoutes, plansRoutes, safetyRoutes, mediationRoutes, calendarRoutes, notificationsRoutes, eventsRoutes, eventsPublicRoutes, open311Routes, assessmentRoutes, reportRoutes];
