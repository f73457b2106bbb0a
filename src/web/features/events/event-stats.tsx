// 事件统计: the closed loop's figures for a period and scope — every rate with its numerator and denominator
// (闭环率 = closed after verification ÷ (reported − rejected − merged)) — and ECharts by month, grid,
// category, department and source. The server applies the viewer's scope (a grid worker sees their grids).
import { InfoCircleOutlined } from '@ant-design/icons';
import { Card, Cascader, Col, DatePicker, Row, Select, Statistic, Table, Tabs, Tooltip, Typography } from 'antd';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { defineMessages, useI18n, type Translate } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { EChart, echarts, type EChartsOption } from '../../shared/echart.tsx';
import { Async, EmptyState } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import { useWorkYear, yearChoices } from '../../shared/work-year.ts';
import { EVENT_SOURCES, eventsApi, STAGE_LABELS, STAGES, type BreakdownRow, type EventSource, type Metrics, type Rate } from './events.api.ts';
import { CAN, categoryOptions, em, sourceLabel, sourceOptions, useCategories, useDepartments, useGridList } from './events.shared.tsx';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent]);

const m = defineMessages({
  year: { zh: '{y} 年', en: '{y}' },
  custom: { zh: '自定义', en: 'Custom' },
  reported: { zh: '上报', en: 'Reported' },
  closed: { zh: '结案', en: 'Closed' },
  open: { zh: '在办', en: 'Open' },
  overdueOpen: { zh: '在办超期', en: 'Open and overdue' },
  rejected: { zh: '不予受理', en: 'Rejected' },
  merged: { zh: '合并', en: 'Merged' },
  closedLoop: { zh: '闭环率', en: 'Closed-loop rate' },
  acceptance: { zh: '受理率', en: 'Acceptance rate' },
  onTimeClose: { zh: '按期结案率', en: 'Closed on time' },
  onTimeStage: { zh: '{s}按期率', en: '{s} on time' },
  reopen: { zh: '返工率', en: 'Reopen rate' },
  extension: { zh: '延期率', en: 'Extension rate' },
  overdueRate: { zh: '超期率', en: 'Overdue rate' },
  avgHours: { zh: '平均办结用时', en: 'Average time to close' },
  p90Hours: { zh: 'P90 办结用时', en: 'P90 time to close' },
  hoursUnit: { zh: '小时', en: 'h' },
  satisfaction: { zh: '群众满意度', en: 'Satisfaction' },
  ratedN: { zh: '{n} 件评价', en: '{n} rated' },
  byMonth: { zh: '按月', en: 'By month' },
  byGrid: { zh: '按网格', en: 'By grid' },
  byCategory: { zh: '按分类', en: 'By category' },
  byDepartment: { zh: '按部门', en: 'By department' },
  bySource: { zh: '按来源', en: 'By source' },
  rateAxis: { zh: '比率', en: 'Rate' },
  name: { zh: '名称', en: 'Name' },
  table: { zh: '明细', en: 'Details' },
  definitions: { zh: '口径说明', en: 'Definitions' },
  anyGrid: { zh: '全部网格', en: 'Any grid' },
  anyCategory: { zh: '全部分类', en: 'Any category' },
  anyDept: { zh: '全部部门', en: 'Any department' },
  anySource: { zh: '全部来源', en: 'Any source' },
  noEvents: { zh: '该期间没有上报的事件', en: 'No event was reported in this period' },
  period: { zh: '统计期间 {from} 至 {to}（{tz}，按上报日期）', en: 'Period {from} to {to} ({tz}, by date reported)' },
});

const pct = (r: Rate) => (r.rate === null ? '—' : `${(r.rate * 100).toFixed(1)}%`);
const frac = (r: Rate) => `${r.numerator} / ${r.denominator}`;

function RateStat({ title, rate, hint, testId }: { title: string; rate: Rate; hint?: string; testId?: string }) {
  return (
    <Card size="small" data-testid={testId}>
      <Statistic
        title={
          hint ? (
            <Tooltip title={hint}>
              {title} <InfoCircleOutlined style={{ color: '#98a2b3' }} />
            </Tooltip>
          ) : (
            title
          )
        }
        value={pct(rate)}
      />
      <div style={{ color: '#667085', fontSize: 12 }} className="zl-mono">
        {frac(rate)}
      </div>
    </Card>
  );
}

function CountStat({ title, value, suffix, hint }: { title: string; value: number | string; suffix?: string; hint?: string }) {
  return (
    <Card size="small">
      <Statistic title={title} value={value} suffix={suffix} />
      <div style={{ color: '#667085', fontSize: 12, minHeight: 18 }}>{hint ?? ''}</div>
    </Card>
  );
}

/** Every month of the period (up to three years), so empty months show as gaps rather than vanish. */
function allMonths(rows: BreakdownRow[], from: string, to: string): BreakdownRow[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const out: BreakdownRow[] = [];
  let y = Number(from.slice(0, 4));
  let mo = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  const zero: Rate = { rate: null, numerator: 0, denominator: 0 };
  for (let i = 0; i < 36; i++) {
    const key = `${y}-${String(mo).padStart(2, '0')}`;
    if (key > end) break;
    out.push(
      byKey.get(key) ?? {
        key, label: key, reported: 0, accepted: 0, dispatched: 0, handled: 0, closed: 0, rejected: 0, merged: 0, open: 0, overdueOpen: 0,
        closedLoop: zero, onTimeClose: zero, avgHandlingHours: null,
      },
    );
    mo += 1;
    if (mo > 12) {
      mo = 1;
      y += 1;
    }
  }
  return out.length === 36 ? rows : out;
}

function monthOption(rows: BreakdownRow[], t: Translate): EChartsOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.key) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: t(m.reported), type: 'bar', data: rows.map((r) => r.reported), itemStyle: { color: '#5b8ff9' } },
      { name: t(m.closed), type: 'bar', data: rows.map((r) => r.closed), itemStyle: { color: '#5ad8a6' } },
      {
        name: t(m.closedLoop),
        type: 'line',
        yAxisIndex: 1,
        data: rows.map((r) => (r.closedLoop.rate === null ? null : Math.round(r.closedLoop.rate * 1000) / 10)),
        itemStyle: { color: '#e8684a' },
      },
    ],
  };
}

function barOption(rows: BreakdownRow[], t: Translate, withOnTime = false): EChartsOption {
  const sorted = [...rows].sort((a, b) => a.reported - b.reported);
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const r = sorted[ps[0]?.dataIndex ?? 0];
        if (!r) return '';
        const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
        return [
          `<b>${esc(r.label)}</b>`,
          `${t(m.reported)} ${r.reported} · ${t(m.closed)} ${r.closed} · ${t(m.open)} ${r.open}`,
          `${t(m.closedLoop)} ${pct(r.closedLoop)} (${frac(r.closedLoop)})`,
          `${t(m.onTimeClose)} ${pct(r.onTimeClose)} (${frac(r.onTimeClose)})`,
        ].join('<br/>');
      },
    },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((r) => r.label), axisLabel: { width: 110, overflow: 'truncate' } },
    series: [
      { name: t(m.reported), type: 'bar', data: sorted.map((r) => r.reported), itemStyle: { color: '#5b8ff9' } },
      { name: t(m.closed), type: 'bar', data: sorted.map((r) => r.closed), itemStyle: { color: '#5ad8a6' } },
      ...(withOnTime ? [{ name: t(m.overdueOpen), type: 'bar', data: sorted.map((r) => r.overdueOpen), itemStyle: { color: '#e8684a' } }] : []),
    ],
  };
}

function pieOption(rows: { name: string; value: number }[]): EChartsOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        data: rows.filter((r) => r.value > 0),
        label: { formatter: '{d}%' },
        // Thin slices (a few events) keep their colour and tooltip but no label, so the labels stay legible.
        minShowLabelAngle: 8,
      },
    ],
  };
}

function yearRange(y: number): [string, string] {
  return [`${y}-01-01`, `${y}-12-31`];
}

export default function EventStats() {
  const { t, lang } = useI18n();
  const me = useMe();
  const workYear = useWorkYear();
  const years = yearChoices(workYear, 2020);
  const [period, setPeriod] = useState<number | 'custom'>(workYear);
  const [range, setRange] = useState<[string, string]>(yearRange(workYear));
  const [gridId, setGridId] = useState<number | undefined>();
  const [categoryId, setCategoryId] = useState<number | undefined>();
  const [departmentId, setDepartmentId] = useState<number | undefined>();
  const [source, setSource] = useState<EventSource[]>([]);
  const cats = useCategories();
  const grids = useGridList(true);
  const depts = useDepartments(me.role !== 'handler' && CAN.departments(me.role));

  const q = { from: range[0], to: range[1], gridId, categoryId, departmentId, source };
  const state = useApi((signal) => eventsApi.metrics(q, signal), [JSON.stringify(q)]);

  return (
    <div data-testid="event-stats">
      <div className="zl-filters">
        <Select<number | 'custom'>
          value={period}
          onChange={(v) => {
            setPeriod(v);
            if (v !== 'custom') setRange(yearRange(v));
          }}
          options={[...years.map((y) => ({ value: y, label: t(m.year, { y }) })), { value: 'custom' as const, label: t(m.custom) }]}
          style={{ width: 120 }}
          data-testid="stats-year"
        />
        {period === 'custom' ? (
          <DatePicker.RangePicker
            value={[dayjs(range[0]), dayjs(range[1])]}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
          />
        ) : null}
        <Select<number>
          allowClear
          placeholder={t(m.anyGrid)}
          value={gridId}
          onChange={setGridId}
          options={[
            ...(grids.data ?? []).filter((g) => me.role !== 'grid_worker' || me.gridIds.includes(g.id)).map((g) => ({ value: g.id, label: g.name })),
            ...(me.role !== 'grid_worker' ? [{ value: 0, label: t(em.outsideGrid) }] : []),
          ]}
          style={{ minWidth: 150 }}
        />
        <Cascader
          allowClear
          changeOnSelect
          placeholder={t(m.anyCategory)}
          options={categoryOptions(cats.data ?? [])}
          onChange={(v) => setCategoryId(v?.length ? Number(v[v.length - 1]) : undefined)}
          style={{ minWidth: 160 }}
        />
        {(depts.data ?? []).length ? (
          <Select<number>
            allowClear
            placeholder={t(m.anyDept)}
            value={departmentId}
            onChange={setDepartmentId}
            options={(depts.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
            style={{ minWidth: 170 }}
            showSearch={{ optionFilterProp: 'label' }}
          />
        ) : null}
        <Select<EventSource[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t(m.anySource)}
          value={source}
          onChange={setSource}
          options={sourceOptions(lang, EVENT_SOURCES)}
          style={{ minWidth: 160 }}
        />
      </div>
      <Async state={state}>{(f) => <Figures f={f} />}</Async>
    </div>
  );
}

function Figures({ f }: { f: Metrics }) {
  const { t, lang } = useI18n();
  const d = f.definitions;
  const month = useMemo(() => monthOption(allMonths(f.byMonth, f.period.from, f.period.to), t), [f, t]);
  const grid = useMemo(() => barOption(f.byGrid, t, true), [f, t]);
  const dept = useMemo(() => barOption(f.byDepartment, t, true), [f, t]);
  const cat = useMemo(() => pieOption(f.byCategory.map((r) => ({ name: r.label, value: r.reported }))), [f]);
  const src = useMemo(() => pieOption(f.bySource.map((r) => ({ name: sourceLabel(r.key, lang), value: r.reported }))), [f, lang]);
  const hours = (v: number | null) => (v === null ? '—' : v.toFixed(1));

  const rateCell = (r: Rate) => (
    <span>
      {pct(r)} <span className="zl-mono" style={{ color: '#98a2b3' }}>({frac(r)})</span>
    </span>
  );
  const tableFor = (rows: BreakdownRow[], labelOf: (r: BreakdownRow) => string = (r) => r.label) => (
    <Table<BreakdownRow>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 880 }}
      columns={[
        { title: t(m.name), key: 'label', render: (_: unknown, r) => labelOf(r), fixed: 'left', width: 160 },
        { title: t(m.reported), dataIndex: 'reported', sorter: (a, b) => a.reported - b.reported },
        { title: t(m.closed), dataIndex: 'closed' },
        { title: t(m.open), dataIndex: 'open' },
        { title: t(m.overdueOpen), dataIndex: 'overdueOpen', render: (v: number) => (v > 0 ? <span style={{ color: '#cf1322' }}>{v}</span> : v) },
        { title: t(m.rejected), dataIndex: 'rejected' },
        { title: t(m.closedLoop), key: 'closedLoop', render: (_: unknown, r) => rateCell(r.closedLoop) },
        { title: t(m.onTimeClose), key: 'onTime', render: (_: unknown, r) => rateCell(r.onTimeClose) },
        { title: `${t(m.avgHours)}（${t(m.hoursUnit)}）`, dataIndex: 'avgHandlingHours', render: (v: number | null) => hours(v) },
      ]}
    />
  );

  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t(m.period, { from: f.period.from, to: f.period.to, tz: f.period.timeZone })}
      </Typography.Paragraph>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={8} xl={4}>
          <CountStat title={t(m.reported)} value={f.reported} hint={`${t(m.rejected)} ${f.rejected} · ${t(m.merged)} ${f.merged}`} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <CountStat title={t(m.closed)} value={f.closed} hint={`${t(m.open)} ${f.open} · ${t(m.overdueOpen)} ${f.overdueOpen}`} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <RateStat title={t(m.closedLoop)} rate={f.rates.closedLoop} hint={d.closedLoop} testId="stat-closed-loop" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <RateStat title={t(m.onTimeClose)} rate={f.rates.onTimeClose} hint={d.onTimeClose} testId="stat-on-time" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <CountStat
            title={t(m.avgHours)}
            value={hours(f.handlingTime.averageHours)}
            suffix={f.handlingTime.averageHours === null ? undefined : t(m.hoursUnit)}
            hint={f.handlingTime.p90Hours === null ? undefined : `${t(m.p90Hours)} ${hours(f.handlingTime.p90Hours)} ${t(m.hoursUnit)}`}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <CountStat
            title={t(m.satisfaction)}
            value={f.satisfaction.average === null ? '—' : f.satisfaction.average.toFixed(2)}
            suffix={f.satisfaction.average === null ? undefined : '/ 5'}
            hint={t(m.ratedN, { n: f.satisfaction.rated })}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <RateStat title={t(m.acceptance)} rate={f.rates.acceptance} hint={d.acceptance} />
        </Col>
        {STAGES.map((s) => (
          <Col xs={12} md={8} xl={4} key={s}>
            <RateStat title={t(m.onTimeStage, { s: STAGE_LABELS[s][lang] })} rate={f.rates.onTimeByStage[s]} hint={d.onTimeStage} />
          </Col>
        ))}
        <Col xs={12} md={8} xl={4}>
          <RateStat title={t(m.reopen)} rate={f.rates.reopen} hint={d.reopen} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <RateStat title={t(m.extension)} rate={f.rates.extension} hint={d.extension} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <RateStat title={t(m.overdueRate)} rate={f.rates.overdue} hint={d.overdue} />
        </Col>
      </Row>
      {f.reported === 0 ? (
        <Card size="small">
          <EmptyState description={t(m.noEvents)} />
        </Card>
      ) : null}
      <Row gutter={[12, 12]} style={f.reported === 0 ? { display: 'none' } : undefined}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t(m.byMonth)}>
            <EChart option={month} style={{ height: 320 }} testId="chart-month" />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t(m.byGrid)}>
            <EChart option={grid} style={{ height: 320 }} testId="chart-grid" />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Card size="small" title={t(m.byCategory)}>
            <EChart option={cat} style={{ height: 320 }} testId="chart-category" />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Card size="small" title={t(m.bySource)}>
            <EChart option={src} style={{ height: 320 }} testId="chart-source" />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t(m.byDepartment)}>
            <EChart option={dept} style={{ height: 320 }} testId="chart-department" />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t(m.table)}>
            <Tabs
              items={[
                { key: 'grid', label: t(m.byGrid), children: tableFor(f.byGrid) },
                { key: 'category', label: t(m.byCategory), children: tableFor(f.byCategory) },
                { key: 'department', label: t(m.byDepartment), children: tableFor(f.byDepartment) },
                { key: 'source', label: t(m.bySource), children: tableFor(f.bySource, (r) => sourceLabel(r.key, lang)) },
                { key: 'month', label: t(m.byMonth), children: tableFor(f.byMonth) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t(m.definitions)}>
            <ul style={{ margin: 0, paddingInlineStart: 20, color: '#475467' }} data-testid="stats-definitions">
              {Object.entries(d).map(([k, v]) => (
                <li key={k}>{v}</li>
              ))}
            </ul>
          </Card>
        </Col>
      </Row>
    </>
  );
}
