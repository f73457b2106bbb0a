// A map of grid outlines (no internet tiles: the outlines are the map) with event points on it, drawn by
// ECharts. Used to pick a location (tap the map), to show one event in its grid, and for the event map.
// Its own chart holder, because picking needs the pixel → lng/lat conversion of the chart instance.
import { ScatterChart, LinesChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import { echarts, type EChartsOption } from '../../shared/echart.tsx';
import { bboxOf, ringsOf } from '../grids/geo.ts';
import type { Polygonal } from '../grids/grids.api.ts';

echarts.use([GeoComponent, TooltipComponent, ScatterChart, LinesChart]);

export interface Outline {
  id: number;
  name: string;
  level: string;
  geometry: Polygonal;
  /** Drawn stronger: the user's own grids, or the grid of the event shown. */
  highlight?: boolean;
}

export interface GeoPoint {
  id: number;
  lng: number;
  lat: number;
  color: string;
  name?: string;
  /** A ring around points that need attention (overdue). */
  ring?: boolean;
}

type BBox = [number, number, number, number];

let seq = 0;
const NO_POINTS: GeoPoint[] = [];

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function grow(b: BBox, k: number): BBox {
  const dx = Math.max((b[2] - b[0]) * k, 0.002);
  const dy = Math.max((b[3] - b[1]) * k, 0.002);
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy];
}

export function GeoMap({
  outlines,
  points = NO_POINTS,
  marker = null,
  focus,
  onPick,
  onPointClick,
  compact = false,
  className,
  style,
  testId,
}: {
  outlines: Outline[];
  points?: GeoPoint[];
  marker?: [number, number] | null;
  /** Frame this box (e.g. the worker's grids) instead of every outline. */
  focus?: BBox | null;
  onPick?: (lng: number, lat: number) => void;
  onPointClick?: (id: number) => void;
  compact?: boolean;
  className?: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pending = useRef<EChartsOption | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const pointRef = useRef(onPointClick);
  pointRef.current = onPointClick;

  // Regions: the finest level present (base grids); the zone is drawn as a dashed outline around them.
  const regions = useMemo(() => {
    const fine = outlines.filter((o) => o.level !== 'zone');
    return fine.length ? fine : outlines;
  }, [outlines]);
  const frames = useMemo(() => outlines.filter((o) => o.level === 'zone' && regions !== outlines), [outlines, regions]);

  const mapName = useMemo(() => {
    const name = `zhili-events-${++seq}`;
    echarts.registerMap(name, {
      type: 'FeatureCollection',
      features: regions.map((o) => ({ type: 'Feature', geometry: o.geometry, properties: { name: String(o.id) } })),
    } as never);
    return name;
  }, [regions]);

  // No outline yet (still loading, or none drawn): an empty chart, since a geo view without regions cannot lay out.
  const empty = regions.length === 0;
  const emptyRef = useRef(empty);
  emptyRef.current = empty;

  // Parents often compute the focus box anew on each render: only a different box redraws the map.
  const focusKey = focus ? focus.join(',') : '';

  const option = useMemo<EChartsOption>(() => {
    if (regions.length === 0) return {};
    const all = bboxOf(outlines.map((o) => o.geometry));
    const frame = focus ? grow(focus, 0.15) : all;
    const lat = frame ? (frame[1] + frame[3]) / 2 : 39;
    const byId = new Map(regions.map((o) => [String(o.id), o]));
    const pts = points.map((p) => ({
      name: p.name ?? '',
      value: [p.lng, p.lat, p.id],
      itemStyle: { color: p.color, borderColor: p.ring ? '#cf1322' : '#fff', borderWidth: p.ring ? 2.5 : 1 },
    }));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { componentType?: string; seriesType?: string; name: string }) => {
          if (p.seriesType === 'scatter') return p.name ? escapeHtml(p.name) : '';
          const o = byId.get(p.name);
          return o ? escapeHtml(o.name) : '';
        },
      },
      geo: {
        map: mapName,
        roam: true,
        aspectScale: Math.cos((lat * Math.PI) / 180),
        ...(frame ? { boundingCoords: [[frame[0], frame[3]], [frame[2], frame[1]]] } : {}),
        layoutCenter: ['50%', '50%'],
        layoutSize: '96%',
        scaleLimit: { min: 0.5, max: 40 },
        selectedMode: false,
        label: {
          show: true,
          formatter: (p: { name: string }) => {
            const name = byId.get(p.name)?.name ?? '';
            return compact ? name.replace(/\s*[（(].*[)）]\s*$/, '') : name;
          },
          fontSize: 11,
          color: '#475467',
          textBorderColor: '#fff',
          textBorderWidth: 2,
        },
        itemStyle: { areaColor: '#eef3fb', borderColor: '#5b8ff9', borderWidth: 1 },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#e0ebff' } },
        regions: regions.map((o) => ({
          name: String(o.id),
          itemStyle: o.highlight ? { areaColor: '#fff3d6', borderColor: '#d46b08', borderWidth: 2.5 } : undefined,
        })),
      },
      series: [
        {
          type: 'lines',
          coordinateSystem: 'geo',
          polyline: true,
          silent: true,
          lineStyle: { color: '#722ed1', width: 1.5, type: 'dashed', opacity: 0.8 },
          data: frames.flatMap((o) => ringsOf(o.geometry).map((ring) => ({ coords: ring }))),
        },
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbolSize: points.length > 500 ? 6 : 10,
          data: pts,
          cursor: onPointClick ? 'pointer' : 'default',
          zlevel: 1,
        },
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbol: 'pin',
          symbolSize: 34,
          symbolOffset: [0, '-40%'],
          silent: true,
          animation: false,
          itemStyle: { color: '#cf1322' },
          data: [],
          zlevel: 2,
        },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [outlines, regions, frames, mapName, points, focusKey, compact, !!onPointClick]);

  // The picked point is merged into the drawn map, so tapping does not reset the user's zoom.
  const markerRef = useRef(marker);
  markerRef.current = marker;
  const markerKey = marker ? marker.join(',') : '';
  const applyMarker = (c: echarts.ECharts) => {
    if (emptyRef.current) return;
    const mk = markerRef.current;
    c.setOption({ series: [{}, {}, { data: mk ? [{ value: mk }] : [] }] });
  };

  const hasSize = () => !!box.current && box.current.clientWidth > 0 && box.current.clientHeight > 0;

  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    let pointHit = false;
    c.on('click', (e) => {
      const p = e as { seriesType?: string; value?: unknown };
      if (p.seriesType === 'scatter' && Array.isArray(p.value) && pointRef.current) {
        pointHit = true;
        pointRef.current(Number(p.value[2]));
      }
    });
    c.getZr().on('click', (e: { offsetX: number; offsetY: number }) => {
      if (pointHit) {
        pointHit = false;
        return;
      }
      if (!pickRef.current || emptyRef.current) return;
      const pos = c.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]) as number[] | undefined;
      if (pos && Number.isFinite(pos[0]) && Number.isFinite(pos[1])) pickRef.current(Math.round(pos[0] * 1e6) / 1e6, Math.round(pos[1] * 1e6) / 1e6);
    });
    const ro = new ResizeObserver(() => {
      if (!hasSize()) return;
      c.resize();
      if (pending.current) {
        c.setOption(pending.current, { notMerge: true });
        pending.current = null;
        applyMarker(c);
      }
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!chart.current) return;
    if (hasSize()) {
      chart.current.setOption(option, { notMerge: true });
      applyMarker(chart.current);
    } else pending.current = option;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [option]);

  useEffect(() => {
    if (chart.current && hasSize() && !pending.current) applyMarker(chart.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [markerKey]);

  return <div ref={box} className={className} style={{ cursor: onPick ? 'crosshair' : undefined, ...style }} data-testid={testId} />;
}

/** The bounding box of some outlines (null when there are none). */
export function outlinesBox(outlines: Outline[]): BBox | null {
  return bboxOf(outlines.map((o) => o.geometry));
}
