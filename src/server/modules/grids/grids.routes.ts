// HTTP for grids: list, tree, one grid with its workers, map outlines (GeoJSON), point lookup, and the
// administrator's create / edit / (de)activate / worker assignment.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, Page, PageQuery, StringEnum } from '../../platform/http/schemas.ts';
import { gridsActions } from './grids.policy.ts';
import * as service from './grids.service.ts';

const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
const Level = StringEnum(service.GRID_LEVELS, { description: 'zone 园区网格 · base 基础网格 · micro 微网格' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Code = Type.String({ minLength: 1, maxLength: 32, pattern: '^\\s*[A-Za-z0-9][A-Za-z0-9_.-]*\\s*$', description: '网格编码：字母、数字、-、_、.' });
const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' });
const Description = Type.String({ maxLength: 2000 });
const GridId = Type.Integer({ minimum: 1, maximum: 2147483647 });

/** Loose on purpose: the service checks the shape and explains every problem in Chinese. */
const BoundaryIn = Type.Object(
  {
    type: Type.String({ description: 'Polygon 或 MultiPolygon' }),
    coordinates: Type.Array(Type.Unknown()),
    bbox: Type.Optional(Type.Array(Type.Number())),
  },
  { additionalProperties: false, description: 'GeoJSON Polygon / MultiPolygon（WGS-84 经纬度），最多 5000 个顶点' },
);
const Geometry = Type.Object({ type: StringEnum(['Polygon', 'MultiPolygon'] as const), coordinates: Type.Array(Type.Unknown()) });
const BBox = Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[minLng, minLat, maxLng, maxLat]' });

const GridRef = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), level: Level });

const Worker = Type.Object({
  userId: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  disabled: Type.Boolean(),
  assignedAt: DateTime,
});

const GridDetail = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  parent: Nullable(GridRef),
  level: Level,
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  boundary: Nullable(Geometry),
  bbox: Nullable(BBox),
  areaKm2: Nullable(Type.Number()),
  active: Type.Boolean(),
  version: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
  workers: Type.Array(Worker),
});

const GridListItem = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  level: Level,
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  areaKm2: Nullable(Type.Number()),
  active: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: DateTime,
  workerCount: Type.Integer(),
});

const nodeFields = {
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  level: Level,
  code: Type.String(),
  name: Type.String(),
  active: Type.Boolean(),
  workerCount: Type.Integer(),
};
/** Levels are fixed (zone → base → micro), so the tree is at most three deep; spelled out for the serialiser. */
function treeNode(depth: number): TSchema {
  return Type.Object({ ...nodeFields, children: depth > 1 ? Type.Array(treeNode(depth - 1)) : Type.Array(Type.Unknown(), { maxItems: 0 }) });
}
const TreeNode = treeNode(service.GRID_LEVELS.length);

const FeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  bbox: Type.Optional(BBox),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.Integer(),
      geometry: Geometry,
      properties: Type.Object({
        id: Type.Integer(),
        code: Type.String(),
        name: Type.String(),
        level: Level,
        parentId: Nullable(Type.Integer()),
        active: Type.Boolean(),
        workerCount: Type.Integer(),
      }),
    }),
  ),
});

const VersionBody = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
const WorkerParams = Type.Object({ id: GridId, userId: GridId }, { additionalProperties: false });

export const gridsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const read = { policy: gridsActions['grids.read'] };
  const manage = { policy: gridsActions['grids.manage'] };
  const tags = ['grids'];

  app.get(
    '/api/grids',
    {
      config: read,
      schema: {
        tags,
        summary: '网格列表 / list grids',
        querystring: PageQuery(['code', 'name', 'level', 'updatedAt', 'areaKm2'] as const, {
          level: Type.Optional(Level),
          parentId: Type.Optional(GridId),
          active: Type.Optional(Type.Boolean()),
          q: Type.Optional(Type.String({ maxLength: 64, description: '按编码或名称搜索' })),
        }),
        response: { 200: Page(GridListItem), ...errorResponses },
      },
    },
    async (req) => service.list(db, req.ctx, req.query),
  );

  app.get(
    '/api/grids/tree',
    {
      config: read,
      schema: {
        tags,
        summary: '网格树 / grid tree',
        querystring: Type.Object({ includeInactive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Object({ roots: Type.Array(TreeNode) }), ...errorResponses },
      },
    },
    async (req) => service.tree(db, req.ctx, req.query),
  );

  app.get(
    '/api/grids/geojson',
    {
      config: read,
      schema: {
        tags,
        summary: '网格边界 GeoJSON（地图用）/ grid outlines as a GeoJSON FeatureCollection',
        querystring: Type.Object(
          { level: Type.Optional(Level), parentId: Type.Optional(GridId), includeInactive: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: FeatureCollection, ...errorResponses },
      },
    },
    async (req) => service.featureCollection(db, req.ctx, req.query),
  );

  app.get(
    '/api/grids/locate',
    {
      config: read,
      schema: {
        tags,
        summary: '坐标定位网格 / the most specific active grid holding a point',
        querystring: Type.Object(
          { lng: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ grid: Nullable(GridRef) }), ...errorResponses },
      },
    },
    async (req) => service.locate(db, req.ctx, req.query.lng, req.query.lat),
  );

  app.get(
    '/api/grids/:id',
    {
      config: read,
      schema: { tags, summary: '网格详情及网格员 / one grid with its workers', params: IdParams, response: { 200: GridDetail, ...errorResponses } },
    },
    async (req) => service.get(db, req.ctx, req.params.id),
  );

  app.post(
    '/api/grids',
    {
      config: manage,
      schema: {
        tags,
        summary: '新建网格 / create a grid',
        body: Type.Object(
          {
            level: Level,
            parentId: Type.Optional(Nullable(GridId)),
            code: Code,
            name: Name,
            description: Type.Optional(Description),
            boundary: Type.Optional(Nullable(BoundaryIn)),
          },
          { additionalProperties: false },
        ),
        response: { 200: GridDetail, ...errorResponses },
      },
    },
    async (req) => service.create(db, req.ctx, req.body),
  );

  app.patch(
    '/api/grids/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: '修改网格（须带 version）/ edit a grid (optimistic concurrency)',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            parentId: Type.Optional(Nullable(GridId)),
            code: Type.Optional(Code),
            name: Type.Optional(Name),
            description: Type.Optional(Description),
            boundary: Type.Optional(Nullable(BoundaryIn)),
          },
          { additionalProperties: false },
        ),
        response: { 200: GridDetail, ...errorResponses },
      },
    },
    async (req) => service.update(db, req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/grids/:id/deactivate',
    {
      config: manage,
      schema: { tags, summary: '停用网格 / deactivate a grid', params: IdParams, body: VersionBody, response: { 200: GridDetail, ...errorResponses } },
    },
    async (req) => service.setActive(db, req.ctx, req.params.id, req.body.version, false),
  );

  app.post(
    '/api/grids/:id/activate',
    {
      config: manage,
      schema: { tags, summary: '启用网格 / activate a grid', params: IdParams, body: VersionBody, response: { 200: GridDetail, ...errorResponses } },
    },
    async (req) => service.setActive(db, req.ctx, req.params.id, req.body.version, true),
  );

  app.put(
    '/api/grids/:id/workers/:userId',
    {
      config: manage,
      schema: { tags, summary: '分配网格员 / assign a grid worker', params: WorkerParams, response: { 200: GridDetail, ...errorResponses } },
    },
    async (req) => service.assignWorker(db, req.ctx, req.params.id, req.params.userId),
  );

  app.delete(
    '/api/grids/:id/workers/:userId',
    {
      config: manage,
      schema: { tags, summary: '取消分配网格员 / unassign a grid worker', params: WorkerParams, response: { 200: GridDetail, ...errorResponses } },
    },
    async (req) => service.unassignWorker(db, req.ctx, req.params.id, req.params.userId),
  );
};
