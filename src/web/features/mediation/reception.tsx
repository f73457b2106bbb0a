// 接待登记 (one-door intake): one form registers a visit or call with its people and routes it to one track, so
// a visitor is registered in under a minute; below, the latest intakes and where each matter is now (首接负责).
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Col, Descriptions, Drawer, Form, Input, InputNumber, Radio, Result, Row, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { notifyError } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { Async } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { CHANNELS, DISPUTE_TYPES, LITIGATION_ROUTES, mediationApi, TRACKS, type Intake, type IntakeDetail } from './mediation.api.ts';
import { CaseTimeline, PeopleTable, useOrgUnits } from './mediation.shared.tsx';

interface FormValues {
  channel: string;
  peopleCount: number;
  matterType: string;
  matter: string;
  projectName?: string;
  contractorName?: string;
  visitors: { name: string; idCard?: string; phone?: string; representative?: boolean }[];
  track: string;
  note?: string;
  referredTo?: string;
  referredOrgUnitId?: number;
  disputeTitle?: string;
  respondent?: string;
  respondentKind?: 'enterprise' | 'person';
  amountClaimed?: number;
  workersInvolved?: number;
}

const trim = (s?: string) => (s && s.trim() ? s.trim() : undefined);

function toBody(v: FormValues) {
  const route =
    v.track === 'none'
      ? undefined
      : {
          track: v.track,
          note: trim(v.note),
          referredTo: trim(v.referredTo),
          referredOrgUnitId: v.referredOrgUnitId,
          dispute:
            v.track === 'dispute'
              ? {
                  type: v.matterType,
                  title: trim(v.disputeTitle),
                  amountClaimed: v.amountClaimed ?? undefined,
                  workersInvolved: v.workersInvolved ?? undefined,
                  respondents: trim(v.respondent) ? [{ kind: v.respondentKind ?? 'enterprise', name: v.respondent!.trim() }] : undefined,
                }
              : undefined,
          petition: v.track === 'petition' ? { type: v.matterType } : undefined,
        };
  return {
    channel: v.channel,
    peopleCount: v.peopleCount,
    matter: v.matter.trim(),
    matterType: v.matterType,
    projectName: trim(v.projectName),
    contractorName: trim(v.contractorName),
    visitors: v.visitors
      .filter((x) => x?.name?.trim())
      .map((x) => ({ name: x.name.trim(), idCard: trim(x.idCard), phone: trim(x.phone), representative: v.peopleCount >= 5 ? !!x.representative : undefined })),
    route,
  };
}

export function IntakeDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const state = useApi((signal) => (id ? mediationApi.intake(id, signal) : Promise.resolve(undefined)), [id]);
  return (
    <Drawer open={id !== null} onClose={onClose} width={720} title="来访登记">
      {id ? (
        <Async state={state}>
          {(i) => (i ? <IntakeView i={i} /> : null)}
        </Async>
      ) : null}
    </Drawer>
  );
}

function WhereNow({ i }: { i: IntakeDetail }) {
  const link = i.where.entity === 'dispute' ? `/mediation/disputes/${i.where.entityId}` : i.where.entity === 'petition' ? `/mediation/petitions/${i.where.entityId}` : null;
  return (
    <Alert
      type={i.where.track ? 'info' : 'warning'}
      showIcon
      title={<span data-testid="where-now">当前去向：{i.where.label}</span>}
      description={link ? <Link to={link}>打开案件 {i.where.code}</Link> : `首接负责人：${i.receiverName ?? ''}`}
    />
  );
}

function IntakeView({ i }: { i: IntakeDetail }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <WhereNow i={i} />
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="编号">{i.code}</Descriptions.Item>
        <Descriptions.Item label="时间">{formatDateTime(i.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label="渠道">{i.channelLabel}</Descriptions.Item>
        <Descriptions.Item label="人数">
          {i.peopleCount}
          {i.collective ? <Tag color="red" style={{ marginLeft: 6 }}>集体访</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label="事项" span={2}>{i.matter}</Descriptions.Item>
        {i.projectName || i.contractorName ? <Descriptions.Item label="项目/施工单位" span={2}>{[i.projectName, i.contractorName].filter(Boolean).join(' / ')}</Descriptions.Item> : null}
        <Descriptions.Item label="分流">{i.trackLabel ?? '待分流'}</Descriptions.Item>
        <Descriptions.Item label="首接负责人">{i.receiverName}</Descriptions.Item>
        {i.trackNote ? <Descriptions.Item label="说明" span={2}>{i.trackNote}</Descriptions.Item> : null}
      </Descriptions>
      <PeopleTable people={i.visitors} />
      <CaseTimeline rows={i.timeline} />
    </Space>
  );
}

export function ReceptionDesk() {
  const { t } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  const key = useIdempotencyKey();
  const units = useOrgUnits();
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<IntakeDetail | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const { paging, pagination } = usePaging(10);
  const list = useApi((signal) => mediationApi.intakes({ page: paging.page, pageSize: paging.pageSize }, signal), [paging, done]);
  const track = Form.useWatch('track', form);
  const matterType = Form.useWatch('matterType', form);
  const people = Form.useWatch('peopleCount', form) ?? 1;

  const submit = async () => {
    const v = await form.validateFields();
    const body = toBody(v);
    setSaving(true);
    try {
      const r = await mediationApi.register(body, key(body));
      setDone(r);
      form.resetFields();
    } catch (e) {
      notifyError(e);
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<Intake> = [
    { title: '编号', dataIndex: 'code', width: 120, render: (v: string, r) => <a onClick={() => setOpen(r.id)}>{v}</a> },
    { title: '时间', dataIndex: 'receivedAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: '渠道', dataIndex: 'channelLabel', width: 70 },
    { title: '人数', dataIndex: 'peopleCount', width: 70, render: (v: number, r) => (r.collective ? <Tag color="red">{v} 集体访</Tag> : v) },
    { title: '事项', dataIndex: 'matter', ellipsis: true },
    { title: '分流', dataIndex: 'trackLabel', width: 150, render: (v: string | null) => v ?? <Tag color="orange">待分流</Tag> },
    { title: '首接', dataIndex: 'receiverName', width: 90 },
  ];

  const desk = me.role === 'mediator';
  return (
    <Row gutter={16}>
      {desk ? <Col xs={24} xl={11}>
        <Card size="small" title="来访登记" data-testid="reception-desk">
          {done ? (
            <Result
              status="success"
              title={`已登记 ${done.code}`}
              subTitle={done.where.label}
              extra={[
                done.where.entity ? (
                  <Link key="open" to={`/mediation/${done.where.entity === 'dispute' ? 'disputes' : 'petitions'}/${done.where.entityId}`}>
                    <Button type="primary">打开案件</Button>
                  </Link>
                ) : null,
                <Button key="next" onClick={() => setDone(null)}>登记下一位</Button>,
              ]}
            />
          ) : (
            <Form<FormValues>
              form={form}
              layout="vertical"
              size="middle"
              initialValues={{ channel: 'visit', peopleCount: 1, matterType: 'wage', visitors: [{ name: '' }], track: 'consultation', respondentKind: 'enterprise', referredTo: '北辰区法律援助中心' }}
            >
              <Row gutter={8}>
                <Col span={14}>
                  <Form.Item name="channel" label="渠道">
                    <Radio.Group optionType="button" options={CHANNELS.slice(0, 4).map((c) => ({ value: c.value, label: c.label }))} />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item name="peopleCount" label="来访人数" rules={[{ required: true }]}>
                    <InputNumber min={1} max={10000} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
              {people >= 5 ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="5人以上为集体访：请推选并标明代表（不超过5人），系统将自动预警。" /> : null}
              <Form.Item name="matterType" label="事项类型">
                <Select options={DISPUTE_TYPES.map((d) => ({ value: d.value, label: d.label }))} />
              </Form.Item>
              <Form.Item name="matter" label="来访事项" rules={[{ required: true, whitespace: true, message: '请填写来访事项' }]}>
                <Input.TextArea rows={2} maxLength={5000} />
              </Form.Item>
              {matterType === 'wage' ? (
                <Row gutter={8}>
                  <Col span={12}>
                    <Form.Item name="projectName" label="工程项目">
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="contractorName" label="施工/劳务单位">
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                </Row>
              ) : null}
              <Form.List name="visitors">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} align="baseline" wrap>
                        <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '姓名' }]}>
                          <Input placeholder="姓名" style={{ width: 90 }} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'idCard']} rules={[{ pattern: /^\s*\d{17}[\dXx]\s*$/, message: '18位身份证号' }]}>
                          <Input placeholder="身份证号" style={{ width: 190 }} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'phone']}>
                          <Input placeholder="电话" style={{ width: 130 }} />
                        </Form.Item>
                        {people >= 5 ? (
                          <Form.Item name={[f.name, 'representative']} valuePropName="checked">
                            <Checkbox>代表</Checkbox>
                          </Form.Item>
                        ) : null}
                        {fields.length > 1 ? <MinusCircleOutlined onClick={() => remove(f.name)} /> : null}
                      </Space>
                    ))}
                    <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', representative: people >= 5 })} style={{ marginBottom: 12 }} disabled={fields.length >= 50}>
                      增加来访人
                    </Button>
                  </>
                )}
              </Form.List>
              <Form.Item name="track" label="分流去向（首接负责）">
                <Radio.Group optionType="button" options={[...TRACKS.map((x) => ({ value: x.value, label: x.label })), { value: 'none', label: '暂不分流' }]} />
              </Form.Item>
              {track === 'consultation' ? (
                <Form.Item name="note" label="当场解答内容" rules={[{ required: true, whitespace: true, message: '请填写解答内容' }]}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              ) : null}
              {track === 'dispute' ? (
                <>
                  <Form.Item name="disputeTitle" label="纠纷事由（默认取来访事项）">
                    <Input maxLength={200} />
                  </Form.Item>
                  <Row gutter={8}>
                    <Col span={16}>
                      <Form.Item name="respondent" label="被申请人">
                        <Input maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col span={8}>
                      <Form.Item name="respondentKind" label="类型">
                        <Select options={[{ value: 'enterprise', label: '单位' }, { value: 'person', label: '个人' }]} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Row gutter={8}>
                    <Col span={12}>
                      <Form.Item name="amountClaimed" label="申请金额（元）">
                        <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item name="workersInvolved" label="涉及人数">
                        <InputNumber min={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                  </Row>
                </>
              ) : null}
              {track === 'legal_aid' ? (
                <Form.Item name="referredTo" label="转介机构" rules={[{ required: true }]}>
                  <Input maxLength={200} />
                </Form.Item>
              ) : null}
              {track === 'litigation' ? (
                <Form.Item name="referredTo" label="引导途径（诉访分离）" rules={[{ required: true, message: '请选择' }]} initialValue="court">
                  <Select options={LITIGATION_ROUTES.map((x) => ({ value: x.value, label: x.label }))} />
                </Form.Item>
              ) : null}
              {track === 'department' ? (
                <Form.Item name="referredOrgUnitId" label="转交部门" rules={[{ required: true, message: '请选择部门' }]}>
                  <Select showSearch optionFilterProp="label" options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
                </Form.Item>
              ) : null}
              {track && track !== 'consultation' && track !== 'none' ? (
                <Form.Item name="note" label="备注">
                  <Input maxLength={2000} />
                </Form.Item>
              ) : null}
              <Button type="primary" block loading={saving} onClick={() => void submit()} data-testid="register-intake">
                登记
              </Button>
            </Form>
          )}
        </Card>
      </Col> : null}
      <Col xs={24} xl={desk ? 13 : 24}>
        <Card size="small" title="最近来访">
          <Async state={list}>
            {(page) => <Table rowKey="id" size="small" columns={columns} dataSource={page.items} pagination={pagination(page.total, t)} loading={list.loading} />}
          </Async>
        </Card>
      </Col>
      <IntakeDrawer id={open} onClose={() => setOpen(null)} />
    </Row>
  );
}
