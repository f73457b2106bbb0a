// 法治建设领导小组与年度计划: the leading group, the year's plan and its tasks (progress with evidence, 督办,
// year-end evaluation), topic meetings whose decisions become tasks, and the plan's figures.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Drawer, Form, Input, List, Modal, Row, Select, Space, Table, Tabs, Tag, Timeline, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async, EmptyState } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { FigureCards, PieCard, yearRange, YearSelect } from '../education/records.shared.tsx';
import { useWorkYear } from '../../shared/work-year.ts';
import { EVALUATIONS, LATENESS, MEMBER_ROLES, plansApi, TASK_STATUS, type Task } from './plans.api.ts';

const pct = (r: { rate: number | null }) => (r.rate === null ? '—' : `${Math.round(r.rate * 1000) / 10}%`);

function Figures({ year }: { year: number }) {
  const state = useApi((signal) => plansApi.figures(yearRange(year), signal), [year]);
  return (
    <Async state={state}>
      {(f) => (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <FigureCards
            items={[
              { label: '计划任务', value: f.tasks },
              { label: '按期完成', value: f.doneOnTime, hint: `按期完成率 ${pct(f.onTimeRate)}` },
              { label: '逾期完成', value: f.doneLate },
              { label: '逾期未完成', value: f.overdue, hint: `截至 ${f.asOf}` },
              { label: '督办任务', value: f.supervised },
              { label: '专题会议', value: f.meetingsHeld, suffix: '次' },
            ]}
          />
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <PieCard title="完成情况" data={[{ name: '按期完成', value: f.doneOnTime }, { name: '逾期完成', value: f.doneLate }, { name: '逾期未完成', value: f.overdue }, { name: '未到期', value: f.open }]} />
            </Col>
            <Col xs={24} md={12}>
              <PieCard title="年终评估" data={[...Object.entries(EVALUATIONS).map(([k, v]) => ({ name: v, value: f.evaluations[k as keyof typeof EVALUATIONS] })), { name: '待评估', value: f.evaluations.pending }]} />
            </Col>
          </Row>
        </Space>
      )}
    </Async>
  );
}

function Groups() {
  const state = useApi((signal) => plansApi.groups(signal), []);
  return (
    <Async state={state}>
      {(groups) =>
        groups.length === 0 ? (
          <EmptyState />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            {groups.map((g) => (
              <Card key={g.id} size="small" title={g.name} extra={`${g.documentNo}　${g.periodStart} 起`}>
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={g.members}
                  columns={[
                    { title: '职务', dataIndex: 'role', width: 110, render: (r: keyof typeof MEMBER_ROLES) => <Tag color={r === 'chair' ? 'red' : undefined}>{MEMBER_ROLES[r]}</Tag> },
                    { title: '姓名', dataIndex: 'name', width: 100 },
                    { title: '现任职务', dataIndex: 'title' },
                    { title: '单位', dataIndex: 'orgUnitName', width: 200 },
                  ]}
                />
              </Card>
            ))}
          </Space>
        )
      }
    </Async>
  );
}

function TaskDrawer({ id, onClose, role }: { id: number | null; onClose: () => void; role: string }) {
  const state = useApi((signal) => (id ? plansApi.task(id, signal) : Promise.resolve(null)), [id]);
  const [note, setNote] = useState('');
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      notifySuccess('已提交');
      setNote('');
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const t = state.data;
  const office = role === 'law_office';
  const dept = role === 'handler' || office;
  return (
    <Drawer open={id !== null} onClose={onClose} title="任务" width={620} destroyOnHidden>
      {t ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="任务">{t.title}</Descriptions.Item>
            <Descriptions.Item label="方面">{t.area}</Descriptions.Item>
            <Descriptions.Item label="责任单位">{t.ownerOrgUnitName}</Descriptions.Item>
            <Descriptions.Item label="责任人">{t.responsibleUserName ?? t.responsibleName}</Descriptions.Item>
            <Descriptions.Item label="期限">{t.deadline}</Descriptions.Item>
            <Descriptions.Item label="状态">
              {TASK_STATUS[t.status]} <Tag color={LATENESS[t.lateness][1]}>{LATENESS[t.lateness][0]}</Tag>
              {t.completedOn ? `（${t.completedOn} 完成）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="督办">{t.supervisionCount} 次{t.overdueSince ? `，${t.overdueSince} 起逾期` : ''}</Descriptions.Item>
            <Descriptions.Item label="年终评估">{t.evaluation ? `${EVALUATIONS[t.evaluation]}${t.evaluationScore !== null ? `（${t.evaluationScore} 分）` : ''}` : '待评估'}</Descriptions.Item>
            <Descriptions.Item label="佐证材料">{(t.evidence ?? []).map((f) => f.name).join('、') || '—'}</Descriptions.Item>
          </Descriptions>
          <Input.TextArea rows={2} placeholder="进展说明 / 督办意见" value={note} onChange={(e) => setNote(e.target.value)} />
          <Space wrap>
            {dept && note.trim() ? <Button onClick={() => void run(() => plansApi.progress(t.id, { note }))}>报送进展</Button> : null}
            {dept && t.status === 'not_started' ? <Button onClick={() => void run(() => plansApi.transition(t.id, { action: 'start', version: t.version, note }))}>开始办理</Button> : null}
            {dept && (t.status === 'not_started' || t.status === 'in_progress') ? (
              <Button type="primary" onClick={() => void run(() => plansApi.transition(t.id, { action: 'complete', version: t.version, note }))}>
                标记完成
              </Button>
            ) : null}
            {office && (t.status === 'done' || t.status === 'cancelled') ? <Button onClick={() => void run(() => plansApi.transition(t.id, { action: 'reopen', version: t.version, note }))}>重新办理</Button> : null}
            {(role === 'leader' || office) && (t.status === 'not_started' || t.status === 'in_progress') && note.trim() ? (
              <Button danger onClick={() => void run(() => plansApi.supervise(t.id, note))}>
                督办
              </Button>
            ) : null}
            {role === 'leader' || office ? (
              <Select
                placeholder="年终评估"
                style={{ width: 120 }}
                value={t.evaluation ?? undefined}
                onChange={(v: string) => void run(() => plansApi.evaluate(t.id, { version: t.version, evaluation: v, note }))}
                options={Object.entries(EVALUATIONS).map(([value, label]) => ({ value, label }))}
              />
            ) : null}
          </Space>
          <Timeline
            items={(t.notes ?? []).map((n) => ({
              color: n.kind === 'supervision' ? 'red' : n.kind === 'evaluation' ? 'green' : 'blue',
              children: (
                <div>
                  <div>{n.note}</div>
                  <div style={{ color: '#667085', fontSize: 12 }}>
                    {n.authorName} · {formatDateTime(n.at)}
                  </div>
                </div>
              ),
            }))}
          />
        </Space>
      ) : null}
    </Drawer>
  );
}

function Tasks({ year, role }: { year: number; role: string }) {
  const { t } = useI18n();
  const plans = useApi((signal) => plansApi.plans(signal), []);
  const plan = plans.data?.find((p) => p.year === year);
  const { paging, pagination } = usePaging(50);
  const [overdue, setOverdue] = useState(false);
  const state = useApi(
    (signal) => (plan || role === 'handler' ? plansApi.tasks({ planId: plan?.id, overdue: overdue || undefined, page: paging.page, pageSize: paging.pageSize }, signal) : Promise.resolve({ items: [], total: 0, page: 1, pageSize: 50 })),
    [plan?.id, overdue, paging, role],
  );
  const [detail, setDetail] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const units = useApi((signal) => api.get<{ items: { id: number; name: string }[] }>('/api/org-units/tree', undefined, { signal }).then((r) => r.items), []);
  const office = role === 'law_office';
  const newPlan = async () => {
    try {
      await plansApi.createPlan({ year, title: `${year}年法治政府建设工作计划`, goals: [] });
      plans.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const addTask = async () => {
    const v = await form.validateFields();
    try {
      await plansApi.createTask(plan!.id, v);
      setOpen(false);
      form.resetFields();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const columns: TableColumnsType<Task> = [
    { title: '方面', dataIndex: 'area', width: 120 },
    { title: '任务', dataIndex: 'title', render: (v: string, r) => <a onClick={() => setDetail(r.id)}>{v}</a> },
    { title: '责任单位', dataIndex: 'ownerOrgUnitName', width: 170 },
    { title: '期限', dataIndex: 'deadline', width: 110 },
    { title: '状态', dataIndex: 'lateness', width: 110, render: (l: keyof typeof LATENESS) => <Tag color={LATENESS[l][1]}>{LATENESS[l][0]}</Tag> },
    { title: '督办', dataIndex: 'supervisionCount', width: 60 },
    { title: '评估', dataIndex: 'evaluation', width: 70, render: (e: keyof typeof EVALUATIONS | null) => (e ? EVALUATIONS[e] : '') },
  ];
  return (
    <Card
      size="small"
      title={plan ? `${plan.title}${plan.issuedOn ? `（${plan.issuedOn} 印发）` : '（草稿）'}` : `${year} 年任务`}
      extra={
        <Space>
          <Button type={overdue ? 'primary' : 'default'} danger={overdue} onClick={() => setOverdue(!overdue)}>
            只看逾期
          </Button>
          {office && plan ? <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>分解任务</Button> : null}
          {office && plans.data && !plan ? <Button type="primary" onClick={() => void newPlan()}>制定 {year} 年计划</Button> : null}
        </Space>
      }
    >
      {plan && plan.goals.length > 0 ? (
        <List size="small" header="总体目标" dataSource={plan.goals} renderItem={(g, i) => <List.Item>{`${i + 1}. ${g}`}</List.Item>} style={{ marginBottom: 8 }} />
      ) : null}
      <Async state={state}>
        {(page) => <Table rowKey="id" size="small" columns={columns} dataSource={page.items} pagination={pagination(page.total, t)} loading={state.loading} />}
      </Async>
      <TaskDrawer id={detail} role={role} onClose={() => { setDetail(null); state.reload(); }} />
      <Modal open={open} title="分解任务" onCancel={() => setOpen(false)} onOk={() => void addTask()} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="area" label="方面">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="title" label="任务" rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="ownerOrgUnitId" label="责任单位" rules={[{ required: true }]}>
            <Select options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="responsibleName" label="责任人">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="deadline" label="期限" rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function Meetings({ year, office }: { year: number; office: boolean }) {
  const state = useApi((signal) => plansApi.meetings({ ...yearRange(year), pageSize: 100 }, signal), [year]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const save = async () => {
    const v = await form.validateFields();
    try {
      await plansApi.createMeeting({
        heldOn: v.heldOn,
        title: v.title,
        place: v.place ?? '',
        attendees: String(v.attendees ?? '').split(/[，,、\s]+/).filter(Boolean).map((name) => ({ name })),
        summary: v.summary ?? '',
        decisions: (v.decisions ?? []).filter((d: { text?: string }) => d?.text).map((d: { text: string }) => ({ text: d.text })),
      });
      setOpen(false);
      form.resetFields();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Card size="small" title="专题会议" extra={office ? <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>登记会议</Button> : null}>
      <Async state={state}>
        {(page) => (
          <List
            dataSource={page.items}
            renderItem={(m) => (
              <List.Item>
                <List.Item.Meta
                  title={`${m.heldOn}　${m.title}`}
                  description={
                    <div>
                      <div>参会：{m.attendees.map((a) => a.name).join('、')}</div>
                      {m.decisions.map((d) => (
                        <div key={d.id}>
                          · {d.text} {d.taskId ? <Tag color="blue">已转为任务：{d.taskTitle}</Tag> : null}
                        </div>
                      ))}
                    </div>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Async>
      <Modal open={open} title="登记专题会议" onCancel={() => setOpen(false)} onOk={() => void save()} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="title" label="会议名称" rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="heldOn" label="日期" rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="attendees" label="参会人员（以逗号分隔）">
            <Input />
          </Form.Item>
          <Form.Item name="summary" label="纪要">
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.List name="decisions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'text']} rules={[{ required: true }]}>
                      <Input placeholder="会议决定" style={{ width: 380 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                  会议决定
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}

export default function PlansPage() {
  const me = useMe();
  const workYear = useWorkYear();
  const [year, setYear] = useState(workYear);
  const overseer = me.role === 'leader' || me.role === 'law_office';
  const items = [
    ...(overseer ? [{ key: 'figures', label: '统计', children: <Figures year={year} /> }] : []),
    ...(me.role !== 'dispatcher' ? [{ key: 'tasks', label: me.role === 'handler' ? '本部门任务' : '年度计划与任务', children: <Tasks year={year} role={me.role} /> }] : []),
    { key: 'group', label: '领导小组', children: <Groups /> },
    { key: 'meetings', label: '专题会议', children: <Meetings year={year} office={me.role === 'law_office'} /> },
  ];
  return (
    <div>
      <PageHeader title="法治建设计划" sub="领导小组、年度工作计划与任务分解、专题会议、逾期督办与年终评估" extra={<YearSelect value={year} onChange={setYear} />} />
      <Tabs items={items} destroyOnHidden />
    </div>
  );
}

