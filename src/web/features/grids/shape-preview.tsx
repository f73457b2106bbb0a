// A small SVG drawing of one boundary, so an administrator sees what was pasted before saving.
import type { Polygonal } from './grids.api.ts';
import { bboxOf, projector, ringsOf } from './geo.ts';

export function ShapePreview({ geometry, size = 180 }: { geometry: Polygonal; size?: number }) {
  const b = bboxOf([geometry]);
  if (!b) return null;
  const p = projector(b, size, size);
  const d = ringsOf(geometry)
    .filter((r) => Array.isArray(r) && r.length > 1)
    .map((ring) => `M${ring.map((pt) => p(pt).map((n) => n.toFixed(1)).join(',')).join('L')}Z`)
    .join(' ');
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} style={{ background: '#f7f9fc', border: '1px solid #e4e9f2', borderRadius: 6 }} data-testid="shape-preview">
      <path d={d} fill="rgba(31,95,191,0.18)" stroke="#1f5fbf" strokeWidth={1.5} fillRule="evenodd" />
    </svg>
  );
}
