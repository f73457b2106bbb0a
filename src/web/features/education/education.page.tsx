// 学法普法: officials' study hours and the yearly exam (≥ 40 hours, passed), the compliance view, the
// 谁执法谁普法 list, and publicity events at enterprises with the materials handed out.
import { MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Segmented, Select, Space, Table, Tabs, Tag, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { roleLabel } from '../../shared/roles.ts';
import { Async } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { educationApi, formLabel, importStudyXlsx, STUDY_FORMS, THEMES, type ComplianceRow, type PublicityEvent, type PublicityInput, type StudyRecord } from './education.api.ts';
import { BarCard, byMonth, EnterpriseSelect, FigureCards, MONTH_LABELS, PieCard, yearRange, YearSelect } from './records.shared.tsx';
import { useWorkYear } from '../../shared/work-year.ts';

const pct = (r: { rate: number | null }) => (r.rate === null ? '—' : `${Math.round(r.rate * 1000) / 10}%`);

function Figures({ year }: { year: number }) {
  const state = useApi((signal) => educationApi.figures(yearRange(year), signal), [year]);
  return (
    <Async state={state}>
      {(f) => (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <FigureCards
            items={[
              { label: '工作人员', value: f.officials },
              { label: `学法满 ${f.requiredHours} 学时`, value: pct(f.hoursMet), hint: `${f.hoursMet.numerator} / ${f.hoursMet.denominator} 人` },
              { label: '考试通过率', value: pct(f.examPassed), hint: `${f.examPassed.numerator} / ${f.examPassed.denominator} 人` },
              { label: '普法活动', value: f.publicity.events, suffix: '场', testId: 'fig-events' },
              { label: '发放资料', value: f.publicity.materials, suffix: '份', testId: 'fig-materials' },
              { label: '走进企业', value: f.publicity.enterprisesReached, suffix: '家', testId: 'fig-enterprises' },
            ]}
          />
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <BarCard title="按主题" labels={f.publicity.byTheme.map((t) => t.theme)} series={[{ name: '活动', data: f.publicity.byTheme.map((t) => t.events) }, { name: '资料', data: f.publicity.byTheme.map((t) => t.materials) }]} />
            </Col>
            <Col xs={24} md={12}>
              <BarCard title="按月" labels={MONTH_LABELS} series={[{ name: '活动', data: byMonth(year, f.publicity.byMonth, (m) => m.events) }]} />
            </Col>
            <Col xs={24} md={12}>
              <PieCard title="资料种类" data={f.publicity.materialsByKind.map((m) => ({ name: m.kind, value: m.count }))} />
            </Col>
          </Row>
        </Space>
      )}
    </Async>
  );
}

function Study({ year, office }: { year: number; office: boolean }) {
  const { t } = useI18n();
  const me = useMe();
  const { paging, pagination } = usePaging();
  const state = useApi((signal) => educationApi.study({ ...yearRange(year), page: paging.page, pageSize: paging.pageSize }, signal), [year, paging]);
  const users = useApi((signal) => (office ? api.get<{ items: { id: number; displayName: string }[] }>('/api/users', { pageSize: 200 }, { signal }).then((p) => p.items) : Promise.resolve([])), [office]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const key = useIdempotencyKey();
  const save = async () => {
    const v = await form.validateFields();
    try {
      await educationApi.createStudy(v, key(v));
      notifySuccess('已登记');
      setOpen(false);
      form.resetFields();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const upload = async (file: File) => {
    try {
      const r = await importStudyXlsx(file, me.csrfToken);
      notifySuccess(`已导入 ${r.imported} 条，涉及 ${r.officials} 人、${r.hours} 学时`);
      state.reload();
    } catch (e) {
      Modal.error({ title: '导入未完成', content: <pre style={{ whiteSpace: 'pre-wrap' }}>{(e as Error).message}</pre> });
    }
    return false;
  };
  const columns: TableColumnsType<StudyRecord> = [
    { title: '日期', dataIndex: 'studiedOn', width: 110 },
    { title: '姓名', dataIndex: 'userName', width: 100 },
    { title: '课程', dataIndex: 'course' },
    { title: '形式', dataIndex: 'form', width: 110, render: formLabel },
    { title: '学时', dataIndex: 'hours', width: 70 },
    { title: '来源', dataIndex: 'source', width: 70, render: (s: string) => (s === 'import' ? '导入' : '登记') },
  ];
  return (
    <Card
      size="small"
      title={<span>学法记录 <Tag>{state.data ? `合计 ${state.data.hours} 学时` : ''}</Tag></span>}
      extra={
        <Space>
          {office ? (
            <>
              <a href="/api/education/study-records/template">下载导入模板</a>
              <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => upload(f)}>
                <Button icon={<UploadOutlined />}>导入 XLSX</Button>
              </Upload>
            </>
          ) : null}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            登记学法
          </Button>
        </Space>
      }
    >
      <Async state={state}>
        {(page) => <Table rowKey="id" size="small" columns={columns} dataSource={page.items} pagination={pagination(page.total, t)} loading={state.loading} />}
      </Async>
      <Modal open={open} title="登记学法记录" onCancel={() => setOpen(false)} onOk={() => void save()} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ form: 'online', hours: 2 }}>
          {office ? (
            <Form.Item name="userId" label="工作人员（缺省为本人）">
              <Select allowClear showSearch optionFilterProp="label" options={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))} />
            </Form.Item>
          ) : null}
          <Form.Item name="course" label="课程" rules={[{ required: true, message: '请填写课程' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="hours" label="学时" rules={[{ required: true }]}>
            <InputNumber min={0.1} max={200} step={0.5} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="studiedOn" label="日期" rules={[{ required: true, message: '请填写日期' }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="form" label="形式" rules={[{ required: true }]}>
            <Select options={[...STUDY_FORMS]} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function Compliance({ year, office }: { year: number; office: boolean }) {
  const { lang, t } = useI18n();
  const [only, setOnly] = useState<'all' | 'short' | 'below_hours' | 'not_passed'>('short');
  const { paging, pagination } = usePaging(50);
  const state = useApi((signal) => educationApi.compliance({ year, only, page: paging.page, pageSize: paging.pageSize }, signal), [year, only, paging]);
  const setExam = async (r: ComplianceRow, passed: boolean) => {
    try {
      const existing = (await educationApi.exams(year)).find((e) => e.userId === r.userId);
      await educationApi.recordExam({ userId: r.userId, year, passed, version: existing?.version });
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const columns: TableColumnsType<ComplianceRow> = [
    { title: '姓名', dataIndex: 'name', width: 100 },
    { title: '部门', dataIndex: 'orgUnitName' },
    { title: '角色', dataIndex: 'role', width: 110, render: (r: string) => roleLabel(r, lang) },
    { title: '学时', dataIndex: 'hours', width: 80, render: (h: number, r) => <span style={{ color: r.hoursMet ? undefined : '#d92d20' }}>{h}</span> },
    {
      title: '考试',
      dataIndex: 'examPassed',
      width: 160,
      render: (p: boolean | null, r) => (
        <Space>
          {p === true ? <Tag color="green">通过{r.examScore !== null ? ` ${r.examScore}` : ''}</Tag> : p === false ? <Tag color="red">未通过</Tag> : <Tag>未考</Tag>}
          {office ? <a onClick={() => void setExam(r, p !== true)}>{p === true ? '改为未通过' : '登记通过'}</a> : null}
        </Space>
      ),
    },
    { title: '达标', dataIndex: 'compliant', width: 70, render: (c: boolean) => (c ? <Tag color="green">是</Tag> : <Tag color="red">否</Tag>) },
  ];
  return (
    <Async state={state}>
      {(c) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert
            type={c.belowHours + c.notPassed === 0 ? 'success' : 'warning'}
            message={`${year} 年共 ${c.officials} 名工作人员：不足 ${c.requiredHours} 学时 ${c.belowHours} 人，未通过网上学法用法考试 ${c.notPassed} 人`}
          />
          <Segmented
            value={only}
            onChange={(v) => setOnly(v as typeof only)}
            options={[
              { value: 'short', label: '未达标' },
              { value: 'below_hours', label: '学时不足' },
              { value: 'not_passed', label: '未通过考试' },
              { value: 'all', label: '全部' },
            ]}
          />
          <Table rowKey="userId" size="small" columns={columns} dataSource={c.items} pagination={pagination(c.total, t)} />
        </Space>
      )}
    </Async>
  );
}

function Duties({ year, canWrite }: { year: number; canWrite: boolean }) {
  const state = useApi((signal) => educationApi.duties(year, signal), [year]);
  const units = useApi((signal) => api.get<{ items: { id: number; name: string }[] }>('/api/org-units/tree', undefined, { signal }).then((r) => r.items), []);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const save = async () => {
    const v = await form.validateFields();
    try {
      await educationApi.createDuty({ orgUnitId: v.orgUnitId, year, law: v.law, plannedActivities: (v.activities ?? []).filter((a: { title?: string }) => a?.title) });
      setOpen(false);
      form.resetFields();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Card size="small" title="“谁执法谁普法”责任清单" extra={canWrite ? <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>列入法律</Button> : null}>
      <Async state={state}>
        {(list) => (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={list}
            columns={[
              { title: '部门', dataIndex: 'orgUnitName', width: 200 },
              { title: '应普法律', dataIndex: 'law' },
              { title: '计划活动', dataIndex: 'plannedActivities', render: (a: { title: string; month: string }[]) => a.map((x) => `${x.month} ${x.title}`).join('；') },
              { title: '已开展', dataIndex: 'eventsHeld', width: 80 },
            ]}
          />
        )}
      </Async>
      <Modal open={open} title="列入普法责任" onCancel={() => setOpen(false)} onOk={() => void save()} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="orgUnitId" label="部门" rules={[{ required: true }]}>
            <Select options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="law" label="法律法规" rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.List name="activities">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'title']} rules={[{ required: true }]}>
                      <Input placeholder="活动" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'month']} rules={[{ required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: 'YYYY-MM' }]}>
                      <Input type="month" />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                  计划活动
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}

function Publicity({ year, canWrite }: { year: number; canWrite: boolean }) {
  const { t } = useI18n();
  const { paging, pagination } = usePaging();
  const [theme, setTheme] = useState<string | undefined>();
  const state = useApi((signal) => educationApi.publicity({ ...yearRange(year), theme, page: paging.page, pageSize: paging.pageSize }, signal), [year, theme, paging]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<PublicityInput>();
  const key = useIdempotencyKey();
  const save = async () => {
    const v = await form.validateFields();
    const body = { ...v, enterpriseId: v.enterpriseId ?? null, place: v.place ?? '', materials: (v.materials ?? []).filter((m) => m?.kind && m?.count) };
    try {
      await educationApi.createPublicity(body, key(body));
      notifySuccess('已登记');
      setOpen(false);
      form.resetFields();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const columns: TableColumnsType<PublicityEvent> = [
    { title: '日期', dataIndex: 'heldOn', width: 110 },
    { title: '主题', dataIndex: 'theme', width: 130, render: (v: string) => <Tag color="blue">{v}</Tag> },
    { title: '活动', dataIndex: 'title' },
    { title: '地点/企业', key: 'site', render: (_: unknown, r) => r.enterpriseName ?? r.place },
    { title: '组织部门', dataIndex: 'organiserOrgUnitName', width: 150 },
    { title: '参与', dataIndex: 'participants', width: 70 },
    { title: '资料', dataIndex: 'materialsTotal', width: 80, render: (n: number, r) => <span title={r.materials.map((m) => `${m.kind} ${m.count}`).join('，')}>{n}</span> },
  ];
  return (
    <Card
      size="small"
      title="普法宣传活动"
      extra={
        <Space>
          <Select allowClear placeholder="全部主题" style={{ width: 160 }} value={theme} onChange={setTheme} options={THEMES.map((x) => ({ value: x, label: x }))} />
          {canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-publicity">
              登记活动
            </Button>
          ) : null}
        </Space>
      }
    >
      <Async state={state}>
        {(page) => <Table rowKey="id" size="small" columns={columns} dataSource={page.items} pagination={pagination(page.total, t)} loading={state.loading} />}
      </Async>
      <Modal open={open} title="登记普法宣传活动" onCancel={() => setOpen(false)} onOk={() => void save()} destroyOnHidden width={620}>
        <Form form={form} layout="vertical" initialValues={{ participants: 0, materials: [{ kind: '图册', count: 50 }] }}>
          <Form.Item name="title" label="活动名称" rules={[{ required: true, message: '请填写活动名称' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="theme" label="主题" rules={[{ required: true, message: '请选择或填写主题' }]}>
                <Select showSearch options={THEMES.map((x) => ({ value: x, label: x }))} data-testid="publicity-theme" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="heldOn" label="日期" rules={[{ required: true, message: '请填写日期' }]}>
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="enterpriseId" label="走进企业">
            <EnterpriseSelect testId="publicity-enterprise" />
          </Form.Item>
          <Form.Item name="place" label="地点（非企业时填写）">
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="participants" label="参与人数">
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.List name="materials">
            {(fields, { add, remove }) => (
              <>
                <div style={{ marginBottom: 8 }}>发放资料</div>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]}>
                      <Select style={{ width: 140 }} options={['图册', '折页', '宣传品', '法律读本'].map((x) => ({ value: x, label: x }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'count']} rules={[{ required: true }]}>
                      <InputNumber min={1} placeholder="份数" />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                  资料
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}

export default function EducationPage() {
  const me = useMe();
  const workYear = useWorkYear();
  const [year, setYear] = useState(workYear);
  const office = me.role === 'law_office';
  const overseer = office || me.role === 'leader';
  const publicityWriter = office || me.role === 'handler' || me.role === 'safety';
  const official = me.role !== 'lawyer';
  const items = [
    ...(overseer ? [{ key: 'figures', label: '统计', children: <Figures year={year} /> }] : []),
    ...(official ? [{ key: 'study', label: office ? '学法记录' : '我的学法', children: <Study year={year} office={office} /> }] : []),
    ...(overseer ? [{ key: 'compliance', label: '达标情况', children: <Compliance year={year} office={office} /> }] : []),
    { key: 'publicity', label: '普法活动', children: <Publicity year={year} canWrite={publicityWriter} /> },
    ...(me.role !== 'dispatcher' && me.role !== 'grid_worker' && me.role !== 'lawyer' ? [{ key: 'duties', label: '谁执法谁普法', children: <Duties year={year} canWrite={office || me.role === 'handler'} /> }] : []),
  ];
  return (
    <div>
      <PageHeader title="学法普法" sub="工作人员学法不少于 40 学时并通过年度网上学法用法考试；普法活动与“谁执法谁普法”责任" extra={<YearSelect value={year} onChange={setYear} />} />
      <Tabs items={items} destroyOnHidden />
    </div>
  );
}
