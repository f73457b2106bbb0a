import { describe, expect, it } from 'vitest';
import {
  areaKm2,
  boundariesOverlap,
  boundingBox,
  centroid,
  describeIssues,
  distanceMeters,
  interiorPoint,
  locatePoint,
  MAX_VERTICES,
  pointInBoundary,
  validateBoundary,
  type GeoJsonPolygonal,
  type Position,
} from './grids.geometry.ts';

const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const poly = (...rings: Position[][]): GeoJsonPolygonal => ({ type: 'Polygon', coordinates: rings });
const multi = (...polys: Position[][][]): GeoJsonPolygonal => ({ type: 'MultiPolygon', coordinates: polys });

function issuesOf(input: unknown) {
  const r = validateBoundary(input);
  if (r.ok) throw new Error('expected the boundary to be rejected');
  return r.issues;
}

describe('point in polygon', () => {
  const square = poly(rect(117.1, 39.2, 117.2, 39.3));
  const withHole = poly(rect(0, 0, 10, 10), rect(4, 4, 6, 6));

  it('finds points inside and outside a square', () => {
    expect(pointInBoundary(square, [117.15, 39.25])).toBe(true);
    expect(pointInBoundary(square, [117.25, 39.25])).toBe(false);
    expect(pointInBoundary(square, [117.15, 39.19])).toBe(false);
  });

  it('counts points on edges and corners as inside', () => {
    expect(locatePoint(square, [117.1, 39.25])).toBe('boundary');
    expect(pointInBoundary(square, [117.1, 39.25])).toBe(true);
    expect(pointInBoundary(square, [117.2, 39.3])).toBe(true);
    expect(pointInBoundary(square, [117.15, 39.2])).toBe(true);
  });

  it('excludes a hole but includes the hole edge', () => {
    expect(pointInBoundary(withHole, [5, 5])).toBe(false);
    expect(pointInBoundary(withHole, [2, 2])).toBe(true);
    expect(pointInBoundary(withHole, [4, 5])).toBe(true);
    expect(locatePoint(withHole, [4, 5])).toBe('boundary');
    expect(pointInBoundary(withHole, [11, 5])).toBe(false);
  });

  it('handles a concave polygon where the ray crosses several edges', () => {
    // A "U": the notch between the arms is outside.
    const u = poly([
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ]);
    expect(pointInBoundary(u, [1.5, 2])).toBe(false);
    expect(pointInBoundary(u, [0.5, 2])).toBe(true);
    expect(pointInBoundary(u, [2.5, 2])).toBe(true);
    expect(pointInBoundary(u, [1.5, 0.5])).toBe(true);
    // Ray through a vertex at the notch's height.
    expect(pointInBoundary(u, [-1, 1])).toBe(false);
    expect(pointInBoundary(u, [0.5, 1])).toBe(true);
  });

  it('looks in every part of a MultiPolygon, and in a part sitting inside another part\'s hole', () => {
    const m = multi([rect(0, 0, 10, 10), rect(3, 3, 7, 7)], [rect(4, 4, 6, 6)], [rect(20, 20, 21, 21)]);
    expect(pointInBoundary(m, [1, 1])).toBe(true);
    expect(pointInBoundary(m, [3.5, 3.5])).toBe(false); // in the hole, outside the island
    expect(pointInBoundary(m, [5, 5])).toBe(true); // the island
    expect(pointInBoundary(m, [20.5, 20.5])).toBe(true);
    expect(pointInBoundary(m, [15, 15])).toBe(false);
  });
});

describe('boundary validation', () => {
  it('accepts a valid polygon and a valid MultiPolygon and normalises them', () => {
    const cw: Position[] = [...rect(117.1, 39.2, 117.2, 39.3)].reverse();
    const r = validateBoundary({ type: 'Polygon', coordinates: [cw.map((p) => [...p, 5])] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.vertexCount).toBe(5);
    // Counter-clockwise outer ring, altitude dropped.
    expect(r.boundary.coordinates[0]).toEqual(rect(117.1, 39.2, 117.2, 39.3));
    const m = validateBoundary(multi([rect(0, 0, 1, 1)], [rect(2, 0, 3, 1)]));
    expect(m.ok).toBe(true);
    // Parts sharing an edge do not overlap.
    expect(validateBoundary(multi([rect(0, 0, 1, 1)], [rect(1, 0, 2, 1)])).ok).toBe(true);
  });

  it('drops repeated consecutive positions', () => {
    const r = validateBoundary(poly([[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 0]]));
    expect(r.ok && r.boundary.coordinates[0]).toHaveLength(5);
  });

  it('rejects a wrong type or an empty shape', () => {
    expect(issuesOf({ type: 'Point', coordinates: [1, 2] })[0].code).toBe('invalid_type');
    expect(issuesOf(null)[0].code).toBe('invalid_type');
    expect(issuesOf({ type: 'Polygon', coordinates: [] })[0].code).toBe('invalid_structure');
    expect(issuesOf({ type: 'Polygon', coordinates: 'x' })[0].code).toBe('invalid_structure');
  });

  it('rejects an unclosed ring and says so in Chinese', () => {
    const [issue] = issuesOf({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0.5]]] });
    expect(issue.code).toBe('ring_not_closed');
    expect(issue.zh).toBe('外环未闭合：首尾坐标必须相同');
    expect(issue.path).toBe('coordinates[0]');
  });

  it('rejects a ring with fewer than four positions', () => {
    const [issue] = issuesOf({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] });
    expect(issue.code).toBe('too_few_positions');
    expect(issue.zh).toContain('至少需要 4 个坐标');
  });

  it('rejects coordinates out of range, naming the position', () => {
    const issues = issuesOf({ type: 'Polygon', coordinates: [[[0, 0], [181, 0], [1, 95], [0, 0]]] });
    expect(issues.map((i) => i.code)).toEqual(['lng_out_of_range', 'lat_out_of_range']);
    expect(issues[0].zh).toBe('外环第2个坐标的经度 181 超出 [-180, 180]');
    expect(issues[1].path).toBe('coordinates[0][2]');
  });

  it('rejects positions that are not number pairs', () => {
    const issues = issuesOf({ type: 'Polygon', coordinates: [[[0, 0], ['1', 0], [1], [1, 1], [0, 0]]] });
    expect(issues.map((i) => i.code)).toEqual(['invalid_position', 'invalid_position']);
  });

  it('rejects a self-intersecting outer ring (bow tie) with the crossing edges', () => {
    const [issue] = issuesOf(poly([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]));
    expect(issue.code).toBe('self_intersection');
    expect(issue.zh).toMatch(/^外环自相交：第1条边与第3条边在 \(1\.000000, 1\.000000\) 附近相交$/);
  });

  it('rejects a ring touching itself at a vertex and a ring folding back on itself', () => {
    // Figure of eight through (1,1) as a vertex of both loops.
    expect(issuesOf(poly([[0, 0], [1, 1], [2, 0], [2, 2], [1, 1], [0, 2], [0, 0]]))[0].code).toBe('self_intersection');
    // A spike: out to (3,0) and straight back.
    expect(issuesOf(poly([[0, 0], [2, 0], [3, 0], [2, 0.0], [2, 1], [0, 1], [0, 0]]))[0].code).toMatch(/self_intersection|degenerate_ring/);
    expect(issuesOf(poly([[0, 0], [2, 0], [3, 0], [2.5, 0], [2, 1], [0, 1], [0, 0]]))[0].code).toBe('self_intersection');
  });

  it('rejects a zero-area ring', () => {
    expect(issuesOf(poly([[0, 0], [1, 1], [2, 2], [0, 0]]))[0].code).toMatch(/degenerate_ring|self_intersection/);
    expect(issuesOf(poly([[0, 0], [0, 0], [0, 0], [0, 0]]))[0].code).toBe('degenerate_ring');
  });

  it('rejects a hole outside or crossing the outer ring, and overlapping holes', () => {
    expect(issuesOf(poly(rect(0, 0, 10, 10), rect(20, 20, 21, 21)))[0]).toMatchObject({
      code: 'hole_outside',
      zh: '第1个内环（洞）不在外环之内',
    });
    expect(issuesOf(poly(rect(0, 0, 10, 10), rect(8, 8, 12, 12)))[0].code).toBe('hole_outside');
    expect(issuesOf(poly(rect(0, 0, 10, 10), rect(0, 0, 10, 10)))[0].code).toBe('holes_cover_polygon');
    expect(issuesOf(poly(rect(0, 0, 10, 10), rect(1, 1, 5, 5), rect(4, 4, 6, 6)))[0]).toMatchObject({
      code: 'holes_overlap',
      zh: '第2个内环（洞）与第1个内环重叠',
    });
  });

  it('rejects overlapping parts of a MultiPolygon', () => {
    const [issue] = issuesOf(multi([rect(0, 0, 2, 2)], [rect(1, 1, 3, 3)]));
    expect(issue).toMatchObject({ code: 'parts_overlap', zh: '第2个多边形与第1个多边形重叠' });
    expect(issuesOf(multi([rect(0, 0, 4, 4)], [rect(1, 1, 2, 2)]))[0].code).toBe('parts_overlap');
    expect(issuesOf(multi([rect(0, 0, 1, 1)], [rect(0, 0, 1, 1)]))[0].code).toBe('parts_overlap');
  });

  it('names the polygon in a MultiPolygon', () => {
    const [issue] = issuesOf({ type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)], [[[5, 5], [6, 5], [6, 6], [5, 6]]]] });
    expect(issue.zh).toBe('第2个多边形的外环未闭合：首尾坐标必须相同');
    expect(issue.path).toBe('coordinates[1][0]');
  });

  it('refuses more than the maximum number of vertices before checking them', () => {
    const n = MAX_VERTICES + 1;
    const ring: Position[] = Array.from({ length: n - 1 }, (_, i) => {
      const t = (2 * Math.PI * i) / (n - 1);
      return [117 + 0.01 * Math.cos(t), 39 + 0.01 * Math.sin(t)];
    });
    ring.push(ring[0]);
    const [issue] = issuesOf(poly(ring));
    expect(issue.code).toBe('too_many_vertices');
    expect(issue.zh).toContain(`最多 ${MAX_VERTICES} 个`);
  });

  it('checks a 5,000-vertex outline quickly', () => {
    const n = MAX_VERTICES - 1;
    const ring: Position[] = Array.from({ length: n }, (_, i) => {
      const t = (2 * Math.PI * i) / n;
      const r = 0.01 * (1 + 0.1 * Math.sin(7 * t));
      return [117 + r * Math.cos(t), 39 + r * Math.sin(t)];
    });
    ring.push(ring[0]);
    const started = performance.now();
    expect(validateBoundary(poly(ring)).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('joins the issues into one message', () => {
    const issues = issuesOf({ type: 'Polygon', coordinates: [[[0, 0], [181, 0], [1, 95], [0, 0]]] });
    expect(describeIssues(issues, 'zh')).toBe('边界不合法：外环第2个坐标的经度 181 超出 [-180, 180]；外环第3个坐标的纬度 95 超出 [-90, 90]');
  });
});

describe('measures', () => {
  it('computes the bounding box of the outer rings', () => {
    expect(boundingBox(multi([rect(1, 2, 3, 4)], [rect(-1, 5, 0, 6)]))).toEqual({ minLng: -1, minLat: 2, maxLng: 3, maxLat: 6 });
  });

  it('gives the exact spherical area of a 1°×1° cell at the equator (≈12,364 km²)', () => {
    const r = 6371.0088;
    const exact = r * r * (Math.PI / 180) * Math.sin(Math.PI / 180);
    expect(areaKm2(poly(rect(0, 0, 1, 1)))).toBeCloseTo(exact, 6);
    expect(exact).toBeCloseTo(12363.6, 0);
  });

  it('gives a plausible area for 0.01°×0.01° at Tianjin (≈0.96 km²) and subtracts holes', () => {
    // 0.01° lat ≈ 1.112 km; 0.01° lng at 39.2° ≈ 0.862 km.
    const a = areaKm2(poly(rect(117.1, 39.2, 117.11, 39.21)));
    expect(a).toBeGreaterThan(0.95);
    expect(a).toBeLessThan(0.97);
    const holed = areaKm2(poly(rect(117.1, 39.2, 117.11, 39.21), rect(117.102, 39.202, 117.107, 39.207)));
    expect(holed).toBeCloseTo(a * 0.75, 3);
    // Orientation does not change the area.
    expect(areaKm2(poly([...rect(117.1, 39.2, 117.11, 39.21)].reverse()))).toBeCloseTo(a, 9);
  });

  it('measures haversine distances', () => {
    // One degree along a meridian: R·π/180.
    expect(distanceMeters([0, 0], [0, 1])).toBeCloseTo(111_195.08, 1);
    // One degree of longitude at 60° is half of it.
    expect(distanceMeters([10, 60], [11, 60])).toBeCloseTo(55_597.54, -1);
    // Tianjin railway station → Beijing railway station, about 113 km.
    const d = distanceMeters([117.2107, 39.1365], [116.4274, 39.9029]);
    expect(d).toBeGreaterThan(106_000);
    expect(d).toBeLessThan(110_000);
    // The events module's 50 m duplicate radius: 0.00045° of latitude is just over 50 m.
    expect(distanceMeters([117.15, 39.23], [117.15, 39.23045])).toBeCloseTo(50.04, 1);
    expect(distanceMeters([117.15, 39.23], [117.15, 39.23])).toBe(0);
    expect(distanceMeters([117.15, 39.23], [117.16, 39.24])).toBeCloseTo(distanceMeters([117.16, 39.24], [117.15, 39.23]), 9);
  });

  it('finds the centroid and an interior point of a concave shape', () => {
    expect(centroid(poly(rect(0, 0, 2, 4)))).toEqual([1, 2]);
    expect(centroid(poly([...rect(0, 0, 2, 4)].reverse()))).toEqual([1, 2]);
    const u = poly([[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]);
    const p = interiorPoint(u);
    expect(locatePoint(u, p)).toBe('inside');
  });

  it('tells overlapping shapes from neighbours sharing an edge', () => {
    expect(boundariesOverlap(poly(rect(0, 0, 1, 1)), poly(rect(1, 0, 2, 1)))).toBe(false);
    expect(boundariesOverlap(poly(rect(0, 0, 1, 1)), poly(rect(0.5, 0.5, 2, 2)))).toBe(true);
    expect(boundariesOverlap(poly(rect(0, 0, 3, 3)), poly(rect(1, 1, 2, 2)))).toBe(true);
    expect(boundariesOverlap(poly(rect(0, 0, 1, 1)), poly(rect(0, 0, 1, 1)))).toBe(true);
    expect(boundariesOverlap(poly(rect(0, 0, 3, 3), rect(1, 1, 2, 2)), poly(rect(1, 1, 2, 2)))).toBe(false);
    expect(boundariesOverlap(poly(rect(0, 0, 1, 1)), poly(rect(5, 5, 6, 6)))).toBe(false);
  });
});
