// GET /api/admin/jobs and POST /api/admin/jobs/:id/retry: the administrator's window on the job queue.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, Page, PageQuery, StringEnum } from '../http/schemas.ts';
import { listJobs, retryJob } from './jobs.admin.ts';
import { jobsActions } from './jobs.policy.ts';
import { JOB_STATUSES } from './jobs.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const JobSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  status: StringEnum(JOB_STATUSES),
  runAt: Type.String({ format: 'date-time' }),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  uniqueKey: Nullable(Type.String()),
  repeatMs: Nullable(Type.Integer()),
  lockedBy: Nullable(Type.String()),
  lockedUntil: Nullable(Type.String({ format: 'date-time' })),
  lastError: Nullable(Type.String()),
  jurisdictionId: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});

const tags = ['platform'];

export const jobsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/admin/jobs',
    {
      config: { policy: jobsActions['jobs.read'] },
      schema: {
        tags,
        summary: '后台任务 / background jobs',
        description: '按状态、类型查看任务队列（不含任务内容）。',
        querystring: PageQuery(['id', 'runAt', 'createdAt'], {
          status: Type.Optional(StringEnum(JOB_STATUSES)),
          kind: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        }),
        response: { 200: Page(JobSchema), ...errorResponses },
      },
    },
    async (req) => listJobs(db, req.ctx, req.query),
  );

  app.post(
    '/api/admin/jobs/:id/retry',
    {
      config: { policy: jobsActions['jobs.manage'] },
      schema: {
        tags,
        summary: '重试失败的任务 / retry a dead job',
        params: IdParams,
        response: { 200: JobSchema, ...errorResponses },
      },
    },
    async (req) => retryJob(db, req.ctx, req.params.id),
  );
};
