import { describe, expect, it } from 'vitest';
import { bboxOf, parseBoundary, projector } from './geo.ts';

const square = { type: 'Polygon' as const, coordinates: [[[117, 39], [117.1, 39], [117.1, 39.1], [117, 39.1], [117, 39]]] };

describe('pasted boundaries', () => {
  it('accepts a geometry, a Feature or a one-feature FeatureCollection; empty means none', () => {
    expect(parseBoundary(JSON.stringify(square))).toEqual({ ok: true, value: square });
    expect(parseBoundary(JSON.stringify({ type: 'Feature', properties: {}, geometry: square }))).toEqual({ ok: true, value: square });
    expect(parseBoundary(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: square }] }))).toEqual({ ok: true, value: square });
    expect(parseBoundary('  ')).toEqual({ ok: true, value: null });
  });

  it('says whether the text is not JSON or not a polygon', () => {
    expect(parseBoundary('{"type":')).toEqual({ ok: false, error: 'json' });
    expect(parseBoundary('{"type":"Point","coordinates":[117,39]}')).toEqual({ ok: false, error: 'shape' });
  });

  it('projects into the box keeping north up and proportions near 39°N', () => {
    const b = bboxOf([square])!;
    expect(b).toEqual([117, 39, 117.1, 39.1]);
    const p = projector(b, 100, 100, 0);
    const [x0, y0] = p([117, 39]);
    const [x1, y1] = p([117.1, 39.1]);
    expect(y1).toBeLessThan(y0);
    expect((x1 - x0) / (y0 - y1)).toBeCloseTo(Math.cos((39.05 * Math.PI) / 180), 3);
  });
});
