// HTTP for the working-day calendar: a year's special days, the administrator's overrides, and a due-time
// calculator so that every screen shows the same deadline the server will enforce.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { authorize } from '../auth/policy.ts';
import { errors } from '../errors.ts';
import { errorResponses, StringEnum } from '../http/schemas.ts';
import { calendarYear, loadCalendar, replaceYearOverrides } from './calendar.ts';
import { calendarActions } from './deadlines.policy.ts';
import { addTimeLimit, describeLimit, isWorkingDay, TIME_UNITS, workingDaysBetween } from './deadlines.ts';

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false });

const CalendarYearBody = Type.Object({
  year: Type.Integer(),
  timeZone: Type.String(),
  builtIn: Type.Boolean({ description: '平台是否内置该年国务院放假安排' }),
  workingDays: Type.Integer({ description: '全年工作日数' }),
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      kind: StringEnum(['holiday', 'workday'] as const),
      name: Type.String(),
      source: StringEnum(['built_in', 'override'] as const),
    }),
  ),
  overrides: Type.Array(Type.Object({ date: Type.String(), kind: Type.String(), name: Type.Optional(Type.String()) })),
});

export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const actorOf = (req: { ctx: { actor: import('../auth/policy.ts').Actor | null } }) => {
    if (!req.ctx.actor) throw errors.unauthenticated();
    return req.ctx.actor;
  };

  app.get(
    '/api/calendar/:year',
    {
      config: { policy: calendarActions['calendar.read'] },
      schema: {
        tags: ['calendar'],
        summary: '工作日历：某年的节假日与调休上班日 / a year of holidays and make-up working days',
        params: YearParams,
        response: { 200: CalendarYearBody, ...errorResponses },
      },
    },
    async (req) => calendarYear(db, actorOf(req).jurisdictionId, req.params.year),
  );

  app.put(
    '/api/calendar/:year',
    {
      config: { policy: calendarActions['calendar.manage'] },
      schema: {
        tags: ['calendar'],
        summary: '设置某年的日历调整（整体替换） / replace a year’s overrides',
        description:
          'kind: holiday 放假, workday 调休上班, normal 取消内置的特殊日（按周一至周五规则）。整体替换该年的全部调整。',
        params: YearParams,
        body: Type.Object(
          {
            overrides: Type.Array(
              Type.Object(
                {
                  date: DateString,
                  kind: StringEnum(['holiday', 'workday', 'normal'] as const),
                  name: Type.Optional(Type.String({ maxLength: 50 })),
                },
                { additionalProperties: false },
              ),
              { maxItems: 366 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: CalendarYearBody, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, calendarActions['calendar.manage']);
      return replaceYearOverrides(db, req.ctx, actor.jurisdictionId, req.params.year, req.body.overrides);
    },
  );

  app.post(
    '/api/calendar/due',
    {
      config: { policy: calendarActions['calendar.read'] },
      schema: {
        tags: ['calendar'],
        summary: '计算期限 / compute a due time',
        body: Type.Object(
          {
            start: Type.String({ format: 'date-time' }),
            amount: Type.Integer({ minimum: 0, maximum: 3650 }),
            unit: StringEnum(TIME_UNITS),
            rollToWorkingDay: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            dueAt: Type.String({ format: 'date-time' }),
            limit: Type.String(),
            workingDays: Type.Integer({ description: '起算日之后至到期日（含）的工作日数' }),
            dueOnWorkingDay: Type.Boolean(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const cal = await loadCalendar(db, actorOf(req).jurisdictionId);
      const start = new Date(req.body.start);
      const limit = { amount: req.body.amount, unit: req.body.unit };
      const dueAt = addTimeLimit(start, limit, cal, { rollToWorkingDay: req.body.rollToWorkingDay });
      return {
        dueAt: dueAt.toISOString(),
        limit: describeLimit(limit),
        workingDays: workingDaysBetween(start, dueAt, cal),
        dueOnWorkingDay: isWorkingDay(dueAt, cal),
      };
    },
  );
};
