// Pure geometry for grid boundaries (GeoJSON Polygon / MultiPolygon in WGS-84 lng/lat degrees): validation
// with reasons in Chinese, bounding box, spherical area, point-in-polygon and great-circle distance.
// Planar tests (crossings, containment) work on raw degrees, which is exact enough for zone-sized shapes;
// shapes crossing the antimeridian are not supported.
import type { GeoJsonPolygonal, Position } from './grids.table.ts';

export type { GeoJsonPolygonal, Position };

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;
/** Most positions one boundary may have (all rings together): enough for a surveyed outline, small enough to check quickly. */
export const MAX_VERTICES = 5000;
/** Points closer than this to an edge count as on it (degrees; about a tenth of a millimetre). */
const ON_EDGE_EPS = 1e-9;
const MAX_ISSUES = 20;

export interface GeometryIssue {
  code: string;
  /** Where, as a JSON path into the boundary, e.g. `coordinates[0][3]`. */
  path: string;
  zh: string;
  en: string;
}

export type BoundaryCheck =
  | { ok: true; boundary: GeoJsonPolygonal; vertexCount: number }
  | { ok: false; issues: GeometryIssue[] };

export interface BBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

type Ring = Position[];
type Polygon = Ring[];

// ---------------------------------------------------------------- basic planar helpers

const orient = (a: Position, b: Position, c: Position) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
const samePos = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

function distToSegment(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** c lies within the bounding box of segment ab (used after a zero orientation test). */
const withinBox = (a: Position, b: Position, c: Position) =>
  Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);

/** Segments ab and cd cross at a single point interior to both. */
export function segmentsCrossProperly(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** Segments ab and cd share at least one point (crossing, touching or overlapping). */
export function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
  if (segmentsCrossProperly(a, b, c, d)) return true;
  return (
    (orient(c, d, a) === 0 && withinBox(c, d, a)) ||
    (orient(c, d, b) === 0 && withinBox(c, d, b)) ||
    (orient(a, b, c) === 0 && withinBox(a, b, c)) ||
    (orient(a, b, d) === 0 && withinBox(a, b, d))
  );
}

/** Twice the signed planar area of a closed ring (positive when counter-clockwise). */
function signedArea2(ring: Ring): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

// ---------------------------------------------------------------- point in polygon

export type RingRelation = 'inside' | 'outside' | 'boundary';

/** Where a point lies relative to one closed ring (ray casting; edges within ~0.1 mm count as boundary). */
export function pointInRing(p: Position, ring: Ring): RingRelation {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (distToSegment(p, a, b) <= ON_EDGE_EPS) return 'boundary';
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

/** Where a point lies relative to one polygon with holes: a point on a hole's edge is on the boundary. */
export function pointInPolygonRings(p: Position, polygon: Polygon): RingRelation {
  const outer = pointInRing(p, polygon[0]);
  if (outer !== 'inside') return outer;
  for (let h = 1; h < polygon.length; h++) {
    const r = pointInRing(p, polygon[h]);
    if (r === 'inside') return 'outside';
    if (r === 'boundary') return 'boundary';
  }
  return 'inside';
}

export function polygonsOf(b: GeoJsonPolygonal): Polygon[] {
  return b.type === 'Polygon' ? [b.coordinates] : b.coordinates;
}

/** Where a point lies relative to a Polygon or MultiPolygon. */
export function locatePoint(b: GeoJsonPolygonal, p: Position): RingRelation {
  let onBoundary = false;
  for (const poly of polygonsOf(b)) {
    const r = pointInPolygonRings(p, poly);
    if (r === 'inside') return 'inside';
    if (r === 'boundary') onBoundary = true;
  }
  return onBoundary ? 'boundary' : 'outside';
}

/** True when the point is inside the boundary or on one of its edges (holes excluded, hole edges included). */
export function pointInBoundary(b: GeoJsonPolygonal, p: Position): boolean {
  return locatePoint(b, p) !== 'outside';
}

// ---------------------------------------------------------------- measures

export function boundingBox(b: GeoJsonPolygonal): BBox {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const poly of polygonsOf(b)) {
    // Holes lie inside the outer ring, so the outer rings bound everything.
    for (const [lng, lat] of poly[0]) {
      if (lng < minLng) minLng = lng;
      if (lng > maxLng) maxLng = lng;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return { minLng, minLat, maxLng, maxLat };
}

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Area of a closed ring on the sphere, m² (Chamberlain & Duquette 2007; exact for lat/lng rectangles). */
function ringAreaM2(ring: Ring): number {
  const n = ring.length - 1; // the last position repeats the first
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const prev = ring[(i + n - 1) % n];
    const next = ring[(i + 1) % n];
    total += (rad(next[0]) - rad(prev[0])) * Math.sin(rad(ring[i][1]));
  }
  return Math.abs((total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** Area in km² on a spherical Earth: outer rings minus holes. */
export function areaKm2(b: GeoJsonPolygonal): number {
  let m2 = 0;
  for (const poly of polygonsOf(b)) {
    m2 += ringAreaM2(poly[0]);
    for (let h = 1; h < poly.length; h++) m2 -= ringAreaM2(poly[h]);
  }
  return m2 / 1e6;
}

/** Great-circle distance in metres between two [lng, lat] points (haversine). */
export function distanceMeters(a: Position, b: Position): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Area-weighted centroid (planar, in degrees). For a concave shape it may fall outside; see interiorPoint. */
export function centroid(b: GeoJsonPolygonal): Position {
  let area = 0;
  let mx = 0;
  let my = 0;
  for (const poly of polygonsOf(b)) {
    poly.forEach((ring, r) => {
      let a = 0;
      let x = 0;
      let y = 0;
      for (let i = 0; i < ring.length - 1; i++) {
        const [x0, y0] = ring[i];
        const [x1, y1] = ring[i + 1];
        const f = x0 * y1 - x1 * y0;
        a += f;
        x += (x0 + x1) * f;
        y += (y0 + y1) * f;
      }
      // Whatever the ring's orientation, outer rings add and holes subtract.
      const sign = (a < 0 ? -1 : 1) * (r === 0 ? 1 : -1);
      area += sign * a;
      mx += sign * x;
      my += sign * y;
    });
  }
  if (area === 0) return polygonsOf(b)[0][0][0];
  return [mx / (3 * area), my / (3 * area)];
}

/**
 * A point strictly inside the boundary: the centroid when it is inside, otherwise the midpoint of the widest
 * inside stretch of a horizontal line through the middle of the largest part.
 */
export function interiorPoint(b: GeoJsonPolygonal): Position {
  const c = centroid(b);
  if (locatePoint(b, c) === 'inside') return c;
  let best: Position = c;
  let bestWidth = -1;
  for (const poly of polygonsOf(b)) {
    const box = boundingBox({ type: 'Polygon', coordinates: poly });
    for (const f of [0.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875]) {
      const y = box.minLat + (box.maxLat - box.minLat) * f;
      const xs: number[] = [];
      for (const ring of poly) {
        for (let i = 0; i < ring.length - 1; i++) {
          const [x0, y0] = ring[i];
          const [x1, y1] = ring[i + 1];
          if (y0 > y !== y1 > y) xs.push(x0 + ((y - y0) * (x1 - x0)) / (y1 - y0));
        }
      }
      xs.sort((p, q) => p - q);
      for (let i = 0; i + 1 < xs.length; i += 2) {
        const w = xs[i + 1] - xs[i];
        const mid: Position = [(xs[i] + xs[i + 1]) / 2, y];
        if (w > bestWidth && pointInPolygonRings(mid, poly) === 'inside') {
          bestWidth = w;
          best = mid;
        }
      }
      if (bestWidth > 0) break;
    }
  }
  return best;
}

/** Whether the interiors of two boundaries overlap (sharing edges or corners is not overlapping). */
export function boundariesOverlap(a: GeoJsonPolygonal, b: GeoJsonPolygonal): boolean {
  const ba = boundingBox(a);
  const bb = boundingBox(b);
  if (ba.maxLng <= bb.minLng || bb.maxLng <= ba.minLng || ba.maxLat <= bb.minLat || bb.maxLat <= ba.minLat) return false;
  const ringsA = polygonsOf(a).flat();
  const ringsB = polygonsOf(b).flat();
  for (const ra of ringsA) {
    for (const rb of ringsB) if (ringsCross(ra, rb)) return true;
  }
  // No crossing edges: either one lies (partly) inside the other, or they are disjoint or touch along edges.
  const probes = (rings: Ring[], other: GeoJsonPolygonal) =>
    rings.some((r) =>
      r.some((p, i) => {
        if (locatePoint(other, p) === 'inside') return true;
        if (i === 0) return false;
        const mid: Position = [(p[0] + r[i - 1][0]) / 2, (p[1] + r[i - 1][1]) / 2];
        return locatePoint(other, mid) === 'inside';
      }),
    );
  if (probes(ringsA, b) || probes(ringsB, a)) return true;
  // Identical shapes have every vertex and edge on each other's boundary: compare an interior point.
  return locatePoint(b, interiorPoint(a)) === 'inside' || locatePoint(a, interiorPoint(b)) === 'inside';
}

/** Any proper crossing between edges of two rings (bbox sweep keeps this near-linear for real outlines). */
function ringsCross(r1: Ring, r2: Ring): boolean {
  const edges = (r: Ring, tag: number) =>
    r.slice(0, -1).map((p, i) => ({ a: p, b: r[i + 1], tag, minX: Math.min(p[0], r[i + 1][0]), maxX: Math.max(p[0], r[i + 1][0]) }));
  const all = [...edges(r1, 1), ...edges(r2, 2)].sort((x, y) => x.minX - y.minX);
  for (let i = 0; i < all.length; i++) {
    const e = all[i];
    for (let j = i + 1; j < all.length && all[j].minX <= e.maxX; j++) {
      const f = all[j];
      if (f.tag !== e.tag && segmentsCrossProperly(e.a, e.b, f.a, f.b)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------- validation

interface Where {
  path: string;
  zh: string;
  en: string;
}

function ringWhere(multi: boolean, p: number, r: number): Where {
  const base = multi ? `coordinates[${p}][${r}]` : `coordinates[${r}]`;
  const zhPart = multi ? `第${p + 1}个多边形的` : '';
  const enPart = multi ? `polygon ${p + 1}, ` : '';
  return r === 0
    ? { path: base, zh: `${zhPart}外环`, en: `${enPart}outer ring` }
    : { path: base, zh: `${zhPart}第${r}个内环（洞）`, en: `${enPart}hole ${r}` };
}

const fmt = (p: Position) => `(${p[0].toFixed(6)}, ${p[1].toFixed(6)})`;

class Issues {
  readonly list: GeometryIssue[] = [];
  add(code: string, path: string, zh: string, en: string) {
    if (this.list.length < MAX_ISSUES) this.list.push({ code, path, zh, en });
  }
  get full() {
    return this.list.length >= MAX_ISSUES;
  }
}

/** Reads one position, or reports why it is not a [lng, lat] pair in range. */
function readPosition(v: unknown, path: string, where: string, whereEn: string, k: number, issues: Issues): Position | null {
  if (!Array.isArray(v) || v.length < 2 || v.length > 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    issues.add(
      'invalid_position',
      path,
      `${where}第${k + 1}个坐标不是 [经度, 纬度] 数值对`,
      `${whereEn}: position ${k + 1} is not a [lng, lat] pair of numbers`,
    );
    return null;
  }
  const [lng, lat] = v as number[];
  let ok = true;
  if (lng < -180 || lng > 180) {
    issues.add('lng_out_of_range', path, `${where}第${k + 1}个坐标的经度 ${lng} 超出 [-180, 180]`, `${whereEn}: position ${k + 1} longitude ${lng} is outside [-180, 180]`);
    ok = false;
  }
  if (lat < -90 || lat > 90) {
    issues.add('lat_out_of_range', path, `${where}第${k + 1}个坐标的纬度 ${lat} 超出 [-90, 90]`, `${whereEn}: position ${k + 1} latitude ${lat} is outside [-90, 90]`);
    ok = false;
  }
  return ok ? [lng, lat] : null;
}

/** Reads and checks one ring: positions, closure, size, area, self-intersection. Returns it normalised. */
function readRing(v: unknown, w: Where, issues: Issues): Ring | null {
  if (!Array.isArray(v)) {
    issues.add('invalid_structure', w.path, `${w.zh}不是坐标数组`, `${w.en} is not an array of positions`);
    return null;
  }
  const ring: Position[] = [];
  let bad = false;
  for (let k = 0; k < v.length; k++) {
    const p = readPosition(v[k], `${w.path}[${k}]`, w.zh, w.en, k, issues);
    if (p) ring.push(p);
    else bad = true;
  }
  if (bad) return null;
  if (ring.length < 4) {
    issues.add('too_few_positions', w.path, `${w.zh}至少需要 4 个坐标（首尾相同），实际 ${ring.length} 个`, `${w.en} needs at least 4 positions (first = last), has ${ring.length}`);
    return null;
  }
  if (!samePos(ring[0], ring[ring.length - 1])) {
    issues.add('ring_not_closed', w.path, `${w.zh}未闭合：首尾坐标必须相同`, `${w.en} is not closed: the first and last positions must be equal`);
    return null;
  }
  // Repeated consecutive positions are harmless (drawing tools produce them); drop them.
  const dedup: Ring = [ring[0]];
  for (let k = 1; k < ring.length; k++) if (!samePos(ring[k], dedup[dedup.length - 1])) dedup.push(ring[k]);
  if (dedup.length < 4) {
    issues.add('degenerate_ring', w.path, `${w.zh}面积为零（顶点重合或共线）`, `${w.en} has zero area (repeated or collinear positions)`);
    return null;
  }
  const crossing = findSelfIntersection(dedup);
  if (crossing) {
    const [i, j, at] = crossing;
    issues.add(
      'self_intersection',
      w.path,
      `${w.zh}自相交：第${i + 1}条边与第${j + 1}条边在 ${fmt(at)} 附近相交`,
      `${w.en} intersects itself: edge ${i + 1} meets edge ${j + 1} near ${fmt(at)}`,
    );
    return null;
  }
  if (signedArea2(dedup) === 0) {
    issues.add('degenerate_ring', w.path, `${w.zh}面积为零（顶点重合或共线）`, `${w.en} has zero area (repeated or collinear positions)`);
    return null;
  }
  return dedup;
}

/** The first pair of non-adjacent edges that meet (or adjacent edges that fold back), with a point near it. */
function findSelfIntersection(ring: Ring): [number, number, Position] | null {
  const m = ring.length - 1;
  const edges = Array.from({ length: m }, (_, i) => ({
    i,
    a: ring[i],
    b: ring[i + 1],
    minX: Math.min(ring[i][0], ring[i + 1][0]),
    maxX: Math.max(ring[i][0], ring[i + 1][0]),
    minY: Math.min(ring[i][1], ring[i + 1][1]),
    maxY: Math.max(ring[i][1], ring[i + 1][1]),
  }));
  // Adjacent edges share a vertex; they are wrong only when they fold back over each other (a spike).
  for (let i = 0; i < m; i++) {
    const e = edges[i];
    const f = edges[(i + 1) % m];
    if (orient(e.a, e.b, f.b) === 0) {
      const dot = (e.a[0] - e.b[0]) * (f.b[0] - f.a[0]) + (e.a[1] - e.b[1]) * (f.b[1] - f.a[1]);
      if (dot > 0) return [i, (i + 1) % m, e.b];
    }
  }
  const sorted = [...edges].sort((x, y) => x.minX - y.minX);
  for (let s = 0; s < sorted.length; s++) {
    const e = sorted[s];
    for (let t = s + 1; t < sorted.length && sorted[t].minX <= e.maxX; t++) {
      const f = sorted[t];
      if (f.minY > e.maxY || f.maxY < e.minY) continue;
      const d = Math.abs(e.i - f.i);
      if (d === 1 || d === m - 1) continue;
      if (segmentsIntersect(e.a, e.b, f.a, f.b)) {
        const [i, j] = e.i < f.i ? [e.i, f.i] : [f.i, e.i];
        return [i, j, intersectionPoint(e.a, e.b, f.a, f.b)];
      }
    }
  }
  return null;
}

function intersectionPoint(a: Position, b: Position, c: Position, d: Position): Position {
  const den = (a[0] - b[0]) * (c[1] - d[1]) - (a[1] - b[1]) * (c[0] - d[0]);
  if (den === 0) return withinBox(c, d, a) ? a : b;
  const t = ((a[0] - c[0]) * (c[1] - d[1]) - (a[1] - c[1]) * (c[0] - d[0])) / den;
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

function countPositions(coords: unknown, depth: number): number {
  if (!Array.isArray(coords)) return 0;
  if (depth === 0) return coords.length;
  let n = 0;
  for (const c of coords) n += countPositions(c, depth - 1);
  return n;
}

/** Checks one polygon's rings and how its holes sit in it; returns it with RFC 7946 orientation. */
function readPolygon(v: unknown, multi: boolean, p: number, issues: Issues): Polygon | null {
  const path = multi ? `coordinates[${p}]` : 'coordinates';
  const zh = multi ? `第${p + 1}个多边形` : '多边形';
  const en = multi ? `polygon ${p + 1}` : 'polygon';
  if (!Array.isArray(v) || v.length === 0) {
    issues.add('invalid_structure', path, `${zh}必须是至少包含一个外环的数组`, `${en} must be an array with at least an outer ring`);
    return null;
  }
  const rings: (Ring | null)[] = v.map((r, i) => readRing(r, ringWhere(multi, p, i), issues));
  if (rings.some((r) => r === null)) return null;
  const poly = rings as Ring[];
  // RFC 7946: outer rings counter-clockwise, holes clockwise.
  const oriented = poly.map((r, i) => ((signedArea2(r) > 0) === (i === 0) ? r : [...r].reverse()));
  const outer = oriented[0];
  for (let h = 1; h < oriented.length; h++) {
    const hole = oriented[h];
    const w = ringWhere(multi, p, h);
    if (ringsCross(outer, hole) || hole.some((pt) => pointInRing(pt, outer) === 'outside')) {
      issues.add('hole_outside', w.path, `${w.zh}不在外环之内`, `${w.en} is not inside the outer ring`);
      continue;
    }
    for (let g = 1; g < h; g++) {
      if (ringsOverlap(hole, oriented[g])) {
        issues.add('holes_overlap', w.path, `${w.zh}与第${g}个内环重叠`, `${w.en} overlaps hole ${g}`);
      }
    }
  }
  if (oriented.length > 1) {
    const holesArea = oriented.slice(1).reduce((sum, r) => sum + Math.abs(signedArea2(r)), 0);
    if (holesArea >= Math.abs(signedArea2(outer))) {
      const w = ringWhere(multi, p, 0);
      issues.add('holes_cover_polygon', w.path, `${w.zh}被内环（洞）完全覆盖，面积为零`, `The holes cover the whole ${w.en}`);
    }
  }
  return oriented;
}

function ringsOverlap(r1: Ring, r2: Ring): boolean {
  return boundariesOverlap({ type: 'Polygon', coordinates: [r1] }, { type: 'Polygon', coordinates: [r2] });
}

/**
 * Validates a boundary and returns it normalised (2-D positions, no repeated consecutive positions, outer rings
 * counter-clockwise and holes clockwise), or every problem found (up to 20), each with a Chinese explanation.
 */
export function validateBoundary(input: unknown, maxVertices = MAX_VERTICES): BoundaryCheck {
  const issues = new Issues();
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    issues.add('invalid_type', '', '边界必须是 GeoJSON 对象', 'The boundary must be a GeoJSON object');
    return { ok: false, issues: issues.list };
  }
  const { type, coordinates } = input as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    issues.add('invalid_type', 'type', `边界类型必须是 Polygon 或 MultiPolygon，实际为 ${String(type)}`, `The boundary type must be Polygon or MultiPolygon, not ${String(type)}`);
    return { ok: false, issues: issues.list };
  }
  const multi = type === 'MultiPolygon';
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    issues.add('invalid_structure', 'coordinates', '边界坐标（coordinates）不能为空', 'The coordinates must be a non-empty array');
    return { ok: false, issues: issues.list };
  }
  // Count before any quadratic work, so an oversized body is refused cheaply.
  const vertexCount = countPositions(coordinates, multi ? 2 : 1);
  if (vertexCount > maxVertices) {
    issues.add('too_many_vertices', 'coordinates', `边界顶点过多：${vertexCount} 个，最多 ${maxVertices} 个，请简化后再提交`, `Too many positions: ${vertexCount}, at most ${maxVertices}; simplify the outline`);
    return { ok: false, issues: issues.list };
  }
  const parts = multi ? coordinates : [coordinates];
  const polys: Polygon[] = [];
  for (let p = 0; p < parts.length && !issues.full; p++) {
    const poly = readPolygon(parts[p], multi, p, issues);
    if (poly) polys.push(poly);
  }
  if (issues.list.length > 0) return { ok: false, issues: issues.list };
  if (multi) {
    for (let p = 1; p < polys.length; p++) {
      for (let q = 0; q < p; q++) {
        const a: GeoJsonPolygonal = { type: 'Polygon', coordinates: polys[p] };
        const b: GeoJsonPolygonal = { type: 'Polygon', coordinates: polys[q] };
        if (boundariesOverlap(a, b)) {
          issues.add('parts_overlap', `coordinates[${p}]`, `第${p + 1}个多边形与第${q + 1}个多边形重叠`, `Polygon ${p + 1} overlaps polygon ${q + 1}`);
        }
      }
    }
    if (issues.list.length > 0) return { ok: false, issues: issues.list };
  }
  const boundary: GeoJsonPolygonal = multi ? { type: 'MultiPolygon', coordinates: polys } : { type: 'Polygon', coordinates: polys[0] };
  return { ok: true, boundary, vertexCount };
}

/** One sentence listing the problems, for the error message. */
export function describeIssues(issues: GeometryIssue[], lang: 'zh' | 'en'): string {
  return lang === 'zh' ? `边界不合法：${issues.map((i) => i.zh).join('；')}` : `Invalid boundary: ${issues.map((i) => i.en).join('; ')}`;
}
