// An enterprise's 360° view: its registry card, demands, grid events, visits, job-posting help, financing and projects.
import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Statistic, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { DemandBoard } from './demands.tsx';
import { DEMAND_CATEGORY_LABELS, ENTERPRISE_SIZE_LABELS, enterpriseApi, JOB_CHANNEL_LABELS, options, PROJECT_STAGE_LABELS, VISIT_MODE_LABELS, type Application, type EnterpriseEvent } from './enterprise.api.ts';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function RevealPhone({ id }: { id: number }) {
  const [phone, setPhone] = useState<string | null>(null);
  const reveal = () => {
    let reason = '';
    Modal.confirm({
      title: '查看完整联系电话',
      content: <Input placeholder="查看原因（记入审计）" onChange={(e) => (reason = e.target.value)} />,
      onOk: async () => {
        try {
          const r = await enterpriseApi.reveal(id, reason);
          setPhone(r.contactPhone ?? '未登记');
        } catch (e) {
          notifyError(e);
        }
      },
    });
  };
  return phone ? <span>{phone}</span> : <Button size="small" icon={<EyeOutlined />} onClick={reveal}>查看</Button>;
}

function VisitForm({ enterpriseId, open, onClose, onSaved }: { enterpriseId: number; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const key = useIdempotencyKey();
  const submit = async () => {
    const v = await form.validateFields();
    const body = { enterpriseId, mode: v.mode, visitDate: v.visitDate, participants: v.participants, notes: v.notes, problems: (v.problems ?? []).filter((p: { title?: string }) => p?.title) };
    try {
      await enterpriseApi.createVisit(body, key(body));
      notifySuccess('走访已登记，提出的问题已转为诉求');
      form.resetFields();
      onSaved();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Modal open={open} title="登记走访" width={680} onCancel={onClose} onOk={() => void submit()} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ mode: 'on_site', visitDate: today(), problems: [] }}>
        <Space wrap>
          <Form.Item name="mode" label="方式">
            <Select style={{ width: 120 }} options={options(VISIT_MODE_LABELS)} />
          </Form.Item>
          <Form.Item name="visitDate" label="日期" rules={[{ required: true }]}>
            <Input type="date" max={today()} />
          </Form.Item>
        </Space>
        <Form.Item name="participants" label="参加人员">
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="notes" label="走访情况">
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.List name="problems">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'category']} initialValue="talent">
                    <Select style={{ width: 110 }} options={options(DEMAND_CATEGORY_LABELS).filter((o) => o.value !== 'project')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '请填写问题' }]}>
                    <Input placeholder="企业提出的问题" style={{ width: 340 }} maxLength={200} />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(f.name)}>删除</Button>
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add()}>增加问题（各成为一条诉求）</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function Visits({ enterpriseId, canWrite }: { enterpriseId: number; canWrite: boolean }) {
  const [open, setOpen] = useState(false);
  const state = useApi((signal) => enterpriseApi.visits({ enterpriseId, pageSize: 100 }, signal), [enterpriseId]);
  return (
    <>
      {canWrite ? <Button style={{ marginBottom: 8 }} icon={<PlusOutlined />} onClick={() => setOpen(true)}>登记走访</Button> : null}
      <Async state={state}>
        {(page) => (
          <Table
            rowKey="id"
            size="small"
            dataSource={page.items}
            pagination={false}
            columns={[
              { title: '日期', dataIndex: 'visitDate', width: 110 },
              { title: '方式', dataIndex: 'mode', width: 90, render: (m: keyof typeof VISIT_MODE_LABELS) => VISIT_MODE_LABELS[m] },
              { title: '干部', dataIndex: 'officerName', width: 90 },
              { title: '情况', dataIndex: 'notes' },
              { title: '问题数', dataIndex: 'problemCount', width: 70 },
              { title: '专项', dataIndex: 'campaignName', width: 130, render: (c: string | null) => (c ? <Tag color="purple">{c}</Tag> : null) },
            ]}
          />
        )}
      </Async>
      <VisitForm enterpriseId={enterpriseId} open={open} onClose={() => setOpen(false)} onSaved={() => { setOpen(false); state.reload(); }} />
    </>
  );
}

function JobPosts({ enterpriseId, canWrite }: { enterpriseId: number; canWrite: boolean }) {
  const [form] = Form.useForm();
  const key = useIdempotencyKey();
  const [open, setOpen] = useState(false);
  const state = useApi((signal) => enterpriseApi.jobPosts({ enterpriseId, pageSize: 100 }, signal), [enterpriseId]);
  const submit = async () => {
    const v = await form.validateFields();
    const body = { enterpriseId, postedOn: v.postedOn, channel: v.channel, positionsCount: v.positionsCount, positionTitles: v.positionTitles ?? [] };
    try {
      await enterpriseApi.createJobPost(body, key(body));
      setOpen(false);
      form.resetFields();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <>
      {canWrite ? <Button style={{ marginBottom: 8 }} icon={<PlusOutlined />} onClick={() => setOpen(true)}>登记招聘帮扶</Button> : null}
      <Async state={state}>
        {(page) => (
          <Table
            rowKey="id"
            size="small"
            dataSource={page.items}
            pagination={false}
            columns={[
              { title: '日期', dataIndex: 'postedOn', width: 110 },
              { title: '渠道', dataIndex: 'channel', width: 140, render: (c: keyof typeof JOB_CHANNEL_LABELS) => JOB_CHANNEL_LABELS[c] },
              { title: '岗位数', dataIndex: 'positionsCount', width: 80 },
              { title: '岗位', dataIndex: 'positionTitles', render: (t: string[]) => t.join('、') },
              { title: '录用', dataIndex: 'hiredCount', width: 70, render: (h: number | null) => h ?? '—' },
            ]}
          />
        )}
      </Async>
      <Modal open={open} title="登记帮助企业线上发布招聘" onCancel={() => setOpen(false)} onOk={() => void submit()} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ postedOn: today(), channel: 'online_platform', positionsCount: 1 }}>
          <Form.Item name="postedOn" label="日期" rules={[{ required: true }]}>
            <Input type="date" max={today()} />
          </Form.Item>
          <Form.Item name="channel" label="渠道">
            <Select options={options(JOB_CHANNEL_LABELS)} />
          </Form.Item>
          <Form.Item name="positionsCount" label="岗位数" rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} />
          </Form.Item>
          <Form.Item name="positionTitles" label="岗位名称">
            <Select mode="tags" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Financing({ enterpriseId, canWrite }: { enterpriseId: number; canWrite: boolean }) {
  const state = useApi((signal) => enterpriseApi.applications({ enterpriseId, pageSize: 100 }, signal), [enterpriseId]);
  const [form] = Form.useForm();
  const key = useIdempotencyKey();
  const [open, setOpen] = useState(false);
  const [outcomeFor, setOutcomeFor] = useState<Application | null>(null);
  const [outcome] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    const body = { enterpriseId, bank: v.bank, requestedWan: v.requestedWan, purpose: v.purpose, appliedOn: v.appliedOn };
    try {
      await enterpriseApi.createApplication(body, key(body));
      setOpen(false);
      form.resetFields();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const saveOutcome = async () => {
    const v = await outcome.validateFields();
    try {
      await enterpriseApi.outcome(outcomeFor!.id, { version: outcomeFor!.version, ...v });
      setOutcomeFor(null);
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const status = { pending: <Tag>审批中</Tag>, granted: <Tag color="green">已放款</Tag>, declined: <Tag color="red">未获批</Tag> };
  return (
    <>
      {canWrite ? <Button style={{ marginBottom: 8 }} icon={<PlusOutlined />} onClick={() => setOpen(true)}>登记融资申请</Button> : null}
      <Async state={state}>
        {(page) => (
          <Table
            rowKey="id"
            size="small"
            dataSource={page.items}
            pagination={false}
            columns={[
              { title: '申请日期', dataIndex: 'appliedOn', width: 110 },
              { title: '银行', dataIndex: 'bank' },
              { title: '对接活动', dataIndex: 'eventName', render: (e: string | null) => e ?? '—' },
              { title: '申请（万元）', dataIndex: 'requestedWan', width: 110 },
              { title: '结果', dataIndex: 'status', width: 90, render: (s: Application['status']) => status[s] },
              { title: '放款（万元）', key: 'granted', width: 150, render: (_: unknown, a) => (a.status === 'granted' ? `${a.grantedWan}（${a.grantedOn}）` : a.declinedReason ?? '—') },
              ...(canWrite ? [{ title: '', key: 'op', width: 90, render: (_: unknown, a: Application) => <Button size="small" onClick={() => setOutcomeFor(a)}>登记结果</Button> }] : []),
            ]}
          />
        )}
      </Async>
      <Modal open={open} title="登记融资申请" onCancel={() => setOpen(false)} onOk={() => void submit()} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ appliedOn: today() }}>
          <Form.Item name="bank" label="银行" rules={[{ required: true }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="requestedWan" label="申请金额（万元）" rules={[{ required: true }]}>
            <InputNumber min={0.01} />
          </Form.Item>
          <Form.Item name="purpose" label="用途">
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="appliedOn" label="申请日期" rules={[{ required: true }]}>
            <Input type="date" max={today()} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={outcomeFor !== null} title="登记融资结果" onCancel={() => setOutcomeFor(null)} onOk={() => void saveOutcome()} destroyOnHidden>
        <Form form={outcome} layout="vertical" initialValues={{ outcome: 'granted', grantedOn: today() }}>
          <Form.Item name="outcome" label="结果">
            <Select options={[{ value: 'granted', label: '已放款' }, { value: 'declined', label: '未获批' }]} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() =>
              outcome.getFieldValue('outcome') === 'granted' ? (
                <Space>
                  <Form.Item name="grantedWan" label="放款金额（万元）" rules={[{ required: true }]}>
                    <InputNumber min={0.01} />
                  </Form.Item>
                  <Form.Item name="grantedOn" label="放款日期" rules={[{ required: true }]}>
                    <Input type="date" max={today()} />
                  </Form.Item>
                </Space>
              ) : (
                <Form.Item name="declinedReason" label="原因" rules={[{ required: true }]}>
                  <Input maxLength={500} />
                </Form.Item>
              )
            }
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The enterprise's grid events (events module): reported by it or about it, newest first. */
function GridEvents({ enterpriseId }: { enterpriseId: number }) {
  const { t } = useI18n();
  const { paging, pagination } = usePaging(10);
  const state = useApi((signal) => enterpriseApi.events(enterpriseId, paging, signal), [enterpriseId, paging]);
  const columns: TableColumnsType<EnterpriseEvent> = [
    { title: '编号', dataIndex: 'code', width: 120, render: (code: string, r) => (r.accessible ? <Link to={`/events/${r.id}`}>{code}</Link> : <span className="zl-mono">{code}</span>) },
    { title: '事件', dataIndex: 'title' },
    { title: '分类', dataIndex: 'categoryName', width: 120 },
    { title: '来源', dataIndex: 'sourceLabel', width: 110 },
    { title: '承办部门', dataIndex: 'departmentName', width: 130, render: (v: string | null) => v ?? '—' },
    { title: '状态', key: 'status', width: 120, render: (_: unknown, r) => <Space size={4}><Tag>{r.statusLabel}</Tag>{r.overdue ? <Tag color="red">超期</Tag> : null}</Space> },
    { title: '上报时间', dataIndex: 'reportedAt', width: 150, render: (v: string) => formatDateTime(v) },
  ];
  return (
    <Async state={state}>
      {(page) => (
        <Table
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={page.items}
          pagination={pagination(page.total, t)}
          loading={state.loading}
          locale={{ emptyText: '暂无网格事件' }}
          data-testid="enterprise-events"
        />
      )}
    </Async>
  );
}

export function EnterpriseView() {
  const id = Number(useParams().id);
  const me = useMe();
  const officer = me.role === 'enterprise_officer';
  const state = useApi((signal) => enterpriseApi.get(id, signal), [id]);
  const projects = useApi((signal) => enterpriseApi.projects(id, signal).catch(() => []), [id]);
  const jobs = useApi((signal) => enterpriseApi.jobPosts({ enterpriseId: id, pageSize: 200 }, signal).catch(() => null), [id]);
  const money = useApi((signal) => enterpriseApi.applications({ enterpriseId: id, pageSize: 200 }, signal).catch(() => null), [id]);
  return (
    <Async state={state}>
      {(e) => (
        <>
          <PageHeader title={e.name} sub={<span style={{ fontFamily: 'monospace' }}>{e.creditCode}</span>} extra={e.tags.map((t) => <Tag key={t} color="blue">{t}</Tag>)} />
          <Space orientation="vertical" style={{ width: '100%' }} size={12}>
            <Card size="small">
              <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                <Descriptions.Item label="行业">{e.industry || '—'}</Descriptions.Item>
                <Descriptions.Item label="规模">{ENTERPRISE_SIZE_LABELS[e.size]}</Descriptions.Item>
                <Descriptions.Item label="所属网格">{e.gridName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="地址">{e.address || '—'}</Descriptions.Item>
                <Descriptions.Item label="法定代表人">{e.legalRepresentative || '—'}</Descriptions.Item>
                <Descriptions.Item label="联系人">
                  {e.contactName || '—'} {e.contactPhoneMasked ?? ''} {officer && e.contactPhoneMasked ? <RevealPhone id={e.id} /> : null}
                </Descriptions.Item>
                <Descriptions.Item label="包联干部">{e.officers.map((o) => o.displayName).join('、') || '—'}</Descriptions.Item>
              </Descriptions>
            </Card>
            <Space wrap size={24}>
              <Statistic title="招聘帮扶岗位" value={jobs.data?.items.reduce((a, j) => a + j.positionsCount, 0) ?? '—'} />
              <Statistic title="获得融资（万元）" value={money.data?.items.reduce((a, x) => a + (x.grantedWan ?? 0), 0) ?? '—'} />
              <Statistic title="项目" value={projects.data?.length ?? '—'} />
            </Space>
            <Tabs
              items={[
                { key: 'demands', label: '诉求', children: <DemandBoard enterpriseId={e.id} /> },
                { key: 'events', label: '网格事件', children: <GridEvents enterpriseId={e.id} /> },
                ...(me.role !== 'handler' && me.role !== 'dispatcher' ? [{ key: 'visits', label: '走访', children: <Visits enterpriseId={e.id} canWrite={officer} /> }] : []),
                ...(me.role !== 'handler' && me.role !== 'dispatcher' ? [{ key: 'jobs', label: '招聘帮扶', children: <JobPosts enterpriseId={e.id} canWrite={officer} /> }] : []),
                ...(me.role !== 'handler' && me.role !== 'dispatcher' ? [{ key: 'financing', label: '银企对接', children: <Financing enterpriseId={e.id} canWrite={officer} /> }] : []),
                {
                  key: 'projects',
                  label: '项目',
                  children: (
                    <Table
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={projects.data ?? []}
                      columns={[
                        { title: '项目', dataIndex: 'name' },
                        { title: '投资（万元）', dataIndex: 'investmentWan', width: 120 },
                        { title: '阶段', dataIndex: 'stage', width: 100, render: (s: keyof typeof PROJECT_STAGE_LABELS) => PROJECT_STAGE_LABELS[s] },
                      ]}
                    />
                  ),
                },
              ]}
            />
          </Space>
        </>
      )}
    </Async>
  );
}
