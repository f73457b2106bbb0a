import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json } from '../../db/schema.ts';

export type GridLevel = 'zone' | 'base' | 'micro';

export interface GridsTable {
  id: Generated<number>;
  jurisdictionId: number;
  parentId: number | null;
  level: GridLevel;
  code: string;
  name: string;
  boundary: Json<GeoJsonPolygonal | null> | null;
  minLng: number | null;
  minLat: number | null;
  maxLng: number | null;
  maxLat: number | null;
  areaKm2: number | null;
  description: Generated<string>;
  active: Generated<boolean>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: CreatedAt;
}

export interface GridWorkersTable {
  jurisdictionId: number;
  gridId: number;
  userId: number;
  assignedAt: ColumnType<Date, Date | undefined, never>;
}

export type Position = [number, number];
export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface GeoJsonMultiPolygon {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export type GeoJsonPolygonal = GeoJsonPolygon | GeoJsonMultiPolygon;

export interface GridsTables {
  grids: GridsTable;
  gridWorkers: GridWorkersTable;
}
