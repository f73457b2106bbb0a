// A React holder for one ECharts instance (core build: each feature registers the charts and components
// it draws with echarts.use, so only those land in its chunk). Resizes with its box; disposes on unmount.
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type CSSProperties } from 'react';

echarts.use([CanvasRenderer]);

export { echarts };
export type EChartsOption = echarts.EChartsCoreOption;

export interface EChartEvent {
  componentType?: string;
  seriesType?: string;
  name?: string;
  data?: unknown;
  dataIndex?: number;
}

export function EChart({
  option,
  onClick,
  className,
  style,
  testId,
}: {
  option: EChartsOption;
  onClick?: (e: EChartEvent) => void;
  className?: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  const pending = useRef<EChartsOption | null>(null);

  // ECharts must not lay out in a box of zero size (a geo view then gets a singular transform and throws):
  // options wait until the box has a size, and resizes to zero are ignored.
  const hasSize = () => !!box.current && box.current.clientWidth > 0 && box.current.clientHeight > 0;

  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e) => clickRef.current?.(e as EChartEvent));
    const ro = new ResizeObserver(() => {
      if (!hasSize()) return;
      c.resize();
      if (pending.current) {
        c.setOption(pending.current, { notMerge: true });
        pending.current = null;
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
    if (hasSize()) chart.current.setOption(option, { notMerge: true });
    else pending.current = option;
  }, [option]);

  return <div ref={box} className={className} style={style} data-testid={testId} />;
}
