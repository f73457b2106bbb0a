// 企业名录: search by name or credit code, register an enterprise (the credit code checked as it is typed),
// import XLSX/CSV with a dry run and live progress, export.
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Form, Input, Modal, Progress, Select, Space, Table, Tag, Upload, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../app/session.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { Async } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { validateCreditCode } from '../../../server/modules/enterprise/credit-code.ts';
import { SUGGESTED_TAGS } from '../../../server/modules/enterprise/enterprise.enums.ts';
import { ENTERPRISE_SIZE_LABELS, enterpriseApi, options, type Enterprise, type EnterpriseInput, type ImportJob } from './enterprise.api.ts';

export function EnterpriseForm({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (e: Enterprise) => void }) {
  const [form] = Form.useForm<EnterpriseInput>();
  const key = useIdempotencyKey();
  const officers = useApi((signal) => enterpriseApi.officers(signal), []);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const e = await enterpriseApi.create(v, key(v));
      notifySuccess('企业已登记');
      form.resetFields();
      onSaved(e);
    } catch (err) {
      notifyError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title="登记企业" width={640} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ size: 'small', tags: [] }}>
        <Form.Item
          name="creditCode"
          label="统一社会信用代码"
          rules={[
            { required: true, message: '请填写统一社会信用代码' },
            {
              validator: async (_r, v: string | undefined) => {
                if (!v) return;
                const r = validateCreditCode(v);
                if (!r.ok) throw new Error(r.zh);
              },
            },
          ]}
        >
          <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="enterprise-code" />
        </Form.Item>
        <Form.Item name="name" label="企业名称" rules={[{ required: true, message: '请填写企业名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="industry" label="所属行业">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="size" label="企业规模">
            <Select style={{ width: 120 }} options={options(ENTERPRISE_SIZE_LABELS)} />
          </Form.Item>
        </Space>
        <Form.Item name="address" label="地址">
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="lng" label="经度" normalize={(v: string) => (v === '' || v === undefined ? null : Number(v))}>
            <Input type="number" step="0.000001" />
          </Form.Item>
          <Form.Item name="lat" label="纬度" normalize={(v: string) => (v === '' || v === undefined ? null : Number(v))}>
            <Input type="number" step="0.000001" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="legalRepresentative" label="法定代表人">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="contactName" label="联系人">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="contactPhone" label="联系电话（加密保存）">
            <Input maxLength={30} />
          </Form.Item>
        </Space>
        <Form.Item name="tags" label="标签">
          <Select mode="tags" options={SUGGESTED_TAGS.map((t) => ({ value: t, label: t }))} />
        </Form.Item>
        <Form.Item name="officerIds" label="包联干部（第一位为主要负责人）">
          <Select mode="multiple" options={(officers.data ?? []).map((o) => ({ value: o.id, label: o.displayName }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportDialog({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) {
  const me = useMe();
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [goodRowsOnly, setGoodRowsOnly] = useState(false);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [errPage, setErrPage] = useState(1);
  const running = job !== null && (job.status === 'queued' || job.status === 'running');
  useEffect(() => {
    if (!job || !running) return;
    const timer = setTimeout(() => {
      enterpriseApi.importJob(job.id).then((j) => {
        setJob(j);
        if (j.status === 'done' && !j.dryRun) onImported();
      }, notifyError);
    }, 700);
    return () => clearTimeout(timer);
  }, [job, running, onImported]);
  const errors = useApi((signal) => (job && !running && job.errorRows > 0 ? enterpriseApi.importErrors(job.id, { page: errPage, pageSize: 50 }, signal) : Promise.resolve(null)), [job?.id, running, errPage]);
  const start = async () => {
    if (!file) return;
    try {
      setErrPage(1);
      setJob(await enterpriseApi.startImport(file, { dryRun, goodRowsOnly, csrfToken: me.csrfToken }));
    } catch (e) {
      notifyError(e);
    }
  };
  const percent = job ? (job.phase === 'importing' ? job.importedRows / Math.max(1, job.validRows) : job.processedRows / Math.max(1, job.totalRows)) * 100 : 0;
  return (
    <Modal open={open} title="导入企业名录" width={760} onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          message="第一行为表头：企业名称、统一社会信用代码（必填），所属行业、企业规模、地址、经度、纬度、法定代表人、联系人、联系电话、标签、包联干部。有错误行时不导入任何数据，可修正后重传，或勾选“只导入正确的行”。"
        />
        <Space wrap>
          <a href={enterpriseApi.templateUrl('xlsx')}>下载 XLSX 模板</a>
          <a href={enterpriseApi.templateUrl('csv')}>下载 CSV 模板</a>
        </Space>
        <Upload beforeUpload={(f) => { setFile(f); return false; }} maxCount={1} accept=".xlsx,.csv" onRemove={() => setFile(null)}>
          <Button icon={<UploadOutlined />} data-testid="import-file">选择文件</Button>
        </Upload>
        <Space wrap>
          <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} data-testid="import-dry-run">只检查，不导入</Checkbox>
          <Checkbox checked={goodRowsOnly} disabled={dryRun} onChange={(e) => setGoodRowsOnly(e.target.checked)}>只导入正确的行</Checkbox>
          <Button type="primary" disabled={!file || running} loading={running} onClick={() => void start()} data-testid="import-start">
            {dryRun ? '开始检查' : '开始导入'}
          </Button>
        </Space>
        {job ? (
          <Card size="small" data-testid="import-progress">
            <Progress percent={Math.round(percent)} status={job.status === 'failed' || job.status === 'rejected' ? 'exception' : running ? 'active' : 'success'} />
            <div>
              {job.phase === 'importing' ? `已导入 ${job.importedRows}/${job.validRows}` : `已检查 ${job.processedRows}/${job.totalRows}`} 行 · 正确 {job.validRows} · 错误{' '}
              <Tag color={job.errorRows ? 'red' : 'green'}>{job.errorRows}</Tag>
            </div>
            {!running ? <Alert style={{ marginTop: 8 }} type={job.status === 'done' && job.errorRows === 0 ? 'success' : 'warning'} message={job.message} data-testid="import-message" /> : null}
          </Card>
        ) : null}
        <Async state={errors}>
          {(page) =>
            page ? (
              <Table
                rowKey={(r) => `${r.rowNo}-${r.column}-${r.reason}`}
                size="small"
                dataSource={page.items}
                columns={[
                  { title: '行号', dataIndex: 'rowNo', width: 70 },
                  { title: '列', dataIndex: 'column', width: 140 },
                  { title: '原因', dataIndex: 'reason' },
                ]}
                pagination={{ current: errPage, pageSize: 50, total: page.total, onChange: setErrPage, size: 'small', showTotal: (n) => t({ zh: '共 {n} 条错误', en: '{n} errors' }, { n }) }}
                data-testid="import-errors"
              />
            ) : null
          }
        </Async>
      </Space>
    </Modal>
  );
}

export function Registry() {
  const me = useMe();
  const { t } = useI18n();
  const nav = useNavigate();
  const { paging, pagination, toFirst } = usePaging();
  const [q, setQ] = useState('');
  const [size, setSize] = useState<string>();
  const [tag, setTag] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const query = { q, size, tag };
  const state = useApi((signal) => enterpriseApi.list({ ...query, page: paging.page, pageSize: paging.pageSize }, signal), [q, size, tag, paging]);
  const officer = me.role === 'enterprise_officer';
  const canExport = officer || me.role === 'leader' || me.role === 'law_office';
  const cols: TableColumnsType<Enterprise> = [
    { title: '企业名称', dataIndex: 'name', render: (n: string, e) => <Link to={`/enterprise/enterprises/${e.id}`}>{n}</Link> },
    { title: '统一社会信用代码', dataIndex: 'creditCode', width: 190, render: (c: string) => <span style={{ fontFamily: 'monospace' }}>{c}</span> },
    { title: '行业', dataIndex: 'industry', width: 150, ellipsis: true },
    { title: '规模', dataIndex: 'size', width: 70, render: (s: keyof typeof ENTERPRISE_SIZE_LABELS) => ENTERPRISE_SIZE_LABELS[s] },
    { title: '网格', dataIndex: 'gridName', width: 130, render: (g: string | null) => g ?? '—' },
    { title: '包联干部', key: 'officers', width: 110, render: (_: unknown, e) => e.officers.map((o) => o.displayName).join('、') || '—' },
    { title: '联系电话', dataIndex: 'contactPhoneMasked', width: 120, render: (p: string | null) => p ?? '—' },
    { title: '标签', dataIndex: 'tags', render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>) },
  ];
  return (
    <Card
      size="small"
      title="企业名录"
      extra={
        <Space wrap>
          <Input.Search allowClear placeholder="企业名称或统一社会信用代码" style={{ width: 260 }} onSearch={(v) => { setQ(v.trim()); toFirst(); }} data-testid="registry-search" />
          <Select allowClear placeholder="规模" style={{ width: 90 }} value={size} onChange={(v) => { setSize(v); toFirst(); }} options={options(ENTERPRISE_SIZE_LABELS)} />
          <Select allowClear placeholder="标签" style={{ width: 130 }} value={tag} onChange={(v) => { setTag(v); toFirst(); }} options={SUGGESTED_TAGS.map((x) => ({ value: x, label: x }))} />
          {canExport ? (
            <Button icon={<DownloadOutlined />} href={enterpriseApi.exportUrl(query, 'xlsx')}>
              导出
            </Button>
          ) : null}
          {officer ? (
            <>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="registry-import">
                导入
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                登记企业
              </Button>
            </>
          ) : null}
        </Space>
      }
    >
      <Async state={state}>
        {(page) => <Table rowKey="id" size="small" columns={cols} dataSource={page.items} pagination={pagination(page.total, t)} loading={state.loading} data-testid="registry-table" />}
      </Async>
      <EnterpriseForm open={creating} onClose={() => setCreating(false)} onSaved={(e) => { setCreating(false); nav(`/enterprise/enterprises/${e.id}`); }} />
      <ImportDialog open={importing} onClose={() => setImporting(false)} onImported={state.reload} />
    </Card>
  );
}
