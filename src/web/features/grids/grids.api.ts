import { api, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import type { Msg } from '../../app/i18n.tsx';

export type GridLevel = 'zone' | 'base' | 'micro';
export const GRID_LEVELS: GridLevel[] = ['zone', 'base', 'micro'];
export const LEVEL_LABELS: Record<GridLevel, Msg> = {
  zone: { zh: '园区网格', en: 'Zone' },
  base: { zh: '基础网格', en: 'Base grid' },
  micro: { zh: '微网格', en: 'Micro grid' },
};
/** The level a grid's parent must have (the server enforces it). */
export const PARENT_LEVEL: Record<GridLevel, GridLevel | null> = { zone: null, base: 'zone', micro: 'base' };

export interface Polygonal {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown[];
}

export interface GridListItem {
  id: number;
  parentId: number | null;
  level: GridLevel;
  code: string;
  name: string;
  description: string;
  areaKm2: number | null;
  active: boolean;
  version: number;
  updatedAt: string;
  workerCount: number;
}

export interface GridWorker {
  userId: number;
  username: string;
  displayName: string;
  disabled: boolean;
  assignedAt: string;
}

export interface GridDetail extends Omit<GridListItem, 'workerCount'> {
  parent: { id: number; code: string; name: string; level: GridLevel } | null;
  boundary: Polygonal | null;
  bbox: [number, number, number, number] | null;
  createdAt: string;
  workers: GridWorker[];
}

export interface GridFeature {
  type: 'Feature';
  id: number;
  geometry: Polygonal;
  properties: { id: number; code: string; name: string; level: GridLevel; parentId: number | null; active: boolean; workerCount: number };
}

export interface GridCollection {
  type: 'FeatureCollection';
  bbox?: [number, number, number, number];
  features: GridFeature[];
}

export interface GridInput {
  level: GridLevel;
  parentId: number | null;
  code: string;
  name: string;
  description: string;
  boundary: Polygonal | null;
}

export const gridsApi = {
  list: (q: Query, signal?: AbortSignal) => api.get<Page<GridListItem>>('/api/grids', q, { signal }),
  /** Every grid (for pickers and the map's side list). */
  async all(signal?: AbortSignal, q: Query = {}): Promise<GridListItem[]> {
    const out: GridListItem[] = [];
    for (let page = 1; page < 100; page++) {
      const r = await gridsApi.list({ ...q, page, pageSize: 200, sort: 'code', order: 'asc' }, signal);
      out.push(...r.items);
      if (out.length >= r.total || r.items.length === 0) break;
    }
    return out;
  },
  get: (id: number, signal?: AbortSignal) => api.get<GridDetail>(`/api/grids/${id}`, undefined, { signal }),
  geojson: (q: Query = {}, signal?: AbortSignal) => api.get<GridCollection>('/api/grids/geojson', q, { signal }),
  locate: (lng: number, lat: number) => api.get<{ grid: { id: number; code: string; name: string; level: GridLevel } | null }>('/api/grids/locate', { lng, lat }),
  create: (body: GridInput, idempotencyKey?: string) => api.post<GridDetail>('/api/grids', body, { idempotencyKey }),
  update: (id: number, body: Partial<Omit<GridInput, 'level'>> & { version: number }) => api.patch<GridDetail>(`/api/grids/${id}`, body),
  activate: (g: { id: number; version: number }) => api.post<GridDetail>(`/api/grids/${g.id}/activate`, { version: g.version }),
  deactivate: (g: { id: number; version: number }) => api.post<GridDetail>(`/api/grids/${g.id}/deactivate`, { version: g.version }),
  assign: (gridId: number, userId: number) => api.put<GridDetail>(`/api/grids/${gridId}/workers/${userId}`),
  unassign: (gridId: number, userId: number) => api.delete<GridDetail>(`/api/grids/${gridId}/workers/${userId}`),
};
