// 诉求看板 and one demand's page: officers and units work the board (answer deadlines coloured), an enterprise
// follows its own; each page offers exactly the moves the server says this user may make.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Rate as Stars, Select, Space, Table, Tabs, Tag, Timeline, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, isApiError } from '../../api/client.ts';
import { useMe } from '../../app/session.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { EnterpriseSelect } from '../education/records.shared.tsx';
import {
  DEMAND_ACTION_LABELS,
  DEMAND_CATEGORY_LABELS,
  DEMAND_SOURCE_LABELS,
  DEMAND_STATUS_LABELS,
  enterpriseApi,
  options,
  PROJECT_STAGE_LABELS,
  type Demand,
  type DemandAction,
  type DemandInput,
  type DueState,
} from './enterprise.api.ts';

const DUE: Record<DueState, { color: string; label: string }> = {
  overdue: { color: 'red', label: '已超期' },
  due_soon: { color: 'orange', label: '即将到期' },
  ok: { color: 'green', label: '期限内' },
  done: { color: 'default', label: '已答复' },
  none: { color: 'default', label: '—' },
};

export function DueTag({ d }: { d: Pick<Demand, 'dueState' | 'answerDueAt'> }) {
  const s = DUE[d.dueState];
  return (
    <Tag color={s.color} data-testid={`due-${d.dueState}`}>
      {s.label}
      {d.dueState !== 'done' && d.answerDueAt ? ` ${formatDateTime(d.answerDueAt).slice(5, 16)}` : ''}
    </Tag>
  );
}

const STATUS_COLOR: Record<string, string> = {
  collected: 'blue',
  assigned: 'geekblue',
  answered: 'cyan',
  resolved: 'green',
  confirmed: 'success',
  returned: 'orange',
  closed_unresolved: 'default',
};
export const StatusTag = ({ status }: { status: string }) => <Tag color={STATUS_COLOR[status]}>{DEMAND_STATUS_LABELS[status as keyof typeof DEMAND_STATUS_LABELS] ?? status}</Tag>;

export function DemandForm({ open, onClose, onSaved, enterpriseId }: { open: boolean; onClose: () => void; onSaved: (d: Demand) => void; enterpriseId?: number }) {
  const me = useMe();
  const [form] = Form.useForm<DemandInput & { projectName?: string; investmentWan?: number; stage?: string }>();
  const key = useIdempotencyKey();
  const category = Form.useWatch('category', form);
  const [saving, setSaving] = useState(false);
  const own = me.role === 'enterprise';
  const submit = async () => {
    const v = await form.validateFields();
    const body: DemandInput = {
      enterpriseId: own ? me.enterpriseId! : (enterpriseId ?? v.enterpriseId),
      category: v.category,
      title: v.title,
      description: v.description,
      ...(own ? {} : { source: v.source }),
      ...(v.category === 'project' ? { project: { name: v.projectName!, investmentWan: v.investmentWan ?? 0, stage: v.stage as never } } : {}),
    };
    setSaving(true);
    try {
      const d = await enterpriseApi.createDemand(body, key(body));
      notifySuccess(own ? '诉求已提交，包联干部会尽快处理' : '诉求已登记');
      form.resetFields();
      onSaved(d);
    } catch (e) {
      notifyError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={own ? '提交诉求' : '登记诉求'} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'demand-submit' } as never}>
      <Form form={form} layout="vertical" initialValues={{ category: 'talent', source: 'visit', stage: 'preparation' }}>
        {!own && enterpriseId === undefined ? (
          <Form.Item name="enterpriseId" label="企业" rules={[{ required: true, message: '请选择企业' }]}>
            <EnterpriseSelect testId="demand-enterprise" />
          </Form.Item>
        ) : null}
        <Form.Item name="category" label="类别" rules={[{ required: true }]}>
          <Select options={options(DEMAND_CATEGORY_LABELS)} data-testid="demand-category" />
        </Form.Item>
        <Form.Item name="title" label="问题" rules={[{ required: true, message: '请简述问题' }]}>
          <Input maxLength={200} data-testid="demand-title" />
        </Form.Item>
        <Form.Item name="description" label="详细说明">
          <Input.TextArea rows={3} maxLength={5000} data-testid="demand-description" />
        </Form.Item>
        {!own ? (
          <Form.Item name="source" label="来源">
            <Select options={options(DEMAND_SOURCE_LABELS)} />
          </Form.Item>
        ) : null}
        {category === 'project' ? (
          <Space wrap>
            <Form.Item name="projectName" label="项目名称" rules={[{ required: true, message: '请填写项目名称' }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="investmentWan" label="投资额（万元）" rules={[{ required: true }]}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="stage" label="阶段">
              <Select style={{ width: 120 }} options={options(PROJECT_STAGE_LABELS)} />
            </Form.Item>
          </Space>
        ) : null}
      </Form>
    </Modal>
  );
}

/** The columns of a demand list; `link` builds the detail path (board or portal). */
function columns(link: (d: Demand) => string, showEnterprise: boolean): TableColumnsType<Demand> {
  return [
    { title: '问题', dataIndex: 'title', render: (t: string, d) => <Link to={link(d)}>{t}</Link> },
    ...(showEnterprise ? [{ title: '企业', dataIndex: 'enterpriseName', ellipsis: true } as const] : []),
    { title: '类别', dataIndex: 'categoryLabel', width: 90 },
    { title: '状态', dataIndex: 'status', width: 100, render: (s: string) => <StatusTag status={s} /> },
    { title: '承办单位', dataIndex: 'unitName', width: 140, render: (u: string | null) => u ?? '—' },
    { title: '收集', dataIndex: 'collectedOn', width: 105 },
    { title: '答复期限', key: 'due', width: 170, render: (_: unknown, d) => <DueTag d={d} /> },
  ];
}

const STATUS_TABS = ['open', 'collected', 'assigned', 'returned', 'answered', 'resolved', 'confirmed', 'closed_unresolved', 'all'] as const;
const OPEN = ['collected', 'assigned', 'returned', 'answered', 'resolved'];

export function DemandBoard({ enterpriseId, portal = false }: { enterpriseId?: number; portal?: boolean }) {
  const me = useMe();
  const { t } = useI18n();
  const nav = useNavigate();
  const { paging, pagination, toFirst } = usePaging();
  const [tab, setTab] = useState<(typeof STATUS_TABS)[number]>('open');
  const [category, setCategory] = useState<string>();
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const status = tab === 'all' ? undefined : tab === 'open' ? OPEN : [tab];
  const state = useApi(
    (signal) => enterpriseApi.demands({ status, category, overdue: overdue || undefined, q, enterpriseId, page: paging.page, pageSize: paging.pageSize, sort: overdue ? 'answerDueAt' : 'collectedAt', order: overdue ? 'asc' : 'desc' }, signal),
    [tab, category, overdue, q, enterpriseId, paging],
  );
  const canCreate = me.role === 'enterprise_officer' || me.role === 'enterprise' || me.role === 'dispatcher';
  const link = (d: Demand) => (portal ? `/enterprise/portal/demands/${d.id}` : `/enterprise/demands/${d.id}`);
  const counts = state.data?.statusCounts ?? {};
  const count = (k: string) => (k === 'all' ? Object.values(counts).reduce((a, b) => a + b, 0) : k === 'open' ? OPEN.reduce((a, s) => a + (counts[s] ?? 0), 0) : (counts[k] ?? 0));
  return (
    <Card
      size="small"
      title={portal ? '我的诉求' : '诉求看板'}
      extra={
        <Space wrap>
          {!portal ? <Input.Search allowClear placeholder="问题或企业名称" style={{ width: 200 }} onSearch={(v) => { setQ(v); toFirst(); }} /> : null}
          <Select allowClear placeholder="全部类别" style={{ width: 120 }} value={category} onChange={(v) => { setCategory(v); toFirst(); }} options={options(DEMAND_CATEGORY_LABELS)} />
          {!portal ? (
            <Button type={overdue ? 'primary' : 'default'} danger={overdue} onClick={() => { setOverdue(!overdue); toFirst(); }} data-testid="overdue-toggle">
              只看超期
            </Button>
          ) : null}
          {canCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="demand-new">
              {portal ? '提交诉求' : '登记诉求'}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Tabs
        size="small"
        activeKey={tab}
        onChange={(k) => { setTab(k as typeof tab); toFirst(); }}
        items={STATUS_TABS.map((k) => ({ key: k, label: `${k === 'open' ? '办理中' : k === 'all' ? '全部' : DEMAND_STATUS_LABELS[k as keyof typeof DEMAND_STATUS_LABELS]} ${state.data ? count(k) : ''}` }))}
      />
      <Async state={state}>
        {(page) => (
          <Table
            rowKey="id"
            size="small"
            columns={columns(link, !portal && enterpriseId === undefined)}
            dataSource={page.items}
            pagination={pagination(page.total, t)}
            loading={state.loading}
            rowClassName={(d) => (d.dueState === 'overdue' ? 'zl-row-overdue' : '')}
            data-testid="demand-table"
          />
        )}
      </Async>
      <DemandForm open={open} enterpriseId={enterpriseId} onClose={() => setOpen(false)} onSaved={(d) => { setOpen(false); nav(link(d)); }} />
    </Card>
  );
}

function ActionPanel({ d, onDone }: { d: Demand; onDone: () => void }) {
  const [action, setAction] = useState<DemandAction | null>(null);
  const [form] = Form.useForm<{ unitId?: number; reason?: string; answer?: string; satisfaction?: number; comment?: string }>();
  const units = useApi(
    (signal) =>
      d.actions.includes('assign')
        ? api.get<{ items: { id: number; name: string }[] }>('/api/org-units', { active: true, pageSize: 200 }, { signal }).then((p) => p.items, () => [])
        : Promise.resolve([]),
    [d.actions.join()],
  );
  const [saving, setSaving] = useState(false);
  if (d.actions.length === 0) return null;
  const submit = async () => {
    if (!action) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      await enterpriseApi.transition(d.id, { action, version: d.version, ...v });
      notifySuccess(`已${DEMAND_ACTION_LABELS[action]}`);
      setAction(null);
      form.resetFields();
      onDone();
    } catch (e) {
      notifyError(e);
      if (isApiError(e) && e.status === 409) onDone();
    } finally {
      setSaving(false);
    }
  };
  const danger: DemandAction[] = ['return', 'reject', 'close_unresolved'];
  return (
    <Card size="small" title="办理">
      <Space wrap>
        {d.actions.map((a) => (
          <Button key={a} type={a === 'answer' || a === 'confirm' || a === 'assign' ? 'primary' : 'default'} danger={danger.includes(a)} onClick={() => setAction(a)} data-testid={`action-${a}`}>
            {DEMAND_ACTION_LABELS[a]}
          </Button>
        ))}
      </Space>
      <Modal open={action !== null} title={action ? DEMAND_ACTION_LABELS[action] : ''} onCancel={() => setAction(null)} onOk={() => void submit()} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'action-ok' } as never}>
        <Form form={form} layout="vertical">
          {action === 'assign' ? (
            <Form.Item name="unitId" label="承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
              <Select showSearch optionFilterProp="label" options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} data-testid="action-unit" />
            </Form.Item>
          ) : null}
          {action === 'answer' ? (
            <Form.Item name="answer" label="答复内容" rules={[{ required: true, min: 2, message: '请填写答复内容' }]}>
              <Input.TextArea rows={4} maxLength={5000} data-testid="action-answer" />
            </Form.Item>
          ) : null}
          {action && danger.includes(action) ? (
            <Form.Item name="reason" label="原因" rules={[{ required: true, min: 2, message: '请填写原因' }]}>
              <Input.TextArea rows={3} maxLength={1000} data-testid="action-reason" />
            </Form.Item>
          ) : null}
          {action === 'confirm' ? (
            <>
              <Form.Item name="satisfaction" label="满意度" rules={[{ required: true, message: '请评价' }]}>
                <Stars data-testid="action-satisfaction" />
              </Form.Item>
              <Form.Item name="comment" label="评价意见">
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          ) : null}
        </Form>
      </Modal>
    </Card>
  );
}

export function DemandPage({ portal = false }: { portal?: boolean }) {
  const id = Number(useParams().id);
  const state = useApi((signal) => enterpriseApi.demand(id, signal), [id]);
  const timeline = useApi((signal) => enterpriseApi.timeline(id, signal), [id, state.data?.version]);
  return (
    <Async state={state}>
      {(d) => (
        <>
          <PageHeader
            title={d.title}
            sub={
              <Space wrap>
                <StatusTag status={d.status} />
                <DueTag d={d} />
                <span>{d.categoryLabel}</span>
                {portal ? null : <Link to={`/enterprise/enterprises/${d.enterpriseId}`}>{d.enterpriseName}</Link>}
              </Space>
            }
            extra={<Link to={portal ? '/enterprise' : '/enterprise?tab=demands'}>返回列表</Link>}
          />
          <Space orientation="vertical" style={{ width: '100%' }} size={12}>
            <ActionPanel d={d} onDone={state.reload} />
            {d.answer ? (
              <Alert type={d.status === 'confirmed' ? 'success' : 'info'} showIcon message={`答复（${formatDateTime(d.answeredAt)}）`} description={<div style={{ whiteSpace: 'pre-wrap' }} data-testid="demand-answer">{d.answer}</div>} />
            ) : null}
            <Card size="small">
              <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label="企业">{d.enterpriseName}</Descriptions.Item>
                <Descriptions.Item label="来源">{DEMAND_SOURCE_LABELS[d.source]}</Descriptions.Item>
                <Descriptions.Item label="收集时间">{formatDateTime(d.collectedAt)}</Descriptions.Item>
                <Descriptions.Item label="答复期限">{formatDateTime(d.answerDueAt)}</Descriptions.Item>
                <Descriptions.Item label="包联干部">{d.officerName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="承办单位">{d.unitName ?? '—'}</Descriptions.Item>
                {d.project ? (
                  <Descriptions.Item label="项目">
                    {d.project.name}（{d.project.investmentWan} 万元，{PROJECT_STAGE_LABELS[d.project.stage as keyof typeof PROJECT_STAGE_LABELS] ?? d.project.stage}）
                  </Descriptions.Item>
                ) : null}
                {d.campaign ? <Descriptions.Item label="专项活动">{d.campaign.name}</Descriptions.Item> : null}
                {d.satisfaction ? <Descriptions.Item label="满意度">{'★'.repeat(d.satisfaction)}{d.satisfactionComment ? `（${d.satisfactionComment}）` : ''}</Descriptions.Item> : null}
                {d.closeReason ? <Descriptions.Item label="办结原因">{d.closeReason}</Descriptions.Item> : null}
                <Descriptions.Item label="说明" span={2}>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{d.description || '—'}</div>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title="办理过程">
              <Async state={timeline}>
                {(rows) => (
                  <Timeline
                    items={rows.map((r) => ({
                      color: r.action === 'overdue' ? 'red' : r.action === 'reject' || r.action === 'return' ? 'orange' : 'blue',
                      children: (
                        <div data-testid="timeline-row">
                          <b>{r.actionLabel}</b> · {r.actorName || '系统'} · {formatDateTime(r.at)}
                          {r.note ? <div style={{ color: '#667085' }}>{r.note}</div> : null}
                        </div>
                      ),
                    }))}
                  />
                )}
              </Async>
            </Card>
          </Space>
        </>
      )}
    </Async>
  );
}
