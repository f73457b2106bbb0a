// HTTP for the leading group, annual plans, tasks (progress, 督办, evaluation), topic meetings and figures.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, Page, PageQuery, StringEnum } from '../../platform/http/schemas.ts';
import { plansActions } from './plans.policy.ts';
import * as service from './plans.service.ts';
import { EVALUATIONS, MEMBER_ROLES, NOTE_KINDS, TASK_STATUSES } from './plans.table.ts';
import { TASK_ACTIONS } from './plans.workflow.ts';

const tags = ['plans'];
const DateStr = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const FileRef = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), ref: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
const Files = Type.Array(FileRef, { maxItems: 20 });

const Member = Type.Object({
  id: Type.Integer(),
  userId: Nullable(Type.Integer()),
  name: Type.String(),
  title: Type.String(),
  role: StringEnum(MEMBER_ROLES),
  orgUnitId: Nullable(Type.Integer()),
  orgUnitName: Nullable(Type.String()),
});
const MemberInput = Type.Object(
  {
    userId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    name: Type.String({ minLength: 1, maxLength: 50 }),
    title: Type.Optional(Type.String({ maxLength: 100, description: '职务，如 党工委副书记、管委会主任' })),
    role: StringEnum(MEMBER_ROLES, { description: 'chair 组长 · deputy 副组长 · member 成员 · office_director 办公室主任' }),
    orgUnitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  },
  { additionalProperties: false },
);
const Group = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  documentNo: Type.String(),
  periodStart: Type.String(),
  periodEnd: Nullable(Type.String()),
  version: Type.Integer(),
  members: Type.Array(Member),
});

const Plan = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  title: Type.String(),
  goals: Type.Array(Type.String()),
  status: Type.String(),
  issuedOn: Nullable(Type.String()),
  version: Type.Integer(),
  taskCounts: Type.Object({ total: Type.Integer(), notStarted: Type.Integer(), inProgress: Type.Integer(), done: Type.Integer(), cancelled: Type.Integer() }),
});

const Task = Type.Object({
  id: Type.Integer(),
  planId: Type.Integer(),
  planYear: Type.Integer(),
  area: Type.String(),
  title: Type.String(),
  description: Type.String(),
  ownerOrgUnitId: Type.Integer(),
  ownerOrgUnitName: Type.String(),
  responsibleUserId: Nullable(Type.Integer()),
  responsibleUserName: Nullable(Type.String()),
  responsibleName: Type.String(),
  deadline: Type.String(),
  status: StringEnum(TASK_STATUSES),
  lateness: StringEnum(['on_time', 'late', 'overdue', 'open', 'cancelled'] as const),
  completedOn: Nullable(Type.String()),
  sourceMeetingId: Nullable(Type.Integer()),
  overdueSince: Nullable(Type.String()),
  supervisionCount: Type.Integer(),
  lastSupervisedAt: Nullable(DateTime),
  evaluation: Nullable(StringEnum(EVALUATIONS)),
  evaluationScore: Nullable(Type.Number()),
  evaluationNote: Type.String(),
  evaluatedAt: Nullable(DateTime),
  version: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
const Note = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(NOTE_KINDS),
  note: Type.String(),
  files: Type.Array(Type.Object({ name: Type.String(), ref: Type.String() })),
  authorId: Nullable(Type.Integer()),
  authorName: Type.String(),
  at: DateTime,
});
const TaskDetail = Type.Object({ ...Task.properties, notes: Type.Array(Note), evidence: Type.Array(Type.Object({ name: Type.String(), ref: Type.String() })) });

const TaskFields = {
  area: Type.Optional(Type.String({ maxLength: 100, description: '所属方面，如 优化营商环境' })),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  ownerOrgUnitId: Type.Integer({ minimum: 1 }),
  responsibleUserId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  responsibleName: Type.Optional(Type.String({ maxLength: 50 })),
  deadline: DateStr,
};
const TaskInput = Type.Object(TaskFields, { additionalProperties: false });

const Attendee = Type.Object({ userId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))), name: Type.String({ minLength: 1, maxLength: 50 }) }, { additionalProperties: false });
const Meeting = Type.Object({
  id: Type.Integer(),
  planId: Nullable(Type.Integer()),
  heldOn: Type.String(),
  title: Type.String(),
  place: Type.String(),
  attendees: Type.Array(Type.Object({ userId: Nullable(Type.Integer()), name: Type.String() })),
  summary: Type.String(),
  version: Type.Integer(),
  decisions: Type.Array(
    Type.Object({ id: Type.Integer(), text: Type.String(), taskId: Nullable(Type.Integer()), taskStatus: Nullable(Type.String()), taskTitle: Nullable(Type.String()) }),
  ),
});

const Figures = Type.Object({
  from: Type.String(),
  to: Type.String(),
  asOf: Type.String(),
  tasks: Type.Integer(),
  done: Type.Integer(),
  doneOnTime: Type.Integer(),
  doneLate: Type.Integer(),
  overdue: Type.Integer(),
  open: Type.Integer(),
  supervised: Type.Integer(),
  onTimeRate: Type.Object({ numerator: Type.Integer(), denominator: Type.Integer(), rate: Nullable(Type.Number()) }),
  fromMeetings: Type.Integer(),
  evaluations: Type.Object({ excellent: Type.Integer(), good: Type.Integer(), fair: Type.Integer(), poor: Type.Integer(), pending: Type.Integer() }),
  meetingsHeld: Type.Integer(),
});

const PeriodQuery = Type.Object({ from: Type.Optional(DateStr), to: Type.Optional(DateStr) }, { additionalProperties: false });
function periodOf(q: { from?: string; to?: string }) {
  const year = new Date().getFullYear();
  return { from: q.from ?? `${year}-01-01`, to: q.to ?? `${year}-12-31` };
}
const DecisionParams = Type.Object({ id: Type.Integer({ minimum: 1 }), decisionId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const plansRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  // ── leading group ──
  app.get(
    '/api/plans/leading-groups',
    { config: { policy: plansActions['plans.read'] }, schema: { tags, summary: '法治建设领导小组 / leading groups', response: { 200: Type.Array(Group), ...errorResponses } } },
    async (req) => service.listGroups(db, req.ctx),
  );
  app.post(
    '/api/plans/leading-groups',
    {
      config: { policy: plansActions['plans.manage'] },
      schema: {
        tags,
        summary: '成立领导小组 / set up a leading group',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            documentNo: Type.Optional(Type.String({ maxLength: 100 })),
            periodStart: DateStr,
            periodEnd: Type.Optional(Nullable(DateStr)),
            members: Type.Array(MemberInput, { minItems: 1, maxItems: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Group, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createGroup(db, req.ctx, req.body)),
  );
  app.patch(
    '/api/plans/leading-groups/:id',
    {
      config: { policy: plansActions['plans.manage'] },
      schema: {
        tags,
        summary: '调整领导小组（成员整体替换）/ update a leading group',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            documentNo: Type.Optional(Type.String({ maxLength: 100 })),
            periodStart: Type.Optional(DateStr),
            periodEnd: Type.Optional(Nullable(DateStr)),
            members: Type.Optional(Type.Array(MemberInput, { minItems: 1, maxItems: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Group, ...errorResponses },
      },
    },
    async (req) => service.updateGroup(db, req.ctx, req.params.id, req.body),
  );

  // ── plans ──
  app.get(
    '/api/plans',
    { config: { policy: plansActions['plans.read'] }, schema: { tags, summary: '年度工作计划 / annual plans', response: { 200: Type.Array(Plan), ...errorResponses } } },
    async (req) => service.listPlans(db, req.ctx),
  );
  app.post(
    '/api/plans',
    {
      config: { policy: plansActions['plans.manage'] },
      schema: {
        tags,
        summary: '制定年度工作计划 / make the year’s plan',
        body: Type.Object(
          { year: Year, title: Type.String({ minLength: 1, maxLength: 200 }), goals: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 50 }), issuedOn: Type.Optional(Nullable(DateStr)) },
          { additionalProperties: false },
        ),
        response: { 201: Plan, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createPlan(db, req.ctx, req.body)),
  );
  app.get(
    '/api/plans/:id',
    { config: { policy: plansActions['plans.read'] }, schema: { tags, summary: '工作计划 / one plan', params: IdParams, response: { 200: Plan, ...errorResponses } } },
    async (req) => service.getPlan(db, req.ctx, req.params.id),
  );
  app.patch(
    '/api/plans/:id',
    {
      config: { policy: plansActions['plans.manage'] },
      schema: {
        tags,
        summary: '修改或印发工作计划 / update or issue a plan',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            goals: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 50 })),
            issuedOn: Type.Optional(Nullable(DateStr)),
          },
          { additionalProperties: false },
        ),
        response: { 200: Plan, ...errorResponses },
      },
    },
    async (req) => service.updatePlan(db, req.ctx, req.params.id, req.body),
  );

  // ── tasks ──
  app.post(
    '/api/plans/:id/tasks',
    {
      config: { policy: plansActions['plans.manage'] },
      schema: { tags, summary: '分解任务 / add a task to a plan', params: IdParams, body: TaskInput, response: { 201: Task, ...errorResponses } },
    },
    async (req, reply) => reply.code(201).send(await service.createTask(db, req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/api/plans/tasks',
    {
      config: { policy: plansActions['plans.tasks.read'] },
      schema: {
        tags,
        summary: '任务（部门只见本部门）/ tasks (a department sees its own)',
        querystring: PageQuery(['deadline', 'id'] as const, {
          planId: Type.Optional(Type.Integer({ minimum: 1 })),
          status: Type.Optional(StringEnum(TASK_STATUSES)),
          ownerOrgUnitId: Type.Optional(Type.Integer({ minimum: 1 })),
          overdue: Type.Optional(Type.Boolean({ description: '只看逾期未办结' })),
        }),
        response: { 200: Page(Task), ...errorResponses },
      },
    },
    async (req) => service.listTasks(db, req.ctx, req.query),
  );
  app.get(
    '/api/plans/tasks/:id',
    {
      config: { policy: plansActions['plans.tasks.read'] },
      schema: { tags, summary: '任务详情（进展、督办、佐证材料）/ a task with its notes and evidence', params: IdParams, response: { 200: TaskDetail, ...errorResponses } },
    },
    async (req) => service.getTask(db, req.ctx, req.params.id),
  );
  app.patch(
    '/api/plans/tasks/:id',
    {
      config: { policy: plansActions['plans.manage'] },
      schema: {
        tags,
        summary: '调整任务（责任单位、责任人、期限）/ update a task',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            area: TaskFields.area,
            title: Type.Optional(TaskFields.title),
            description: TaskFields.description,
            ownerOrgUnitId: Type.Optional(TaskFields.ownerOrgUnitId),
            responsibleUserId: TaskFields.responsibleUserId,
            responsibleName: TaskFields.responsibleName,
            deadline: Type.Optional(DateStr),
          },
          { additionalProperties: false },
        ),
        response: { 200: Task, ...errorResponses },
      },
    },
    async (req) => service.updateTask(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/plans/tasks/:id/transition',
    {
      config: { policy: plansActions['plans.tasks.progress'] },
      schema: {
        tags,
        summary: '任务状态变更（开始、完成、重办、取消）/ move a task',
        params: IdParams,
        body: Type.Object(
          {
            action: StringEnum(TASK_ACTIONS),
            version: Type.Integer({ minimum: 1 }),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
            completedOn: Type.Optional(DateStr),
            files: Type.Optional(Files),
          },
          { additionalProperties: false },
        ),
        response: { 200: Task, ...errorResponses },
      },
    },
    async (req) => service.transitionTask(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/plans/tasks/:id/progress',
    {
      config: { policy: plansActions['plans.tasks.progress'] },
      schema: {
        tags,
        summary: '报送进展与佐证材料 / report progress with evidence',
        params: IdParams,
        body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 5000 }), files: Type.Optional(Files) }, { additionalProperties: false }),
        response: { 200: TaskDetail, ...errorResponses },
      },
    },
    async (req) => service.addProgress(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/plans/tasks/:id/supervise',
    {
      config: { policy: plansActions['plans.tasks.supervise'] },
      schema: {
        tags,
        summary: '督办 / supervise a task',
        params: IdParams,
        body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: TaskDetail, ...errorResponses },
      },
    },
    async (req) => service.superviseTask(db, req.ctx, req.params.id, req.body),
  );
  app.put(
    '/api/plans/tasks/:id/evaluation',
    {
      config: { policy: plansActions['plans.tasks.evaluate'] },
      schema: {
        tags,
        summary: '年终评估 / year-end evaluation',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            evaluation: StringEnum(EVALUATIONS, { description: 'excellent 优秀 · good 良好 · fair 一般 · poor 较差' }),
            score: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100 }))),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Task, ...errorResponses },
      },
    },
    async (req) => service.evaluateTask(db, req.ctx, req.params.id, req.body),
  );

  // ── meetings ──
  app.get(
    '/api/plans/meetings',
    {
      config: { policy: plansActions['plans.read'] },
      schema: {
        tags,
        summary: '专题会议 / topic meetings',
        querystring: PageQuery(['heldOn'] as const, { from: Type.Optional(DateStr), to: Type.Optional(DateStr), planId: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: Page(Meeting), ...errorResponses },
      },
    },
    async (req) => service.listMeetings(db, req.ctx, req.query),
  );
  app.post(
    '/api/plans/meetings',
    {
      config: { policy: plansActions['plans.manage'] },
      schema: {
        tags,
        summary: '登记专题会议（决定可直接转为任务）/ record a topic meeting',
        body: Type.Object(
          {
            planId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
            heldOn: DateStr,
            title: Type.String({ minLength: 1, maxLength: 200 }),
            place: Type.Optional(Type.String({ maxLength: 200 })),
            attendees: Type.Array(Attendee, { maxItems: 200 }),
            summary: Type.Optional(Type.String({ maxLength: 10000 })),
            decisions: Type.Optional(
              Type.Array(Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }), task: Type.Optional(TaskInput) }, { additionalProperties: false }), { maxItems: 50 }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Meeting, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createMeeting(db, req.ctx, req.body)),
  );
  app.get(
    '/api/plans/meetings/:id',
    { config: { policy: plansActions['plans.read'] }, schema: { tags, summary: '专题会议详情 / one meeting', params: IdParams, response: { 200: Meeting, ...errorResponses } } },
    async (req) => service.getMeeting(db, req.ctx, req.params.id),
  );
  app.post(
    '/api/plans/meetings/:id/decisions/:decisionId/task',
    {
      config: { policy: plansActions['plans.manage'] },
      schema: { tags, summary: '会议决定转为任务 / turn a decision into a task', params: DecisionParams, body: TaskInput, response: { 201: Task, ...errorResponses } },
    },
    async (req, reply) => reply.code(201).send(await service.decisionToTask(db, req.ctx, req.params.id, req.params.decisionId, req.body)),
  );

  app.get(
    '/api/plans/figures',
    {
      config: { policy: plansActions['plans.figures.read'] },
      schema: { tags, summary: '计划任务统计（按期完成、逾期、会议）/ plan figures', querystring: PeriodQuery, response: { 200: Figures, ...errorResponses } },
    },
    async (req) => {
      const { from, to } = periodOf(req.query);
      return service.figuresFor(db, req.ctx, from, to);
    },
  );
};
