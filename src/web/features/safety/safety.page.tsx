// 平安建设: patrol logs and their findings, monthly police figures (entered from the police system with their
// source), and corrections/resettlement subjects — masked everywhere, shown whole only with a stated reason.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Drawer, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { ToEventModal, type ToEventValues } from '../../shared/to-event.modal.tsx';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { BarCard, FigureCards, MONTH_LABELS, PieCard, yearRange, YearSelect } from '../education/records.shared.tsx';
import { useWorkYear } from '../../shared/work-year.ts';
import { CHECKIN_METHODS, PATROLLER_TYPES, patrollerLabel, safetyApi, SUBJECT_KINDS, subjectKindLabel, type Finding, type Patrol, type PoliceMonth, type Subject } from './safety.api.ts';

const toIso = (local: string) => new Date(`${local}:00+08:00`).toISOString();

function Figures({ year, police }: { year: number; police: boolean }) {
  const state = useApi((signal) => safetyApi.figures(yearRange(year), signal), [year]);
  const months = useApi((signal) => (police ? safetyApi.police(year, signal) : Promise.resolve([])), [year, police]);
  return (
    <Async state={state}>
      {(f) => (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <FigureCards
            items={[
              { label: '巡逻', value: f.patrols, suffix: '次' },
              { label: '巡逻时长', value: f.patrolHours, suffix: '小时' },
              { label: '巡逻发现', value: f.findings, hint: `转为事件 ${f.findingsToEvents}` },
              { label: '破获刑事案件', value: f.police.criminalSolved, suffix: '起', hint: `立案 ${f.police.criminalFiled}` },
              { label: '治安案件结案', value: f.police.publicSecurityClosed, suffix: '起', hint: `受理 ${f.police.publicSecurityAccepted}` },
              { label: '矫正、帮教对象', value: f.subjectsUnderSupervision, suffix: '人', hint: `重新犯罪 ${f.reoffended}` },
            ]}
          />
          <Row gutter={12}>
            <Col xs={24} md={10}>
              <PieCard title="巡逻力量" data={PATROLLER_TYPES.map((t) => ({ name: t.label, value: f.byPatrollerType[t.value]?.patrols ?? 0 }))} />
            </Col>
            <Col xs={24} md={14}>
              <BarCard
                title="公安月度数据"
                labels={MONTH_LABELS}
                series={[
                  { name: '破获刑事案件', data: MONTH_LABELS.map((_, i) => months.data?.find((m) => m.month === `${year}-${String(i + 1).padStart(2, '0')}`)?.criminalSolved ?? 0) },
                  { name: '治安案件结案', data: MONTH_LABELS.map((_, i) => months.data?.find((m) => m.month === `${year}-${String(i + 1).padStart(2, '0')}`)?.publicSecurityClosed ?? 0) },
                ]}
              />
            </Col>
          </Row>
        </Space>
      )}
    </Async>
  );
}

function Patrols({ year, canWrite, canConvert, gridWorker, gridIds }: { year: number; canWrite: boolean; canConvert: boolean; gridWorker: boolean; gridIds: number[] }) {
  const { t } = useI18n();
  const { paging, pagination } = usePaging();
  const state = useApi((signal) => safetyApi.patrols({ ...yearRange(year), page: paging.page, pageSize: paging.pageSize }, signal), [year, paging]);
  const [open, setOpen] = useState(false);
  const [detail, setDetail] = useState<number | null>(null);
  const [form] = Form.useForm();
  const key = useIdempotencyKey();
  const save = async () => {
    const v = await form.validateFields();
    const body = {
      patrollerType: gridWorker ? 'grid_worker' : v.patrollerType,
      patrollers: String(v.patrollers).split(/[，,、\s]+/).filter(Boolean),
      gridId: v.gridId ?? null,
      route: v.route ?? '',
      startedAt: toIso(v.startedAt),
      endedAt: toIso(v.endedAt),
      notes: v.notes ?? '',
      findings: (v.findings ?? []).filter((x: { description?: string }) => x?.description),
    };
    try {
      await safetyApi.createPatrol(body, key(body));
      notifySuccess('已登记');
      setOpen(false);
      form.resetFields();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const columns: TableColumnsType<Patrol> = [
    { title: '开始', dataIndex: 'startedAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: '力量', dataIndex: 'patrollerType', width: 90, render: (v: string) => <Tag>{patrollerLabel(v)}</Tag> },
    { title: '人员', dataIndex: 'patrollers', render: (v: string[]) => v.join('、') },
    { title: '网格/路线', key: 'where', render: (_: unknown, r) => r.gridName ?? r.route },
    { title: '时长(小时)', dataIndex: 'hours', width: 90 },
    { title: '发现', dataIndex: 'findingCount', width: 70 },
    { title: '', key: 'open', width: 60, render: (_: unknown, r) => <a onClick={() => setDetail(r.id)}>详情</a> },
  ];
  return (
    <Card size="small" title="巡逻记录" extra={canWrite ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>登记巡逻</Button> : null}>
      <Async state={state}>
        {(page) => <Table rowKey="id" size="small" columns={columns} dataSource={page.items} pagination={pagination(page.total, t)} loading={state.loading} />}
      </Async>
      <Modal open={open} title="登记巡逻" onCancel={() => setOpen(false)} onOk={() => void save()} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" initialValues={{ patrollerType: gridWorker ? 'grid_worker' : 'auxiliary_police', gridId: gridWorker ? gridIds[0] : undefined }}>
          {!gridWorker ? (
            <Form.Item name="patrollerType" label="巡逻力量" rules={[{ required: true }]}>
              <Select options={[...PATROLLER_TYPES]} />
            </Form.Item>
          ) : null}
          <Form.Item name="patrollers" label="巡逻人员（以逗号分隔）" rules={[{ required: true, message: '请填写巡逻人员' }]}>
            <Input />
          </Form.Item>
          {gridWorker ? (
            <Form.Item name="gridId" label="网格" rules={[{ required: true }]}>
              <Select options={gridIds.map((g) => ({ value: g, label: `网格 #${g}` }))} />
            </Form.Item>
          ) : (
            <Form.Item name="route" label="巡逻路线或重点目标" rules={[{ required: true, message: '请填写路线' }]}>
              <Input maxLength={500} />
            </Form.Item>
          )}
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="startedAt" label="开始" rules={[{ required: true }]}>
                <Input type="datetime-local" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="endedAt" label="结束" rules={[{ required: true }]}>
                <Input type="datetime-local" />
              </Form.Item>
            </Col>
          </Row>
          <Form.List name="findings">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'description']} rules={[{ required: true }]} style={{ flex: 1 }}>
                      <Input placeholder="发现的问题" style={{ width: 320 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'location']}>
                      <Input placeholder="位置" />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                  巡逻发现
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
      <PatrolDrawer id={detail} onClose={() => setDetail(null)} canLink={canConvert} />
    </Card>
  );
}

function PatrolDrawer({ id, onClose, canLink }: { id: number | null; onClose: () => void; canLink: boolean }) {
  const state = useApi((signal) => (id ? safetyApi.patrol(id, signal) : Promise.resolve(null)), [id]);
  const [converting, setConverting] = useState<Finding | null>(null);
  const toEvent = async (f: Finding, v: ToEventValues) => {
    try {
      const r = await safetyApi.toEvent(f.id, v);
      notifySuccess(`已转为网格事件 ${r.event.code}，等待指挥中心受理`);
      state.reload();
    } catch (e) {
      notifyError(e);
      // Already an event (someone was quicker): close the form and show the link it has now.
      if (isApiError(e) && e.status === 409) {
        setConverting(null);
        state.reload();
      }
      throw e;
    }
  };
  const link = async (findingId: number) => {
    const v = window.prompt('已上报的网格事件编号（事件 ID）');
    if (!v || !/^\d+$/.test(v)) return;
    try {
      await safetyApi.linkEvent(findingId, Number(v));
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Drawer open={id !== null} onClose={onClose} title="巡逻详情" width={560}>
      {state.data ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="力量">{patrollerLabel(state.data.patrollerType)}</Descriptions.Item>
            <Descriptions.Item label="人员">{state.data.patrollers.join('、')}（{state.data.peopleCount} 人）</Descriptions.Item>
            <Descriptions.Item label="网格/路线">{state.data.gridName ?? state.data.route}</Descriptions.Item>
            <Descriptions.Item label="时间">
              {formatDateTime(state.data.startedAt)} — {formatDateTime(state.data.endedAt)}（{state.data.hours} 小时）
            </Descriptions.Item>
            <Descriptions.Item label="登记人">{state.data.createdByName}</Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={state.data.findings ?? []}
            columns={[
              { title: '发现', dataIndex: 'description' },
              { title: '位置', dataIndex: 'location', width: 120 },
              {
                title: '网格事件',
                dataIndex: 'eventId',
                width: 170,
                render: (e: number | null, f) =>
                  e ? (
                    <Link to={`/events/${e}`}>{f.eventCode ?? `#${e}`}</Link>
                  ) : canLink ? (
                    <Space size={4}>
                      <Button size="small" type="primary" onClick={() => setConverting(f)} data-testid={`finding-to-event-${f.id}`}>
                        转为事件
                      </Button>
                      <a onClick={() => void link(f.id)}>关联已有</a>
                    </Space>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </Space>
      ) : null}
      <ToEventModal
        open={converting !== null}
        title="巡逻发现转为网格事件"
        defaults={{ description: converting?.description ?? '', address: converting?.location ?? '' }}
        onSubmit={(v) => toEvent(converting!, v)}
        onClose={() => setConverting(null)}
      />
    </Drawer>
  );
}

function Police({ year, canWrite }: { year: number; canWrite: boolean }) {
  const state = useApi((signal) => safetyApi.police(year, signal), [year]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const save = async () => {
    const v = await form.validateFields();
    try {
      await safetyApi.enterPolice(v);
      setOpen(false);
      form.resetFields();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const columns: TableColumnsType<PoliceMonth> = [
    { title: '月份', dataIndex: 'month', width: 90 },
    { title: '刑事立案', dataIndex: 'criminalFiled' },
    { title: '刑事破案', dataIndex: 'criminalSolved' },
    { title: '治安受理', dataIndex: 'publicSecurityAccepted' },
    { title: '治安结案', dataIndex: 'publicSecurityClosed' },
    { title: '来源', dataIndex: 'source' },
    { title: '录入人', dataIndex: 'enteredByName', width: 100 },
  ];
  return (
    <Card size="small" title="公安月度数据（来自公安系统，按月录入）" extra={canWrite ? <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>录入月度数据</Button> : null}>
      <Async state={state}>
        {(rows) => (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            columns={columns}
            dataSource={rows}
            summary={(data) => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                {(['criminalFiled', 'criminalSolved', 'publicSecurityAccepted', 'publicSecurityClosed'] as const).map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 1}>
                    {data.reduce((s, r) => s + r[k], 0)}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )}
          />
        )}
      </Async>
      <Modal open={open} title="录入公安月度数据" onCancel={() => setOpen(false)} onOk={() => void save()} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ source: '开发区派出所月度统计报表' }}>
          <Form.Item name="month" label="月份" rules={[{ required: true }]}>
            <Input type="month" />
          </Form.Item>
          <Row gutter={12}>
            {([['criminalFiled', '刑事立案'], ['criminalSolved', '刑事破案'], ['publicSecurityAccepted', '治安受理'], ['publicSecurityClosed', '治安结案']] as const).map(([k, label]) => (
              <Col span={12} key={k}>
                <Form.Item name={k} label={label} rules={[{ required: true }]}>
                  <InputNumber min={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Form.Item name="source" label="数据来源" rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function Subjects({ year }: { year: number }) {
  const { t } = useI18n();
  const me = useMe();
  const { paging, pagination } = usePaging();
  const state = useApi((signal) => safetyApi.subjects({ ...yearRange(year), page: paging.page, pageSize: paging.pageSize }, signal), [year, paging]);
  const [open, setOpen] = useState(false);
  const [detail, setDetail] = useState<number | null>(null);
  const [form] = Form.useForm();
  const key = useIdempotencyKey();
  const save = async () => {
    const v = await form.validateFields();
    const body = { ...v, officerId: me.id, supervisionEnd: v.supervisionEnd || null };
    try {
      await safetyApi.createSubject(body, key(body));
      notifySuccess('已登记');
      setOpen(false);
      form.resetFields();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const columns: TableColumnsType<Subject> = [
    { title: '类别', dataIndex: 'kind', width: 100, render: (k: string) => <Tag>{subjectKindLabel(k)}</Tag> },
    { title: '姓名', dataIndex: 'nameMasked', width: 90 },
    { title: '身份证号', dataIndex: 'idNumberMasked', width: 190, render: (v: string) => <span className="zl-mono">{v}</span> },
    { title: '监管期', key: 'period', render: (_: unknown, r) => `${r.supervisionStart} 至 ${r.supervisionEnd ?? '今'}` },
    { title: '报到', dataIndex: 'checkinCount', width: 70 },
    { title: '重新犯罪', dataIndex: 'reoffended', width: 90, render: (v: boolean) => (v ? <Tag color="red">是</Tag> : <Tag color="green">否</Tag>) },
    { title: '', key: 'flags', width: 80, render: (_: unknown, r) => (r.isMinor ? <Tag color="orange">未成年</Tag> : null) },
    { title: '', key: 'open', width: 60, render: (_: unknown, r) => <a onClick={() => setDetail(r.id)}>详情</a> },
  ];
  const { from, to } = yearRange(year);
  return (
    <Card
      size="small"
      title="社区矫正、安置帮教对象"
      extra={
        <Space>
          <a href={`/api/safety/subjects/export?from=${from}&to=${to}`}>导出（脱敏，不含未成年人）</a>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            登记对象
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 8 }} message="身份信息加密存储、列表脱敏；查看完整身份须说明理由，每次查看记入审计日志。" />
      <Async state={state}>
        {(page) => <Table rowKey="id" size="small" columns={columns} dataSource={page.items} pagination={pagination(page.total, t)} loading={state.loading} />}
      </Async>
      <Modal open={open} title="登记监管对象" onCancel={() => setOpen(false)} onOk={() => void save()} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ kind: 'community_correction' }}>
          <Form.Item name="kind" label="类别" rules={[{ required: true }]}>
            <Select options={[...SUBJECT_KINDS]} />
          </Form.Item>
          <Form.Item name="name" label="姓名" rules={[{ required: true }]}>
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
          <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, len: 18, message: '18 位身份证号' }]}>
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="supervisionStart" label="监管开始" rules={[{ required: true }]}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="supervisionEnd" label="监管结束">
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
      <SubjectDrawer id={detail} onClose={() => { setDetail(null); state.reload(); }} />
    </Card>
  );
}

function SubjectDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const state = useApi((signal) => (id ? safetyApi.subject(id, signal) : Promise.resolve(null)), [id]);
  const [reason, setReason] = useState('');
  const [revealed, setRevealed] = useState<{ name: string; idNumber: string; note: string } | null>(null);
  const [checkin, setCheckin] = useState({ at: '', method: 'in_person' });
  const reveal = async () => {
    if (!id) return;
    try {
      setRevealed(await safetyApi.reveal(id, reason));
    } catch (e) {
      notifyError(e);
    }
  };
  const addCheckin = async () => {
    if (!id || !checkin.at) return;
    try {
      await safetyApi.checkin(id, { checkedAt: toIso(checkin.at), method: checkin.method });
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const markReoffended = async () => {
    const s = state.data;
    if (!s) return;
    const on = window.prompt('重新犯罪日期（YYYY-MM-DD）');
    if (!on) return;
    try {
      await safetyApi.updateSubject(s.id, { version: s.version, reoffended: true, reoffendedOn: on });
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const close = () => {
    setRevealed(null);
    setReason('');
    onClose();
  };
  const s = state.data;
  return (
    <Drawer open={id !== null} onClose={close} title="监管对象" width={600} destroyOnHidden>
      {s ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="类别">{subjectKindLabel(s.kind)}</Descriptions.Item>
            <Descriptions.Item label="姓名">{revealed?.name ?? s.nameMasked}</Descriptions.Item>
            <Descriptions.Item label="身份证号">{revealed?.idNumber ?? s.idNumberMasked}</Descriptions.Item>
            {revealed ? <Descriptions.Item label="备注">{revealed.note}</Descriptions.Item> : null}
            <Descriptions.Item label="监管期">
              {s.supervisionStart} 至 {s.supervisionEnd ?? '今'}
            </Descriptions.Item>
            <Descriptions.Item label="监管人员">{s.officerName}</Descriptions.Item>
            <Descriptions.Item label="重新犯罪">{s.reoffended ? `是（${s.reoffendedOn}）` : '否'}</Descriptions.Item>
          </Descriptions>
          {!revealed ? (
            <Space.Compact style={{ width: '100%' }}>
              <Input placeholder="查看完整身份的理由（记入审计）" value={reason} onChange={(e) => setReason(e.target.value)} />
              <Button onClick={() => void reveal()} disabled={reason.trim().length < 2}>
                查看完整身份
              </Button>
            </Space.Compact>
          ) : null}
          <Space>
            <Input type="datetime-local" value={checkin.at} onChange={(e) => setCheckin({ ...checkin, at: e.target.value })} />
            <Select value={checkin.method} style={{ width: 110 }} onChange={(m) => setCheckin({ ...checkin, method: m })} options={[...CHECKIN_METHODS]} />
            <Button onClick={() => void addCheckin()}>登记报到</Button>
            {!s.reoffended ? <Button danger onClick={() => void markReoffended()}>登记重新犯罪</Button> : null}
          </Space>
          <Table
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10 }}
            dataSource={s.checkins ?? []}
            columns={[
              { title: '时间', dataIndex: 'checkedAt', render: (v: string) => formatDateTime(v) },
              { title: '方式', dataIndex: 'method', render: (m: string) => CHECKIN_METHODS.find((x) => x.value === m)?.label ?? m },
              { title: '登记人', dataIndex: 'recordedByName' },
            ]}
          />
        </Space>
      ) : null}
    </Drawer>
  );
}

export default function SafetyPage() {
  const me = useMe();
  const workYear = useWorkYear();
  const [year, setYear] = useState(workYear);
  const safety = me.role === 'safety';
  const seesFigures = safety || me.role === 'leader' || me.role === 'law_office';
  const items = [
    ...(seesFigures ? [{ key: 'figures', label: '统计', children: <Figures year={year} police={seesFigures} /> }] : []),
    { key: 'patrols', label: '巡逻', children: <Patrols year={year} canWrite={safety || me.role === 'grid_worker'} canConvert={me.role === 'grid_worker' || me.role === 'dispatcher'} gridWorker={me.role === 'grid_worker'} gridIds={me.gridIds} /> },
    ...(seesFigures ? [{ key: 'police', label: '公安数据', children: <Police year={year} canWrite={safety} /> }] : []),
    ...(safety ? [{ key: 'subjects', label: '矫正与帮教', children: <Subjects year={year} /> }] : []),
  ];
  return (
    <div>
      <PageHeader title="平安建设" sub="辅警、网格员、企业保安巡控；公安数据；社区矫正与安置帮教" extra={<YearSelect value={year} onChange={setYear} />} />
      <Tabs items={items} destroyOnHidden />
    </div>
  );
}
