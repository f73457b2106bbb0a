// Shared TypeBox schemas: the error shape, pagination, ids.
import { Type, type Static, type TSchema } from '@fastify/type-provider-typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { $id: 'ErrorBody', description: '统一错误格式 / the one error shape' },
);

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false });

export const SortOrder = Type.Union([Type.Literal('asc'), Type.Literal('desc')]);

/** Query for a paged list: page from 1, pageSize up to 200, sort by one of the given fields. */
export function PageQuery<F extends string>(sortFields: readonly [F, ...F[]], extra: Record<string, TSchema> = {}) {
  return Type.Object(
    {
      page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
      pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
      sort: Type.Optional(Type.Union(sortFields.map((f) => Type.Literal(f)))),
      order: Type.Optional(SortOrder),
      ...extra,
    },
    { additionalProperties: false },
  );
}

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

/** A page whose total is counted only up to a cap: `totalCapped` says there are more than `total`. */
export function CappedPage<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    totalCapped: Type.Boolean({ description: 'true: more than total match (counting stops there)' }),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

export interface PageArgs {
  page?: number;
  pageSize?: number;
}

export function pageBounds(q: PageArgs): { page: number; pageSize: number; offset: number } {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** Standard error responses for a route, so OpenAPI documents them. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
  429: ErrorBody,
};

export type PageResult<T> = { items: T[]; total: number; page: number; pageSize: number };
export type StaticOf<T extends TSchema> = Static<T>;

/** A string that must be one of the given values (a JSON-Schema enum, typed as the union). */
export function StringEnum<T extends string>(values: readonly T[], opts: { description?: string; default?: T } = {}) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...opts });
}
