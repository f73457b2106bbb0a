// 线索共享 (clues a department records and shares with named departments) and the 预警看板 (warnings raised by
// the configurable rules, closed with a note).
import { Button, Card, Col, Descriptions, Drawer, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { Async } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { ToEventModal } from '../../shared/to-event.modal.tsx';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { mediationApi, type Clue, type Rule, type Warning } from './mediation.api.ts';
import { CaseTimeline, LEVEL_COLORS, LEVEL_LABELS, StatusTag, useOrgUnits } from './mediation.shared.tsx';

const CLUE_KINDS = [
  { value: 'wage_arrears', label: '欠薪线索' },
  { value: 'gathering', label: '人员聚集' },
  { value: 'dispute', label: '矛盾纠纷苗头' },
  { value: 'petition_risk', label: '信访风险' },
  { value: 'other', label: '其他' },
];
const CLUE_STATUS: Record<string, string> = { open: '待跟进', following: '跟进中', converted: '已转化', closed: '已办结' };
const RISK: Record<string, { color: string; label: string }> = { low: { color: 'default', label: '低' }, medium: { color: 'orange', label: '中' }, high: { color: 'red', label: '高' } };

function ClueDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const me = useMe();
  const state = useApi((signal) => (id ? mediationApi.clue(id, signal) : Promise.resolve(undefined)), [id]);
  const units = useOrgUnits();
  const [note, setNote] = useState('');
  const [share, setShare] = useState<number[]>([]);
  const [toEvent, setToEvent] = useState(false);
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      notifySuccess('已保存');
      setNote('');
      setShare([]);
      state.reload();
      onChanged();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Drawer open={id !== null} onClose={onClose} width={640} title="线索">
      {id ? (
        <Async state={state}>
          {(c) =>
            c ? (
              <Space orientation="vertical" style={{ width: '100%' }} size={12}>
                <Descriptions size="small" column={2} bordered>
                  <Descriptions.Item label="编号">{c.code}</Descriptions.Item>
                  <Descriptions.Item label="状态"><StatusTag status={c.status} label={CLUE_STATUS[c.status]} /></Descriptions.Item>
                  <Descriptions.Item label="来源">{c.sourceOrgUnitName ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="风险"><Tag color={RISK[c.riskLevel]?.color}>{RISK[c.riskLevel]?.label}</Tag></Descriptions.Item>
                  <Descriptions.Item label="标题" span={2}>{c.title}</Descriptions.Item>
                  <Descriptions.Item label="内容" span={2}>{c.content || '—'}</Descriptions.Item>
                  {c.projectName || c.contractorName ? <Descriptions.Item label="项目/施工单位" span={2}>{[c.projectName, c.contractorName].filter(Boolean).join(' / ')}</Descriptions.Item> : null}
                  <Descriptions.Item label="共享部门" span={2}>{c.sharedWith.map((s) => s.orgUnitName).join('、') || '—'}</Descriptions.Item>
                  {c.disputeId ? <Descriptions.Item label="转为纠纷"><Link to={`/mediation/disputes/${c.disputeId}`}>打开</Link></Descriptions.Item> : null}
                  {c.petitionId ? <Descriptions.Item label="转为信访"><Link to={`/mediation/petitions/${c.petitionId}`}>打开</Link></Descriptions.Item> : null}
                  {c.eventId ? (
                    <Descriptions.Item label="网格事件">
                      <Link to={`/events/${c.eventId}`}>{c.eventCode ?? `#${c.eventId}`}</Link>
                    </Descriptions.Item>
                  ) : null}
                  {c.closeNote ? <Descriptions.Item label="办结说明" span={2}>{c.closeNote}</Descriptions.Item> : null}
                </Descriptions>
                {c.status === 'open' || c.status === 'following' ? (
                  <Card size="small" title="跟进与处置">
                    <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder="跟进情况或办结说明" />
                    <Space wrap style={{ marginTop: 8 }}>
                      <Button disabled={!note.trim()} onClick={() => void act(() => mediationApi.followClue(c.id, note))}>记录跟进</Button>
                      <Button disabled={!note.trim()} onClick={() => void act(() => mediationApi.closeClue(c.id, note, c.version))}>办结</Button>
                      {me.role === 'mediator' ? (
                        <Button type="primary" onClick={() => void act(() => mediationApi.convertClue(c.id, { to: 'dispute', version: c.version, note }))}>转为纠纷调解</Button>
                      ) : null}
                      <Button onClick={() => setToEvent(true)} data-testid="clue-to-event">转为网格事件</Button>
                    </Space>
                    <ToEventModal
                      open={toEvent}
                      title="线索转为网格事件"
                      defaults={{ description: c.content || c.title, address: c.location ?? '' }}
                      onSubmit={async (v) => {
                        try {
                          await mediationApi.convertClue(c.id, { to: 'event', version: c.version, note: note.trim() || undefined, event: { ...v, title: c.title } });
                          notifySuccess('已转为网格事件，等待指挥中心受理');
                          state.reload();
                          onChanged();
                        } catch (e) {
                          notifyError(e);
                          throw e;
                        }
                      }}
                      onClose={() => setToEvent(false)}
                    />
                    <Space style={{ marginTop: 8 }}>
                      <Select mode="multiple" placeholder="共享给部门" style={{ minWidth: 260 }} value={share} onChange={setShare} optionFilterProp="label" options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
                      <Button disabled={share.length === 0} onClick={() => void act(() => mediationApi.shareClue(c.id, share))}>共享</Button>
                    </Space>
                  </Card>
                ) : null}
                <Card size="small" title="跟进记录">
                  {c.followups.map((f) => (
                    <div key={f.id}>{formatDateTime(f.at)} {f.orgUnitName ?? ''} {f.userName ?? ''}：{f.note}</div>
                  ))}
                </Card>
                <CaseTimeline rows={c.timeline} />
              </Space>
            ) : null
          }
        </Async>
      ) : null}
    </Drawer>
  );
}

export function CluesTab() {
  const { t } = useI18n();
  const { paging, pagination } = usePaging();
  const state = useApi((signal) => mediationApi.clues({ page: paging.page, pageSize: paging.pageSize }, signal), [paging]);
  const units = useOrgUnits();
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const key = useIdempotencyKey();
  const create = async () => {
    const v = await form.validateFields();
    try {
      await mediationApi.createClue(v, key(v));
      notifySuccess('已登记并共享');
      setCreating(false);
      form.resetFields();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const columns: TableColumnsType<Clue> = [
    { title: '编号', dataIndex: 'code', width: 120, render: (v: string, r) => <a onClick={() => setOpen(r.id)}>{v}</a> },
    { title: '类别', dataIndex: 'kindLabel', width: 110 },
    { title: '风险', dataIndex: 'riskLevel', width: 60, render: (v: string) => <Tag color={RISK[v]?.color}>{RISK[v]?.label}</Tag> },
    { title: '标题', dataIndex: 'title', ellipsis: true },
    { title: '来源部门', dataIndex: 'sourceOrgUnitName', width: 150 },
    { title: '状态', dataIndex: 'status', width: 90, render: (v: string) => <StatusTag status={v} label={CLUE_STATUS[v]} /> },
    { title: '时间', dataIndex: 'reportedAt', width: 110, render: (v: string) => formatDate(v) },
  ];
  return (
    <Card size="small" title="线索共享" extra={<Button type="primary" onClick={() => setCreating(true)}>登记线索</Button>}>
      <Async state={state}>
        {(page) => <Table rowKey="id" size="small" columns={columns} dataSource={page.items} pagination={pagination(page.total, t)} loading={state.loading} />}
      </Async>
      <ClueDrawer id={open} onClose={() => setOpen(null)} onChanged={state.reload} />
      <Modal open={creating} title="登记风险线索" onCancel={() => setCreating(false)} onOk={() => void create()} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ kind: 'wage_arrears', riskLevel: 'medium' }}>
          <Row gutter={8}>
            <Col span={12}><Form.Item name="kind" label="类别"><Select options={CLUE_KINDS} /></Form.Item></Col>
            <Col span={12}><Form.Item name="riskLevel" label="风险"><Select options={[{ value: 'low', label: '低' }, { value: 'medium', label: '中' }, { value: 'high', label: '高' }]} /></Form.Item></Col>
          </Row>
          <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="content" label="内容"><Input.TextArea rows={3} /></Form.Item>
          <Row gutter={8}>
            <Col span={12}><Form.Item name="projectName" label="工程项目"><Input /></Form.Item></Col>
            <Col span={12}><Form.Item name="contractorName" label="施工单位"><Input /></Form.Item></Col>
          </Row>
          <Form.Item name="workersInvolved" label="涉及人数"><InputNumber min={0} /></Form.Item>
          <Form.Item name="shareWith" label="共享给部门"><Select mode="multiple" optionFilterProp="label" options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

const PARAM_LABELS: Record<string, string> = { threshold: '投诉起数', days: '天数', minPeople: '人数', daysBefore: '提前天数' };

function Rules() {
  const me = useMe();
  const state = useApi((signal) => mediationApi.rules(signal), []);
  const save = async (r: Rule, patch: Partial<Rule>) => {
    try {
      await mediationApi.updateRule(r.rule, { enabled: patch.enabled ?? r.enabled, params: patch.params ?? r.params, version: r.version });
      notifySuccess('规则已更新');
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Card size="small" title="预警规则">
      <Async state={state}>
        {(rules) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {rules.map((r) => (
              <Space key={r.rule} wrap>
                <Switch checked={r.enabled} disabled={me.role !== 'mediator'} onChange={(enabled) => void save(r, { enabled })} />
                <strong>{r.label}</strong>
                {Object.entries(r.params).map(([k, v]) => (
                  <span key={k}>
                    {PARAM_LABELS[k] ?? k}
                    <InputNumber size="small" min={1} defaultValue={v} disabled={me.role !== 'mediator'} style={{ width: 70, marginLeft: 4 }} onBlur={(e) => {
                      const n = Number(e.target.value);
                      if (n && n !== v) void save(r, { params: { ...r.params, [k]: n } });
                    }} />
                  </span>
                ))}
              </Space>
            ))}
          </Space>
        )}
      </Async>
    </Card>
  );
}

export function WarningsBoard() {
  const { t } = useI18n();
  const { paging, pagination } = usePaging();
  const [status, setStatus] = useState<'open' | 'closed' | undefined>('open');
  const state = useApi((signal) => mediationApi.warnings({ status, page: paging.page, pageSize: paging.pageSize }, signal), [status, paging]);
  const [closing, setClosing] = useState<Warning | null>(null);
  const [note, setNote] = useState('');
  const close = async () => {
    if (!closing) return;
    try {
      await mediationApi.closeWarning(closing.id, note, closing.version);
      notifySuccess('预警已处置');
      setClosing(null);
      setNote('');
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const columns: TableColumnsType<Warning> = [
    { title: '级别', dataIndex: 'level', width: 70, render: (v: Warning['level']) => <Tag color={LEVEL_COLORS[v]}>{LEVEL_LABELS[v]}</Tag> },
    { title: '规则', dataIndex: 'ruleLabel', width: 190 },
    {
      title: '预警',
      key: 't',
      render: (_: unknown, w) => (
        <div>
          <div>{w.title}</div>
          <div style={{ color: '#667085', fontSize: 12 }}>{w.detail}</div>
          {w.disputeId ? <Link to={`/mediation/disputes/${w.disputeId}`}>纠纷</Link> : null}
          {w.petitionId ? <Link style={{ marginLeft: 8 }} to={`/mediation/petitions/${w.petitionId}`}>信访</Link> : null}
        </div>
      ),
    },
    { title: '时间', dataIndex: 'raisedAt', width: 150, render: (v: string) => formatDateTime(v) },
    {
      title: '处置',
      key: 'c',
      width: 220,
      render: (_: unknown, w) => (w.status === 'open' ? <Button size="small" onClick={() => setClosing(w)}>处置并关闭</Button> : <span>{w.closeNote}</span>),
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Card
        size="small"
        title="预警看板"
        extra={
          <Space>
            <Select value={status} allowClear style={{ width: 110 }} onChange={setStatus} options={[{ value: 'open', label: '待处置' }, { value: 'closed', label: '已关闭' }]} />
            <Button onClick={() => void mediationApi.scan().then((r) => { notifySuccess(`新增预警 ${r.raised} 条`); state.reload(); }, notifyError)}>立即运行规则</Button>
          </Space>
        }
        data-testid="warnings-board"
      >
        <Async state={state}>
          {(page) => <Table rowKey="id" size="small" columns={columns} dataSource={page.items} pagination={pagination(page.total, t)} loading={state.loading} />}
        </Async>
      </Card>
      <Rules />
      <Modal open={!!closing} title="处置预警" onCancel={() => setClosing(null)} onOk={() => void close()} okButtonProps={{ disabled: !note.trim() }}>
        <p>{closing?.title}</p>
        <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder="处置情况（必填）" />
      </Modal>
    </Space>
  );
}
