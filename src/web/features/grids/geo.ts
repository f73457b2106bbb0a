// Small helpers for polygon outlines in lng/lat: rings of a Polygon/MultiPolygon, their bounding box, and a
// quick shape check so a pasted boundary gets feedback before the server's full validation.
import type { Polygonal } from './grids.api.ts';

export type Pos = [number, number];

/** Outer and inner rings of every polygon. */
export function ringsOf(g: Polygonal): Pos[][] {
  if (g.type === 'Polygon') return g.coordinates as Pos[][];
  return (g.coordinates as Pos[][][]).flat();
}

export function bboxOf(geoms: Polygonal[]): [number, number, number, number] | null {
  let b: [number, number, number, number] | null = null;
  for (const g of geoms) {
    for (const ring of ringsOf(g)) {
      for (const [x, y] of ring) {
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
      }
    }
  }
  return b;
}

export type ParseResult = { ok: true; value: Polygonal | null } | { ok: false; error: 'json' | 'shape' };

/**
 * Accepts a bare Polygon/MultiPolygon, a Feature, or a FeatureCollection with one feature (what map tools
 * export); empty text means "no boundary". Deeper checks (closed rings, self-crossing…) are the server's.
 */
export function parseBoundary(text: string): ParseResult {
  const s = text.trim();
  if (!s) return { ok: true, value: null };
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    return { ok: false, error: 'json' };
  }
  let g = v as { type?: unknown; coordinates?: unknown; geometry?: unknown; features?: unknown };
  if (g && g.type === 'FeatureCollection' && Array.isArray(g.features) && g.features.length === 1) g = g.features[0] as typeof g;
  if (g && g.type === 'Feature') g = g.geometry as typeof g;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) return { ok: false, error: 'shape' };
  return { ok: true, value: { type: g.type, coordinates: g.coordinates } };
}

/** Equirectangular projection scaled by cos(latitude), so shapes near 39°N keep their proportions. */
export function projector(b: [number, number, number, number], width: number, height: number, pad = 6) {
  const k = Math.cos((((b[1] + b[3]) / 2) * Math.PI) / 180);
  const w = Math.max((b[2] - b[0]) * k, 1e-9);
  const h = Math.max(b[3] - b[1], 1e-9);
  const s = Math.min((width - 2 * pad) / w, (height - 2 * pad) / h);
  const ox = (width - w * s) / 2;
  const oy = (height - h * s) / 2;
  return ([x, y]: Pos): Pos => [ox + (x - b[0]) * k * s, height - (oy + (y - b[1]) * s)];
}
