// Small pieces the record pages (safety, education, legal services, plans) share: a year picker, a figure
// card row, a bar chart, and an enterprise picker that falls back to a typed place when the registry is closed.
import { Card, Col, Row, Select, Statistic } from 'antd';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { EChart, echarts } from '../../shared/echart.tsx';
import { useWorkYear, yearChoices } from '../../shared/work-year.ts';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent]);

export const yearRange = (y: number) => ({ from: `${y}-01-01`, to: `${y}-12-31` });

export function YearSelect({ value, onChange }: { value: number; onChange: (y: number) => void }) {
  const workYear = useWorkYear();
  const years = useMemo(() => yearChoices(workYear), [workYear]);
  return <Select value={value} onChange={onChange} style={{ width: 110 }} options={years.map((y) => ({ value: y, label: `${y}年` }))} data-testid="year-select" />;
}

export function FigureCards({ items }: { items: { label: string; value: number | string; suffix?: string; hint?: string; testId?: string }[] }) {
  return (
    <Row gutter={[12, 12]}>
      {items.map((i) => (
        <Col key={i.label} xs={12} sm={8} md={6} lg={4}>
          <Card size="small" data-testid={i.testId}>
            <Statistic title={i.label} value={i.value} suffix={i.suffix} />
            {i.hint ? <div style={{ color: '#667085', fontSize: 12 }}>{i.hint}</div> : null}
          </Card>
        </Col>
      ))}
    </Row>
  );
}

export function BarCard({ title, labels, series, height = 260 }: { title: string; labels: string[]; series: { name: string; data: number[] }[]; height?: number }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: series.length > 1 ? { top: 0 } : undefined,
      grid: { left: 40, right: 16, top: series.length > 1 ? 32 : 16, bottom: 40 },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, barMaxWidth: 36 })),
    }),
    [labels, series],
  );
  return (
    <Card size="small" title={title}>
      <EChart option={option} style={{ height }} />
    </Card>
  );
}

export function PieCard({ title, data, height = 260 }: { title: string; data: { name: string; value: number }[]; height?: number }) {
  const option = useMemo(
    () => ({ tooltip: { trigger: 'item' }, legend: { bottom: 0 }, series: [{ type: 'pie', radius: ['35%', '65%'], data }] }),
    [data],
  );
  return (
    <Card size="small" title={title}>
      <EChart option={option} style={{ height }} />
    </Card>
  );
}

/** 12 months of a year, filled from sparse { month: 'YYYY-MM' } rows. */
export function byMonth<T extends { month: string }>(year: number, rows: T[], pick: (r: T) => number): number[] {
  return Array.from({ length: 12 }, (_, i) => {
    const key = `${year}-${String(i + 1).padStart(2, '0')}`;
    const r = rows.find((x) => x.month === key);
    return r ? pick(r) : 0;
  });
}
export const MONTH_LABELS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);

interface EnterpriseOption {
  id: number;
  name: string;
}

/** Searches the registry by name; roles that cannot read it simply get no options (and type a place instead). */
export function EnterpriseSelect({ value, onChange, placeholder, testId }: { value?: number | null; onChange?: (v: number | null) => void; placeholder?: string; testId?: string }) {
  const [options, setOptions] = useState<EnterpriseOption[]>([]);
  const search = async (q: string) => {
    try {
      const page = await api.get<Page<EnterpriseOption>>('/api/enterprise/enterprises', { q, pageSize: 20 });
      setOptions(page.items);
    } catch {
      setOptions([]);
    }
  };
  return (
    <Select
      allowClear
      showSearch
      filterOption={false}
      value={value ?? undefined}
      placeholder={placeholder ?? '搜索企业名称'}
      onSearch={(q) => void search(q)}
      onFocus={() => void search('')}
      onChange={(v) => onChange?.(v ?? null)}
      options={options.map((o) => ({ value: o.id, label: o.name }))}
      data-testid={testId}
    />
  );
}
