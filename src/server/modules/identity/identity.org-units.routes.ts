// HTTP for org units (list, tree, create, update, deactivate/activate) and the jurisdiction.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, Page, PageQuery, StringEnum } from '../../platform/http/schemas.ts';
import { identityActions } from './identity.policy.ts';
import * as orgUnits from './identity.org-units.service.ts';
import { ORG_UNIT_KIND_LABELS, ORG_UNIT_KINDS } from './identity.org-units.service.ts';

const DateTime = Type.String({ format: 'date-time' });
const RefId = Type.Integer({ minimum: 1, maximum: 2147483647 });

const orgUnitProps = {
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  sort: Type.Integer(),
  active: Type.Boolean(),
  userCount: Type.Integer({ description: '在用人员数 / enabled users' }),
  version: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
};
export const OrgUnitSchema = Type.Object(orgUnitProps);
const OrgUnitNode = Type.Object({ ...orgUnitProps, depth: Type.Integer() });

const Code = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$', description: '2–40 位字母、数字、_ 或 -' });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Version = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const orgUnitsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const tags = ['org-units'];

  app.get(
    '/api/jurisdiction',
    {
      config: { policy: identityActions['jurisdiction.read'] },
      schema: {
        tags: ['identity'],
        summary: '当前辖区 / the jurisdiction',
        response: {
          200: Type.Object({
            id: Type.Integer(),
            code: Type.String(),
            name: Type.String(),
            shortName: Type.String(),
            region: Type.String(),
            timezone: Type.String(),
            workYear: Type.Integer({ description: '当前工作年度 / work year' }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => orgUnits.getJurisdiction(db, req.ctx),
  );

  app.put(
    '/api/jurisdiction/work-year',
    {
      config: { policy: identityActions['jurisdiction.manage'] },
      schema: {
        tags: ['identity'],
        summary: '设置当前工作年度 / set the work year',
        body: Type.Object({ year: Type.Integer({ minimum: orgUnits.MIN_WORK_YEAR, maximum: 9999 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ workYear: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => orgUnits.setWorkYear(db, req.ctx, req.body.year),
  );

  app.get(
    '/api/org-unit-kinds',
    {
      config: { policy: identityActions['org_units.read'] },
      schema: {
        tags,
        summary: '部门类型 / org unit kinds',
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ kind: StringEnum(ORG_UNIT_KINDS), zh: Type.String(), en: Type.String() })) }),
          ...errorResponses,
        },
      },
    },
    async () => ({ items: ORG_UNIT_KINDS.map((kind) => ({ kind, ...ORG_UNIT_KIND_LABELS[kind] })) }),
  );

  app.get(
    '/api/org-units',
    {
      config: { policy: identityActions['org_units.read'] },
      schema: {
        tags,
        summary: '部门列表 / list org units',
        querystring: PageQuery(['sort', 'code', 'name', 'createdAt'], {
          q: Type.Optional(Type.String({ maxLength: 50 })),
          kind: Type.Optional(StringEnum(ORG_UNIT_KINDS)),
          active: Type.Optional(Type.Boolean()),
          parentId: Type.Optional(RefId),
        }),
        response: { 200: Page(OrgUnitSchema), ...errorResponses },
      },
    },
    async (req) => orgUnits.listOrgUnits(db, req.ctx, req.query),
  );

  app.get(
    '/api/org-units/tree',
    {
      config: { policy: identityActions['org_units.read'] },
      schema: {
        tags,
        summary: '部门树（先上级后下级，带层级）/ org units in tree order with depth',
        querystring: Type.Object({ includeInactive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(OrgUnitNode) }), ...errorResponses },
      },
    },
    async (req) => orgUnits.orgUnitTree(db, req.ctx, req.query.includeInactive ?? false),
  );

  app.get(
    '/api/org-units/:id',
    {
      config: { policy: identityActions['org_units.read'] },
      schema: { tags, summary: '部门详情 / get an org unit', params: IdParams, response: { 200: OrgUnitSchema, ...errorResponses } },
    },
    async (req) => orgUnits.getOrgUnit(db, req.ctx, req.params.id),
  );

  app.post(
    '/api/org-units',
    {
      config: { policy: identityActions['org_units.manage'] },
      schema: {
        tags,
        summary: '新建部门 / create an org unit',
        body: Type.Object(
          {
            code: Code,
            name: Name,
            kind: StringEnum(ORG_UNIT_KINDS),
            parentId: Type.Optional(Type.Union([RefId, Type.Null()])),
            sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: OrgUnitSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await orgUnits.createOrgUnit(db, req.ctx, req.body)),
  );

  app.patch(
    '/api/org-units/:id',
    {
      config: { policy: identityActions['org_units.manage'] },
      schema: {
        tags,
        summary: '修改部门 / update an org unit',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            code: Type.Optional(Code),
            name: Type.Optional(Name),
            kind: Type.Optional(StringEnum(ORG_UNIT_KINDS)),
            parentId: Type.Optional(Type.Union([RefId, Type.Null()])),
            sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: OrgUnitSchema, ...errorResponses },
      },
    },
    async (req) => orgUnits.updateOrgUnit(db, req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/org-units/:id/deactivate',
    {
      config: { policy: identityActions['org_units.manage'] },
      schema: {
        tags,
        summary: '停用部门 / deactivate an org unit',
        description: '部门仍有在用下级部门或在用人员时不能停用。',
        params: IdParams,
        body: Version,
        response: { 200: OrgUnitSchema, ...errorResponses },
      },
    },
    async (req) => orgUnits.deactivateOrgUnit(db, req.ctx, req.params.id, req.body.version),
  );

  app.post(
    '/api/org-units/:id/activate',
    {
      config: { policy: identityActions['org_units.manage'] },
      schema: { tags, summary: '重新启用部门 / reactivate an org unit', params: IdParams, body: Version, response: { 200: OrgUnitSchema, ...errorResponses } },
    },
    async (req) => orgUnits.activateOrgUnit(db, req.ctx, req.params.id, req.body.version),
  );
};
