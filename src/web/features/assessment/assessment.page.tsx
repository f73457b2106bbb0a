// 自我动态测评: the self-assessment dashboard of any year, quarter or month (indicators with value, numerator and
// denominator, target, status, monthly trend against the previous year), the indicator catalogue (the law office
// edits it), the shortcomings found in the data, the figures catalogue, and the drill-down from any figure to
// the records behind it.
import { Alert, Button, Card, Col, Form, Input, InputNumber, List, Modal, Row, Segmented, Select, Space, Statistic, Switch, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { useMemo, useState } from 'react';
import { Link, Route, Routes, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { useMe } from '../../app/session.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { EChart, echarts } from '../../shared/echart.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async, EmptyState } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import {
  AREAS,
  areaLabel,
  assessmentApi,
  drillHref,
  figureText,
  STATUS_META,
  type Assessed,
  type Figure,
  type FormulaCheck,
  type Indicator,
  type IndicatorInput,
  type PeriodSel,
} from './assessment.api.ts';
import { useWorkYear, yearChoices } from '../../shared/work-year.ts';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent]);

const num = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : String(Math.round(v * 10 ** digits) / 10 ** digits));

// ── period picker ──

export function PeriodPicker({ value, onChange }: { value: PeriodSel; onChange: (p: PeriodSel) => void }) {
  const workYear = useWorkYear();
  const years = useMemo(() => yearChoices(workYear), [workYear]);
  const kind = value.month !== undefined ? 'month' : value.quarter !== undefined ? 'quarter' : 'year';
  return (
    <Space wrap>
      <Select value={value.year} onChange={(year) => onChange({ ...value, year })} style={{ width: 110 }} options={years.map((y) => ({ value: y, label: `${y}年` }))} data-testid="period-year" />
      <Segmented
        value={kind}
        onChange={(k) => onChange(k === 'year' ? { year: value.year } : k === 'quarter' ? { year: value.year, quarter: 1 } : { year: value.year, month: 1 })}
        options={[
          { value: 'year', label: '全年' },
          { value: 'quarter', label: '季度' },
          { value: 'month', label: '月份' },
        ]}
        data-testid="period-kind"
      />
      {kind === 'quarter' ? (
        <Select value={value.quarter} onChange={(quarter) => onChange({ year: value.year, quarter })} style={{ width: 110 }} options={[1, 2, 3, 4].map((q) => ({ value: q, label: `第${q}季度` }))} />
      ) : null}
      {kind === 'month' ? (
        <Select value={value.month} onChange={(month) => onChange({ year: value.year, month })} style={{ width: 90 }} options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}月` }))} />
      ) : null}
    </Space>
  );
}

// ── dashboard ──

function TrendChart({ item }: { item: Assessed }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 32 },
      xAxis: { type: 'category', data: item.trend.map((t) => `${Number(t.month.slice(5))}月`) },
      yAxis: { type: 'value', name: item.unit },
      series: [
        { type: 'line', name: '本年', data: item.trend.map((t) => t.value), connectNulls: false },
        { type: 'line', name: '上年同期', data: item.trend.map((t) => t.previous), lineStyle: { type: 'dashed' } },
      ],
    }),
    [item],
  );
  return <EChart option={option} style={{ height: 220 }} testId={`trend-${item.code}`} />;
}

function FigureLinks({ keys, figures }: { keys: string[]; figures: Map<string, Figure> }) {
  return (
    <Space wrap size={4}>
      {keys.map((k) => {
        const f = figures.get(k);
        if (!f) return <Tag key={k}>{k}</Tag>;
        const tag = (
          <Tag color={f.value === null ? 'red' : 'geekblue'} data-testid={`figure-${k}`}>
            {f.name}：{figureText(f)}
            {f.kind === 'rate' && f.numerator !== null ? `（${num(f.numerator)}/${num(f.denominator)}）` : ''}
          </Tag>
        );
        return f.drill ? (
          <Link key={k} to={drillHref(f.drill)}>
            {tag}
          </Link>
        ) : (
          <Tooltip key={k} title={f.missing}>
            {tag}
          </Tooltip>
        );
      })}
    </Space>
  );
}

function Dashboard({ period }: { period: PeriodSel }) {
  const state = useApi((signal) => assessmentApi.selfAssessment(period, signal), [period.year, period.quarter, period.month]);
  const [area, setArea] = useState<string | null>(null);
  return (
    <Async state={state}>
      {(s) => {
        const figures = new Map(s.figures.map((f) => [f.key, f]));
        const rows = area ? s.indicators.filter((i) => i.area === area) : s.indicators;
        const columns: TableColumnsType<Assessed> = [
          { title: '编码', dataIndex: 'code', width: 80 },
          { title: '指标', dataIndex: 'name', render: (v: string, r) => <Tooltip title={`公式：${r.formula}`}>{v}</Tooltip> },
          { title: '领域', dataIndex: 'areaName', width: 120 },
          { title: '数值', key: 'value', align: 'right', render: (_, r) => <span data-testid={`value-${r.code}`}>{r.value === null ? '—' : `${num(r.value)}${r.unit === '%' ? '%' : ` ${r.unit}`}`}</span> },
          { title: '分子 / 分母', key: 'nd', align: 'right', render: (_, r) => (r.numerator === null ? '—' : `${num(r.numerator)} / ${num(r.denominator)}`) },
          { title: '目标', key: 'target', align: 'right', render: (_, r) => (r.target === null ? '—' : `${r.direction === 'higher' ? '≥' : '≤'} ${num(r.target)}`) },
          { title: '状态', dataIndex: 'status', width: 90, render: (v: Assessed['status']) => <Tag color={STATUS_META[v].color}>{STATUS_META[v].label}</Tag> },
          {
            title: '上年同期',
            key: 'prev',
            align: 'right',
            render: (_, r) => (
              <span>
                {num(r.previous.value)}
                {r.change !== null && r.change !== 0 ? <span style={{ color: r.change > 0 === (r.direction === 'higher') ? '#389e0d' : '#cf1322' }}>（{r.change > 0 ? '+' : ''}{num(r.change)}）</span> : null}
              </span>
            ),
          },
        ];
        return (
          <Space direction="vertical" style={{ width: '100%' }} size={12}>
            <Row gutter={[12, 12]}>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={`${s.period.label}综合得分`} value={s.score ?? '—'} suffix={s.score === null ? undefined : '分'} />
                  <div style={{ color: '#667085', fontSize: 12 }}>上年同期 {s.previousScore ?? '—'} 分；达标计1、预警计0.5，按权重</div>
                </Card>
              </Col>
              {s.byArea.map((a) => (
                <Col key={a.area} xs={12} md={6} lg={3}>
                  <Card size="small" hoverable onClick={() => setArea(area === a.area ? null : a.area)} style={area === a.area ? { borderColor: '#1677ff' } : undefined}>
                    <div style={{ fontWeight: 500 }}>{a.areaName}</div>
                    <div style={{ fontSize: 12, color: '#667085' }}>
                      {a.indicators}项 · 达标{a.met} · 预警{a.atRisk} · 未达{a.missed}
                    </div>
                  </Card>
                </Col>
              ))}
            </Row>
            <Table
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={rows}
              pagination={false}
              data-testid="indicator-table"
              expandable={{
                expandedRowRender: (r) => (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <FigureLinks keys={r.figures} figures={figures} />
                    {r.missing.length ? <Alert type="warning" showIcon message={r.missing.map((m) => `${m.key}：${m.reason}`).join('；')} /> : null}
                    <TrendChart item={r} />
                  </Space>
                ),
              }}
            />
          </Space>
        );
      }}
    </Async>
  );
}

// ── indicators ──

function IndicatorForm({ initial, onClose, onSaved }: { initial: Indicator | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<IndicatorInput>();
  const [check, setCheck] = useState<FormulaCheck | null>(null);
  const [saving, setSaving] = useState(false);
  const workYear = useWorkYear();
  const doCheck = async () => {
    try {
      setCheck(await assessmentApi.checkFormula(form.getFieldValue('formula') ?? '', workYear));
    } catch (e) {
      notifyError(e);
    }
  };
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      if (initial) await assessmentApi.updateIndicator(initial.id, { ...v, version: initial.version });
      else await assessmentApi.createIndicator(v);
      notifySuccess('已保存');
      onSaved();
    } catch (e) {
      notifyError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={initial ? `修改指标 ${initial.code}` : '新增指标'} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial ?? { direction: 'higher', weight: 1, tolerance: 0, prorate: false, area: 'functions' }}>
        {initial ? null : (
          <Form.Item name="code" label="编码" rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,20}$/, message: '字母、数字、- 或 _，不超过20位' }]}>
            <Input data-testid="indicator-code" />
          </Form.Item>
        )}
        <Form.Item name="name" label="名称" rules={[{ required: true }]}>
          <Input data-testid="indicator-name" />
        </Form.Item>
        <Form.Item name="area" label="领域" rules={[{ required: true }]}>
          <Select options={AREAS.map((a) => ({ value: a.value, label: a.label }))} />
        </Form.Item>
        <Form.Item
          name="formula"
          label="公式"
          extra="统计项键、数字、+ − × ÷ 和括号，例如 events.overdue / events.reported * 100"
          rules={[{ required: true }]}
        >
          <Input.Search enterButton="检查" onSearch={() => void doCheck()} data-testid="indicator-formula" />
        </Form.Item>
        {check ? (
          check.ok ? (
            <Alert type="success" showIcon style={{ marginBottom: 12 }} message={`${check.canonical}　${workYear}年试算：${num(check.value)}${check.numerator !== null ? `（${num(check.numerator)} / ${num(check.denominator)}）` : ''}`} />
          ) : (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} message={check.error} />
          )
        ) : null}
        <Space wrap>
          <Form.Item name="unit" label="单位">
            <Input style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="target" label="目标">
            <InputNumber style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="direction" label="方向">
            <Select style={{ width: 120 }} options={[{ value: 'higher', label: '越高越好' }, { value: 'lower', label: '越低越好' }]} />
          </Form.Item>
          <Form.Item name="tolerance" label="预警区间">
            <InputNumber min={0} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="weight" label="权重">
            <InputNumber min={0} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="prorate" label="按期折算目标" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Indicators() {
  const me = useMe();
  const canEdit = me.role === 'law_office';
  const state = useApi((signal) => assessmentApi.indicators(signal), []);
  const [editing, setEditing] = useState<Indicator | null | 'new'>(null);
  const toggle = async (r: Indicator) => {
    try {
      await assessmentApi.updateIndicator(r.id, { version: r.version, active: !r.active });
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const defaults = async () => {
    try {
      const { added } = await assessmentApi.addDefaults();
      notifySuccess(added ? `已补齐${added}项默认指标` : '默认指标已齐全');
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const columns: TableColumnsType<Indicator> = [
    { title: '编码', dataIndex: 'code', width: 80 },
    { title: '名称', dataIndex: 'name' },
    { title: '领域', dataIndex: 'area', render: areaLabel, width: 120 },
    { title: '公式', dataIndex: 'formula', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: '目标', key: 't', render: (_, r) => (r.target === null ? '—' : `${r.direction === 'higher' ? '≥' : '≤'} ${r.target}${r.unit === '%' ? '%' : r.unit}`) },
    { title: '权重', dataIndex: 'weight', width: 70 },
    { title: '启用', dataIndex: 'active', width: 70, render: (v: boolean, r) => <Switch size="small" checked={v} disabled={!canEdit} onChange={() => void toggle(r)} /> },
    ...(canEdit ? [{ title: '', key: 'op', width: 70, render: (_: unknown, r: Indicator) => <Button size="small" onClick={() => setEditing(r)}>修改</Button> }] : []),
  ];
  return (
    <Async state={state}>
      {(rows) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          {canEdit ? (
            <Space>
              <Button type="primary" onClick={() => setEditing('new')} data-testid="indicator-new">
                新增指标
              </Button>
              <Button onClick={() => void defaults()}>补齐默认指标</Button>
            </Space>
          ) : null}
          {rows.length === 0 ? <EmptyState description="尚无指标，法治办可补齐默认指标" /> : <Table rowKey="id" size="small" columns={columns} dataSource={rows} pagination={false} />}
          {editing ? <IndicatorForm initial={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); state.reload(); }} /> : null}
        </Space>
      )}
    </Async>
  );
}

// ── findings ──

const SEVERITY: Record<string, { label: string; color: string }> = { high: { label: '突出', color: 'red' }, medium: { label: '较明显', color: 'orange' }, low: { label: '一般', color: 'gold' } };

export function FindingsList({ period }: { period: PeriodSel }) {
  const state = useApi((signal) => assessmentApi.findings(period, signal), [period.year, period.quarter, period.month]);
  return (
    <Async state={state}>
      {({ findings }) =>
        findings.length === 0 ? (
          <EmptyState description="本期数据未发现突出问题" />
        ) : (
          <List
            dataSource={findings}
            renderItem={(f) => (
              <Card size="small" style={{ marginBottom: 12 }} title={<Space><Tag color={SEVERITY[f.severity].color}>{SEVERITY[f.severity].label}</Tag>{f.title}</Space>} data-testid={`finding-${f.rule}`}>
                <p>{f.text}</p>
                <p style={{ color: '#667085' }}>建议：{f.suggestion}</p>
                <Space wrap>
                  {f.evidence.map((e, i) =>
                    e.drill ? (
                      <Link key={i} to={drillHref(e.drill)}>
                        <Tag color="geekblue">{e.label}{e.value !== undefined && !e.label.includes(String(e.value)) ? `：${e.value}` : ''}</Tag>
                      </Link>
                    ) : (
                      <Tag key={i}>{e.label}</Tag>
                    ),
                  )}
                </Space>
              </Card>
            )}
          />
        )
      }
    </Async>
  );
}

// ── figures catalogue ──

function Catalogue({ period }: { period: PeriodSel }) {
  const cat = useApi((signal) => assessmentApi.catalogue(signal), []);
  const values = useApi((signal) => assessmentApi.figures(period, undefined, signal), [period.year, period.quarter, period.month]);
  const byKey = new Map((values.data?.figures ?? []).map((f) => [f.key, f]));
  return (
    <Async state={cat}>
      {(rows) => (
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: '模块', dataIndex: 'moduleName', width: 110 },
            { title: '统计项', dataIndex: 'name', render: (v: string, r) => <Tooltip title={r.key}>{v}</Tooltip> },
            { title: '键', dataIndex: 'key', render: (v: string) => <Typography.Text code copyable>{v}</Typography.Text> },
            { title: '口径', dataIndex: 'definition', render: (v: string, r) => (r.numerator ? `${v}（分子：${r.numerator}；分母：${r.denominator}）` : v) },
            {
              title: '本期数值',
              key: 'v',
              align: 'right',
              render: (_, r) => {
                const f = byKey.get(r.key);
                if (!f) return values.loading ? '…' : '—';
                const text = f.value === null ? <Tooltip title={f.missing}>—</Tooltip> : figureText(f);
                return f.drill ? <Link to={drillHref(f.drill)}>{text}</Link> : text;
              },
            },
          ]}
        />
      )}
    </Async>
  );
}

// ── drill-down ──

const SAFE_API = /^\/api\/[a-z0-9-]+(\/[a-z0-9-]+)*$/;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return v.slice(0, 16).replace('T', ' ');
  return String(v);
}

function Drill() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { t } = useI18n();
  const path = params.get('api') ?? '';
  const label = params.get('label') ?? '明细';
  const query: Record<string, string> = {};
  for (const [k, v] of params.entries()) if (k.startsWith('q.')) query[k.slice(2)] = v;
  const { paging, pagination } = usePaging(20);
  const ok = SAFE_API.test(path);
  const state = useApi(
    (signal) => (ok ? api.get<Page<Record<string, unknown>> | Record<string, unknown>[]>(path, { ...query, page: paging.page, pageSize: paging.pageSize }, { signal }) : Promise.reject(new Error('无效的明细地址'))),
    [path, JSON.stringify(query), paging.page, paging.pageSize],
  );
  return (
    <>
      <PageHeader title={label} sub={`${path} ${Object.entries(query).map(([k, v]) => `${k}=${v}`).join(' ')}`} extra={<Button onClick={() => navigate(-1)}>返回</Button>} />
      <Async state={state}>
        {(data) => {
          const items = Array.isArray(data) ? data : data.items;
          const total = Array.isArray(data) ? data.length : data.total;
          const keys = [...new Set(items.flatMap((r) => Object.keys(r)))].filter((k) => items.some((r) => r[k] === null || typeof r[k] !== 'object')).slice(0, 12);
          return (
            <Table
              rowKey={(r, i) => String(r.id ?? i)}
              size="small"
              scroll={{ x: true }}
              dataSource={items}
              data-testid="drill-table"
              pagination={Array.isArray(data) ? false : pagination(total, t)}
              columns={keys.map((k) => ({ title: k, dataIndex: k, render: cell }))}
            />
          );
        }}
      </Async>
    </>
  );
}

// ── page ──

function Main() {
  const workYear = useWorkYear();
  const [period, setPeriod] = useState<PeriodSel>({ year: workYear });
  const [tab, setTab] = useState('dashboard');
  return (
    <>
      <PageHeader title="自我动态测评" sub="指标值均由各模块记录计算，点击统计项可查看背后的记录" extra={<PeriodPicker value={period} onChange={setPeriod} />} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'dashboard', label: '测评看板', children: <Dashboard period={period} /> },
          { key: 'findings', label: '发现的问题', children: <FindingsList period={period} /> },
          { key: 'indicators', label: '指标管理', children: <Indicators /> },
          { key: 'catalogue', label: '统计项目录', children: <Catalogue period={period} /> },
        ]}
      />
    </>
  );
}

export default function AssessmentPage() {
  return (
    <Routes>
      <Route index element={<Main />} />
      <Route path="drill" element={<Drill />} />
    </Routes>
  );
}
