// 公共法律服务: duty lawyers' consultations, lectures, legal aid and mediation help at enterprises and other
// sites. A lawyer sees and records their own; the office sees everyone's, keeps the firms and the roster.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useMe } from '../../app/session.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { BarCard, byMonth, EnterpriseSelect, FigureCards, MONTH_LABELS, PieCard, yearRange, YearSelect } from '../education/records.shared.tsx';
import { useWorkYear } from '../../shared/work-year.ts';
import { kindLabel, legalApi, SERVICE_KINDS, type LegalService, type ServiceInput } from './legal-services.api.ts';

function Figures({ year }: { year: number }) {
  const state = useApi((signal) => legalApi.figures(yearRange(year), signal), [year]);
  return (
    <Async state={state}>
      {(f) => (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <FigureCards
            items={[
              { label: '服务次数', value: f.services },
              { label: '服务点位', value: f.sites, hint: '企业或地点（去重）' },
              { label: '覆盖企业', value: f.enterprisesReached },
              { label: '服务人数', value: f.peopleServed },
              { label: '值班律师', value: f.lawyers },
            ]}
          />
          <Row gutter={12}>
            <Col xs={24} md={10}>
              <PieCard title="按服务类型" data={SERVICE_KINDS.map((k) => ({ name: k.label, value: f.byKind[k.value].services }))} />
            </Col>
            <Col xs={24} md={14}>
              <BarCard title="按月" labels={MONTH_LABELS} series={[{ name: '服务次数', data: byMonth(year, f.byMonth, (m) => m.services) }]} />
            </Col>
          </Row>
        </Space>
      )}
    </Async>
  );
}

function ServiceForm({ open, onClose, onSaved, office }: { open: boolean; onClose: () => void; onSaved: () => void; office: boolean }) {
  const [form] = Form.useForm<ServiceInput>();
  const key = useIdempotencyKey();
  const lawyers = useApi((signal) => (office ? legalApi.lawyers(signal) : Promise.resolve([])), [office]);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    const body = { ...v, enterpriseId: v.enterpriseId ?? null, place: v.place ?? '' };
    setSaving(true);
    try {
      await legalApi.create(body, key(body));
      notifySuccess('已登记');
      form.resetFields();
      onSaved();
    } catch (e) {
      notifyError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title="登记法律服务" onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'consultation', peopleServed: 1 }}>
        {office ? (
          <Form.Item name="lawyerId" label="值班律师" rules={[{ required: true, message: '请选择值班律师' }]}>
            <Select options={(lawyers.data ?? []).map((l) => ({ value: l.userId, label: `${l.name}${l.firmName ? `（${l.firmName}）` : ''}` }))} />
          </Form.Item>
        ) : null}
        <Form.Item name="kind" label="服务类型" rules={[{ required: true }]}>
          <Select options={SERVICE_KINDS} />
        </Form.Item>
        <Form.Item name="servedOn" label="日期" rules={[{ required: true, message: '请填写日期' }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="enterpriseId" label="服务企业">
          <EnterpriseSelect />
        </Form.Item>
        <Form.Item name="place" label="服务地点（非企业时填写）">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="peopleServed" label="服务人数" rules={[{ required: true }]}>
          <InputNumber min={0} max={100000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="topic" label="主题" rules={[{ required: true, message: '请填写主题' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="summary" label="情况摘要">
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Services({ year, office, canWrite }: { year: number; office: boolean; canWrite: boolean }) {
  const { t } = useI18n();
  const { paging, pagination } = usePaging();
  const [kind, setKind] = useState<string | undefined>();
  const [open, setOpen] = useState(false);
  const state = useApi((signal) => legalApi.services({ ...yearRange(year), kind, page: paging.page, pageSize: paging.pageSize }, signal), [year, kind, paging]);
  const columns: TableColumnsType<LegalService> = [
    { title: '日期', dataIndex: 'servedOn', width: 110 },
    { title: '类型', dataIndex: 'kind', width: 100, render: (k: string) => <Tag>{kindLabel(k)}</Tag> },
    { title: '地点/企业', key: 'site', render: (_: unknown, r) => r.enterpriseName ?? r.place },
    { title: '主题', dataIndex: 'topic' },
    { title: '人数', dataIndex: 'peopleServed', width: 80 },
    { title: '律师', dataIndex: 'lawyerName', width: 100 },
  ];
  return (
    <Card
      size="small"
      title="服务记录"
      extra={
        <Space>
          <Select allowClear placeholder="全部类型" style={{ width: 130 }} value={kind} onChange={setKind} options={SERVICE_KINDS} />
          {canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
              登记服务
            </Button>
          ) : null}
        </Space>
      }
    >
      <Async state={state}>
        {(page) => <Table rowKey="id" size="small" columns={columns} dataSource={page.items} pagination={pagination(page.total, t)} loading={state.loading} />}
      </Async>
      <ServiceForm open={open} office={office} onClose={() => setOpen(false)} onSaved={() => { setOpen(false); state.reload(); }} />
    </Card>
  );
}

function Roster() {
  const firms = useApi((signal) => legalApi.firms(signal), []);
  const lawyers = useApi((signal) => legalApi.lawyers(signal), []);
  const [firmName, setFirmName] = useState('');
  const addFirm = async () => {
    if (!firmName.trim()) return;
    try {
      await legalApi.createFirm({ name: firmName.trim() });
      setFirmName('');
      firms.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const assign = async (userId: number, firmId: number) => {
    try {
      await legalApi.setLawyer(userId, { firmId });
      notifySuccess('已设置');
      lawyers.reload();
      firms.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Row gutter={12}>
      <Col xs={24} md={10}>
        <Card size="small" title="律所" extra={<Space.Compact><Input placeholder="律所名称" value={firmName} onChange={(e) => setFirmName(e.target.value)} /><Button onClick={() => void addFirm()}>添加</Button></Space.Compact>}>
          <Async state={firms}>
            {(list) => <Table rowKey="id" size="small" pagination={false} dataSource={list} columns={[{ title: '名称', dataIndex: 'name' }, { title: '值班律师', dataIndex: 'lawyerCount', width: 90 }]} />}
          </Async>
        </Card>
      </Col>
      <Col xs={24} md={14}>
        <Card size="small" title="值班律师">
          <Async state={lawyers}>
            {(list) => (
              <Table
                rowKey="userId"
                size="small"
                pagination={false}
                dataSource={list}
                columns={[
                  { title: '姓名', dataIndex: 'name' },
                  { title: '在岗', dataIndex: 'onDuty', width: 70, render: (v: boolean) => (v ? <Tag color="green">是</Tag> : <Tag>否</Tag>) },
                  {
                    title: '所属律所',
                    key: 'firm',
                    render: (_: unknown, l) => (
                      <Select style={{ width: 200 }} value={l.firmId ?? undefined} placeholder="选择律所" onChange={(v: number) => void assign(l.userId, v)} options={(firms.data ?? []).map((f) => ({ value: f.id, label: f.name }))} />
                    ),
                  },
                ]}
              />
            )}
          </Async>
        </Card>
      </Col>
    </Row>
  );
}

export default function LegalServicesPage() {
  const me = useMe();
  const workYear = useWorkYear();
  const [year, setYear] = useState(workYear);
  const office = me.role === 'law_office';
  const canWrite = office || me.role === 'lawyer';
  const items = [
    { key: 'figures', label: '统计', children: <Figures year={year} /> },
    { key: 'services', label: me.role === 'lawyer' ? '我的服务记录' : '服务记录', children: <Services year={year} office={office} canWrite={canWrite} /> },
    ...(office ? [{ key: 'roster', label: '律所与值班律师', children: <Roster /> }] : []),
  ];
  return (
    <div>
      <PageHeader title="公共法律服务" sub="值班律师的法律咨询、法治授课、法律援助与调解协助" extra={<YearSelect value={year} onChange={setYear} />} />
      <Tabs items={items} destroyOnHidden />
    </div>
  );
}
