// 矛盾纠纷: the list (a department sees only the cases linked to it) and the case page — parties and their consent,
// linked departments, sessions, agreement, payments, court confirmation, follow-up calls and the timeline.
import { Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { DISPUTE_ACTION_LABELS, DISPUTE_TYPES, mediationApi, OTHER_ROUTES, label, type Dispute, type DisputeDetail } from './mediation.api.ts';
import { CaseTimeline, PeopleTable, StatusTag, useOrgUnits, yuan } from './mediation.shared.tsx';

export function DisputeList() {
  const { t } = useI18n();
  const { paging, pagination, toFirst } = usePaging();
  const [filter, setFilter] = useState<{ status?: string; type?: string; q?: string; overdue?: boolean }>({});
  const state = useApi((signal) => mediationApi.disputes({ ...filter, page: paging.page, pageSize: paging.pageSize }, signal), [filter, paging]);
  const columns: TableColumnsType<Dispute> = [
    { title: '编号', dataIndex: 'code', width: 120, render: (v: string, r) => <Link to={`/mediation/disputes/${r.id}`}>{v}</Link> },
    { title: '类型', dataIndex: 'typeLabel', width: 110 },
    { title: '事由', dataIndex: 'title', ellipsis: true },
    { title: '项目/施工单位', key: 'p', ellipsis: true, render: (_: unknown, r) => [r.projectName, r.contractorName].filter(Boolean).join(' / ') || '—' },
    { title: '金额', dataIndex: 'amountClaimed', width: 120, align: 'right', render: (v: number) => (v ? v.toLocaleString('zh-CN') : '—') },
    { title: '状态', key: 's', width: 140, render: (_: unknown, r) => <Space size={4}><StatusTag status={r.status} label={r.statusLabel} />{r.overdue ? <Tag color="red">超期</Tag> : null}</Space> },
    { title: '登记', dataIndex: 'receivedAt', width: 110, render: (v: string) => formatDate(v) },
  ];
  const set = (p: Partial<typeof filter>) => {
    setFilter((f) => ({ ...f, ...p }));
    toFirst();
  };
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="类型" style={{ width: 150 }} options={DISPUTE_TYPES.map((d) => ({ value: d.value, label: d.label }))} onChange={(v) => set({ type: v })} />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 130 }}
          onChange={(v) => set({ status: v })}
          options={[
            { value: 'registered', label: '已登记' }, { value: 'accepted', label: '已受理' }, { value: 'mediating', label: '调解中' }, { value: 'transferred', label: '联动调处中' },
            { value: 'agreement', label: '达成协议' }, { value: 'failed', label: '调解不成' }, { value: 'closed', label: '已结案' },
          ]}
        />
        <Checkbox onChange={(e) => set({ overdue: e.target.checked || undefined })}>仅超期</Checkbox>
        <Input.Search allowClear placeholder="编号、事由、项目、施工单位" style={{ width: 260 }} onSearch={(q) => set({ q: q || undefined })} />
      </Space>
      <Async state={state}>
        {(page) => <Table rowKey="id" size="small" columns={columns} dataSource={page.items} pagination={pagination(page.total, t)} loading={state.loading} />}
      </Async>
    </Card>
  );
}

type ModalKind = 'move' | 'session' | 'payment' | 'court' | 'followup' | 'link' | 'note' | 'party' | null;

export function DisputePage() {
  const id = Number(useParams().id);
  const me = useMe();
  const state = useApi((signal) => mediationApi.dispute(id, signal), [id]);
  const units = useOrgUnits();
  const [modal, setModal] = useState<{ kind: ModalKind; action?: string }>({ kind: null });
  const [form] = Form.useForm();
  const key = useIdempotencyKey();
  const centre = me.role === 'mediator';

  const run = async (fn: () => Promise<unknown>, ok = '已保存') => {
    try {
      await fn();
      notifySuccess(ok);
      setModal({ kind: null });
      form.resetFields();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };

  const submit = async (d: DisputeDetail) => {
    const v = await form.validateFields();
    switch (modal.kind) {
      case 'move': {
        const body: Record<string, unknown> = { action: modal.action, version: d.version, reason: v.reason, orgUnitId: v.orgUnitId, routesTold: v.routesTold, routesNote: v.routesNote };
        if (modal.action === 'agree') {
          body.agreement = { form: v.form, signedOn: v.signedOn.format('YYYY-MM-DD'), content: v.content, amountAgreed: v.amountAgreed ?? 0, workersCovered: v.workersCovered ?? 0, paymentDueOn: v.paymentDueOn?.format('YYYY-MM-DD') };
        }
        return run(() => mediationApi.disputeMove(id, body, key(body)), DISPUTE_ACTION_LABELS[modal.action!]);
      }
      case 'session': {
        const body = { heldAt: v.heldAt.toISOString(), place: v.place, mediatorName: v.mediatorName, attendees: v.attendees, record: v.record, result: v.result };
        return run(() => mediationApi.session(id, body, key(body)));
      }
      case 'payment': {
        const body = { paidOn: v.paidOn.format('YYYY-MM-DD'), amount: v.amount, workersPaid: v.workersPaid ?? 0, note: v.note };
        return run(() => mediationApi.payment(id, body, key(body)));
      }
      case 'court': {
        const ag = d.agreements.find((a) => a.current)!;
        return run(() => mediationApi.court(id, { step: v.step, on: v.on.format('YYYY-MM-DD'), courtName: v.courtName, result: v.result, version: ag.version }));
      }
      case 'followup': {
        const body = { calledAt: v.calledAt.toISOString(), fulfilment: v.fulfilment, satisfaction: v.satisfaction, note: v.note };
        return run(() => mediationApi.followup(id, body, key(body)));
      }
      case 'link':
        return run(() => mediationApi.link(id, v.orgUnitId, v.note ?? ''));
      case 'note':
        return run(() => mediationApi.note(id, v.note));
      case 'party':
        return run(() => mediationApi.addParty(id, { role: v.role, kind: v.kind, name: v.name, idCard: v.idCard || undefined, phone: v.phone || undefined }));
      default:
        return undefined;
    }
  };

  const open = (kind: ModalKind, action?: string) => {
    form.resetFields();
    setModal({ kind, action });
  };

  return (
    <Async state={state}>
      {(d) => {
        const openCase = ['registered', 'accepted', 'mediating', 'transferred'].includes(d.status);
        const current = d.agreements.find((a) => a.current);
        return (
          <Space orientation="vertical" style={{ width: '100%' }} size={12}>
            <PageHeader
              title={
                <Space>
                  {d.code}
                  <StatusTag status={d.status} label={d.statusLabel} />
                  {d.overdue ? <Tag color="red">超期</Tag> : null}
                  {d.reopenedCount > 0 ? <Tag color="orange">再启动 {d.reopenedCount} 次</Tag> : null}
                </Space>
              }
              sub={d.title}
              extra={
                <>
                  {d.actions.map((a) => (
                    <Button key={a} type={a === 'agree' || a === 'accept' ? 'primary' : 'default'} danger={a === 'fail' || a === 'decline'} onClick={() => open('move', a)} data-testid={`dispute-${a}`}>
                      {DISPUTE_ACTION_LABELS[a]}
                    </Button>
                  ))}
                  <Button onClick={() => open('note')}>工作记录</Button>
                </>
              }
            />
            <Row gutter={12}>
              <Col xs={24} lg={15}>
                <Space orientation="vertical" style={{ width: '100%' }} size={12}>
                  <Card size="small" title="案件信息">
                    <Descriptions size="small" column={2}>
                      <Descriptions.Item label="类型">{d.typeLabel}</Descriptions.Item>
                      <Descriptions.Item label="登记">{formatDateTime(d.receivedAt)}</Descriptions.Item>
                      <Descriptions.Item label="调解期限">{d.dueAt ? formatDateTime(d.dueAt) : '—'}</Descriptions.Item>
                      <Descriptions.Item label="调解员">{d.mediatorName ?? '—'}</Descriptions.Item>
                      <Descriptions.Item label="申请金额">{yuan(d.amountClaimed)}</Descriptions.Item>
                      <Descriptions.Item label="涉及人数">{d.workersInvolved}</Descriptions.Item>
                      {d.projectName ? <Descriptions.Item label="工程项目">{d.projectName}</Descriptions.Item> : null}
                      {d.contractorName ? <Descriptions.Item label="施工单位">{d.contractorName}</Descriptions.Item> : null}
                      <Descriptions.Item label="概要" span={2}>{d.summary || '—'}</Descriptions.Item>
                      {d.failureReason ? (
                        <Descriptions.Item label="调解不成" span={2}>
                          {d.failureReason}；已告知：{d.routesTold.map((r) => label(OTHER_ROUTES, r)).join('、')}
                        </Descriptions.Item>
                      ) : null}
                      {d.intakeId ? <Descriptions.Item label="来源">来访登记 #{d.intakeId}</Descriptions.Item> : null}
                    </Descriptions>
                  </Card>
                  <Card size="small" title={<Space>当事人{d.consentComplete ? <Tag color="green">双方已同意调解</Tag> : <Tag color="orange">待双方同意</Tag>}</Space>}
                    extra={centre && openCase ? <Button size="small" onClick={() => open('party')}>增加当事人</Button> : null}>
                    <PeopleTable
                      people={d.parties}
                      consent={(p) =>
                        p.role === 'third_party' ? '—' : centre && openCase ? (
                          <Checkbox checked={!!p.consentAt} onChange={(e) => void run(() => mediationApi.consent(id, p.id, e.target.checked), e.target.checked ? '已登记同意' : '已撤回')}>
                            {p.consentAt ? formatDate(p.consentAt) : '未同意'}
                          </Checkbox>
                        ) : p.consentAt ? <Tag color="green">已同意</Tag> : <Tag>未同意</Tag>
                      }
                    />
                  </Card>
                  <Card size="small" title="调解记录" extra={openCase ? <Button size="small" onClick={() => open('session')}>记录调解会</Button> : null}>
                    <Table
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={d.sessions}
                      columns={[
                        { title: '时间', dataIndex: 'heldAt', width: 140, render: (v: string) => formatDateTime(v) },
                        { title: '调解员', dataIndex: 'mediatorName', width: 90 },
                        { title: '参加人', dataIndex: 'attendees', ellipsis: true },
                        { title: '笔录', dataIndex: 'record', ellipsis: true },
                        { title: '部门', dataIndex: 'orgUnitName', width: 120 },
                      ]}
                    />
                  </Card>
                  <Card
                    size="small"
                    title={`调解协议与履行（已付 ${yuan(d.amountPaid)} / 协议 ${yuan(d.amountAgreed)}）`}
                    extra={
                      d.outcome === 'agreement' ? (
                        <Space>
                          <Button size="small" type="primary" onClick={() => open('payment')} data-testid="add-payment">登记支付</Button>
                          {centre && current?.form === 'written' ? <Button size="small" onClick={() => open('court')}>司法确认</Button> : null}
                        </Space>
                      ) : null
                    }
                  >
                    {d.agreements.map((a) => (
                      <Descriptions key={a.id} size="small" column={3} style={{ opacity: a.current ? 1 : 0.6 }} title={a.current ? '现行协议' : '原协议'}>
                        <Descriptions.Item label="形式">{a.form === 'written' ? '书面' : '口头'}</Descriptions.Item>
                        <Descriptions.Item label="日期">{a.signedOn}</Descriptions.Item>
                        <Descriptions.Item label="金额">{yuan(a.amountAgreed)}</Descriptions.Item>
                        <Descriptions.Item label="内容" span={3}>{a.content}</Descriptions.Item>
                        {a.form === 'written' ? (
                          <Descriptions.Item label="司法确认" span={3}>
                            {{ none: '未申请', requested: '已申请', confirmed: '已确认有效', rejected: '已驳回' }[a.courtStatus] ?? a.courtStatus}
                            {a.courtName ? `（${a.courtName}）` : ''}
                            {a.courtStatus === 'none' && a.courtConfirmationUntil ? `，可申请至 ${formatDate(a.courtConfirmationUntil)}` : ''}
                          </Descriptions.Item>
                        ) : null}
                      </Descriptions>
                    ))}
                    <Table
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={d.payments}
                      columns={[
                        { title: '支付日期', dataIndex: 'paidOn', width: 120 },
                        { title: '金额', dataIndex: 'amount', align: 'right', render: (v: number) => yuan(v) },
                        { title: '人数', dataIndex: 'workersPaid', width: 70 },
                        { title: '说明', dataIndex: 'note' },
                      ]}
                    />
                  </Card>
                  <Card size="small" title="回访" extra={['agreement', 'failed', 'closed'].includes(d.status) ? <Button size="small" onClick={() => open('followup')}>登记回访</Button> : null}>
                    <Table
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={d.followups}
                      columns={[
                        { title: '时间', dataIndex: 'calledAt', width: 140, render: (v: string) => formatDateTime(v) },
                        { title: '履行', dataIndex: 'fulfilment', width: 90, render: (v: string) => ({ fulfilled: '已履行', partly: '部分履行', not_fulfilled: '未履行' })[v] ?? v },
                        { title: '满意度', dataIndex: 'satisfaction', width: 90, render: (v: string) => ({ satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' })[v] ?? v },
                        { title: '说明', dataIndex: 'note' },
                        { title: '回访人', dataIndex: 'userName', width: 90 },
                      ]}
                    />
                  </Card>
                </Space>
              </Col>
              <Col xs={24} lg={9}>
                <Space orientation="vertical" style={{ width: '100%' }} size={12}>
                  <Card size="small" title="联动部门" extra={centre ? <Button size="small" onClick={() => open('link')} data-testid="link-department">联动部门</Button> : null}>
                    {d.links.filter((l) => l.active).length === 0 ? '尚未联动' : null}
                    {d.links
                      .filter((l) => l.active)
                      .map((l) => (
                        <div key={l.orgUnitId} style={{ marginBottom: 6 }}>
                          <Tag color={l.lead ? 'purple' : 'blue'}>{l.lead ? '牵头' : '协同'}</Tag>
                          {l.orgUnitName}
                          {centre && !(l.lead && d.status === 'transferred') ? (
                            <a style={{ marginLeft: 8 }} onClick={() => void run(() => mediationApi.unlink(id, l.orgUnitId), '已解除联动')}>解除</a>
                          ) : null}
                        </div>
                      ))}
                  </Card>
                  <Card size="small" title="办理时间线">
                    <CaseTimeline rows={d.timeline} />
                  </Card>
                </Space>
              </Col>
            </Row>
            <Modal open={modal.kind !== null} title={modalTitle(modal)} onCancel={() => setModal({ kind: null })} onOk={() => void submit(d)} destroyOnHidden width={600}>
              <Form form={form} layout="vertical" initialValues={{ form: 'written', signedOn: dayjs(), paidOn: dayjs(), on: dayjs(), heldAt: dayjs(), calledAt: dayjs(), result: 'continued', fulfilment: 'fulfilled', satisfaction: 'satisfied', step: 'request', role: 'respondent', kind: 'person', mediatorName: me.displayName }}>
                <ModalFields modal={modal} d={d} units={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
              </Form>
            </Modal>
          </Space>
        );
      }}
    </Async>
  );
}

function modalTitle(m: { kind: ModalKind; action?: string }) {
  if (m.kind === 'move') return DISPUTE_ACTION_LABELS[m.action ?? ''];
  return { session: '调解会记录', payment: '登记协议履行（支付）', court: '司法确认', followup: '回访', link: '联动职能部门', note: '工作记录', party: '增加当事人' }[m.kind ?? 'note'] ?? '';
}

function ModalFields({ modal, d, units }: { modal: { kind: ModalKind; action?: string }; d: DisputeDetail; units: { value: number; label: string }[] }) {
  const req = (message: string) => [{ required: true, message }];
  switch (modal.kind) {
    case 'move':
      switch (modal.action) {
        case 'agree':
          return (
            <>
              <Row gutter={8}>
                <Col span={8}><Form.Item name="form" label="协议形式"><Select options={[{ value: 'written', label: '书面' }, { value: 'oral', label: '口头' }]} /></Form.Item></Col>
                <Col span={8}><Form.Item name="signedOn" label="协议日期" rules={req('日期')}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
                <Col span={8}><Form.Item name="paymentDueOn" label="履行期限"><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
              </Row>
              <Form.Item name="content" label="协议内容" rules={req('请填写协议内容')}><Input.TextArea rows={3} /></Form.Item>
              <Row gutter={8}>
                <Col span={12}><Form.Item name="amountAgreed" label="协议金额（元）"><InputNumber min={0} precision={2} style={{ width: '100%' }} /></Form.Item></Col>
                <Col span={12}><Form.Item name="workersCovered" label="涉及人数" initialValue={d.workersInvolved}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
              </Row>
            </>
          );
        case 'fail':
          return (
            <>
              <Form.Item name="reason" label="调解不成的原因" rules={req('请填写原因')}><Input.TextArea rows={2} /></Form.Item>
              <Form.Item name="routesTold" label="已告知当事人的其他途径（人民调解法第二十六条）" rules={req('请选择')}>
                <Checkbox.Group options={OTHER_ROUTES.map((r) => ({ value: r.value, label: r.label }))} />
              </Form.Item>
              <Form.Item name="routesNote" label="告知情况"><Input /></Form.Item>
            </>
          );
        case 'transfer':
          return (
            <>
              <Form.Item name="orgUnitId" label="牵头部门" rules={req('请选择部门')}><Select showSearch optionFilterProp="label" options={units} /></Form.Item>
              <Form.Item name="reason" label="说明"><Input /></Form.Item>
            </>
          );
        case 'decline':
        case 'reopen':
          return <Form.Item name="reason" label="理由" rules={req('请填写理由')}><Input.TextArea rows={2} /></Form.Item>;
        case 'close':
          return <Form.Item name="reason" label="结案说明"><Input.TextArea rows={2} /></Form.Item>;
        case 'start':
          return <div>{d.consentComplete ? '双方当事人均已同意调解。' : '须先在当事人表中登记双方同意（人民调解法第十七条）。'}</div>;
        default:
          return <Form.Item name="reason" label="说明"><Input /></Form.Item>;
      }
    case 'session':
      return (
        <>
          <Row gutter={8}>
            <Col span={12}><Form.Item name="heldAt" label="时间" rules={req('时间')}><DatePicker showTime style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={12}><Form.Item name="mediatorName" label="调解员" rules={req('调解员')}><Input /></Form.Item></Col>
          </Row>
          <Form.Item name="place" label="地点"><Input /></Form.Item>
          <Form.Item name="attendees" label="参加人"><Input /></Form.Item>
          <Form.Item name="record" label="笔录" rules={req('请填写笔录')}><Input.TextArea rows={4} /></Form.Item>
          <Form.Item name="result" label="结果"><Select options={[{ value: 'continued', label: '继续调解' }, { value: 'agreement', label: '达成一致' }, { value: 'no_agreement', label: '未达成一致' }]} /></Form.Item>
        </>
      );
    case 'payment':
      return (
        <>
          <Row gutter={8}>
            <Col span={8}><Form.Item name="paidOn" label="支付日期" rules={req('日期')}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={8}><Form.Item name="amount" label="金额（元）" rules={req('金额')}><InputNumber min={0.01} precision={2} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={8}><Form.Item name="workersPaid" label="人数"><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
          </Row>
          <Form.Item name="note" label="说明"><Input /></Form.Item>
        </>
      );
    case 'court':
      return (
        <>
          <Form.Item name="step" label="步骤"><Select options={[{ value: 'request', label: '申请（协议生效30日内）' }, { value: 'decide', label: '法院裁定结果' }]} /></Form.Item>
          <Form.Item name="on" label="日期" rules={req('日期')}><DatePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="courtName" label="人民法院"><Input placeholder="北辰区人民法院" /></Form.Item>
          <Form.Item name="result" label="裁定结果"><Select allowClear options={[{ value: 'confirmed', label: '确认有效' }, { value: 'rejected', label: '驳回申请' }]} /></Form.Item>
        </>
      );
    case 'followup':
      return (
        <>
          <Form.Item name="calledAt" label="回访时间" rules={req('时间')}><DatePicker showTime style={{ width: '100%' }} /></Form.Item>
          <Row gutter={8}>
            <Col span={12}><Form.Item name="fulfilment" label="履行情况"><Select options={[{ value: 'fulfilled', label: '已履行' }, { value: 'partly', label: '部分履行' }, { value: 'not_fulfilled', label: '未履行' }]} /></Form.Item></Col>
            <Col span={12}><Form.Item name="satisfaction" label="满意度"><Select options={[{ value: 'satisfied', label: '满意' }, { value: 'basic', label: '基本满意' }, { value: 'unsatisfied', label: '不满意' }]} /></Form.Item></Col>
          </Row>
          <Form.Item name="note" label="回访记录"><Input.TextArea rows={2} /></Form.Item>
        </>
      );
    case 'link':
      return (
        <>
          <Form.Item name="orgUnitId" label="职能部门" rules={req('请选择部门')}><Select showSearch optionFilterProp="label" options={units} /></Form.Item>
          <Form.Item name="note" label="联动事项"><Input /></Form.Item>
        </>
      );
    case 'note':
      return <Form.Item name="note" label="内容" rules={req('请填写内容')}><Input.TextArea rows={3} /></Form.Item>;
    case 'party':
      return (
        <>
          <Row gutter={8}>
            <Col span={12}><Form.Item name="role" label="身份"><Select options={[{ value: 'applicant', label: '申请人' }, { value: 'respondent', label: '被申请人' }, { value: 'third_party', label: '第三人' }]} /></Form.Item></Col>
            <Col span={12}><Form.Item name="kind" label="类型"><Select options={[{ value: 'person', label: '个人' }, { value: 'enterprise', label: '单位' }]} /></Form.Item></Col>
          </Row>
          <Form.Item name="name" label="姓名/名称" rules={req('请填写')}><Input /></Form.Item>
          <Row gutter={8}>
            <Col span={12}><Form.Item name="idCard" label="身份证号"><Input /></Form.Item></Col>
            <Col span={12}><Form.Item name="phone" label="电话"><Input /></Form.Item></Col>
          </Row>
        </>
      );
    default:
      return null;
  }
}
