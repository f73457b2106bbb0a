// 事件分类: the two-level taxonomy with each category's default department and time limits per stage
// (accept, dispatch, handle, verify) in minutes, hours, calendar or working days. What a sub-category leaves
// unset it inherits from its parent, then from the platform's defaults. The administrator edits it
// (/admin/event-categories); the command centre, leaders and the law office read it under 网格事件.
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { common, defineMessages, useI18n } from '../../app/i18n.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async } from '../../shared/states.tsx';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import {
  eventsApi,
  isStale,
  STAGE_LABELS,
  STAGES,
  TIME_UNITS,
  UNIT_LABELS,
  type Category,
  type CategoryInput,
  type CategoryNode,
  type Stage,
  type StageLimits,
  type TimeUnit,
} from './events.api.ts';
import { em, useCategories, useDepartments } from './events.shared.tsx';

const m = defineMessages({
  title: { zh: '事件分类', en: 'Event categories' },
  sub: {
    zh: '两级分类；每类可设默认承办部门和各环节时限，未设置的继承上级分类，再继承平台默认值。',
    en: 'Two levels; each may set a default department and stage time limits, otherwise inherited from its parent, then the platform defaults.',
  },
  name: { zh: '名称', en: 'Name' },
  code: { zh: '编码', en: 'Code' },
  codeRule: { zh: '字母、数字、下划线、点或横线', en: 'Letters, digits, _ . -' },
  parent: { zh: '上级分类', en: 'Parent' },
  topLevel: { zh: '（一级分类）', en: '(top level)' },
  department: { zh: '默认承办部门', en: 'Default department' },
  inherited: { zh: '继承', en: 'inherited' },
  limits: { zh: '时限', en: 'Time limits' },
  limitHelp: { zh: '留空表示继承', en: 'Leave empty to inherit' },
  description: { zh: '说明', en: 'Description' },
  publicVisible: { zh: '群众可选', en: 'Open to the public' },
  active: { zh: '启用', en: 'Active' },
  inactive: { zh: '已停用', en: 'Inactive' },
  sort: { zh: '排序', en: 'Order' },
  add: { zh: '新建分类', en: 'New category' },
  addSub: { zh: '添加子类', en: 'Add sub-category' },
  edit: { zh: '编辑分类', en: 'Edit category' },
  disable: { zh: '停用', en: 'Deactivate' },
  enable: { zh: '启用', en: 'Activate' },
  stale: { zh: '分类已被他人修改，已刷新，请重新编辑', en: 'Someone changed the category; it was reloaded, edit again' },
  showInactive: { zh: '显示已停用', en: 'Show inactive' },
  none: { zh: '—', en: '—' },
});

type Row = CategoryNode | (Category & { children?: undefined });

interface FormValues {
  parentId?: number | null;
  code: string;
  name: string;
  description?: string;
  departmentId?: number | null;
  publicVisible?: boolean;
  sort?: number;
  limits: Partial<Record<Stage, { amount?: number | null; unit?: TimeUnit }>>;
}

export default function CategoriesView({ editable }: { editable: boolean }) {
  const { t, lang } = useI18n();
  const [showInactive, setShowInactive] = useState(editable);
  const cats = useCategories(showInactive);
  const depts = useDepartments(true);
  const [editing, setEditing] = useState<{ row: Category | null; parentId: number | null } | null>(null);
  const { modal } = App.useApp();

  const toggle = async (c: Category) => {
    try {
      await eventsApi.updateCategory(c.id, { version: c.version, active: !c.active });
      notifySuccess(t(common.saved));
      cats.reload();
    } catch (e) {
      if (isStale(e)) {
        cats.reload();
        modal.warning({ title: t(m.stale) });
      } else notifyError(e);
    }
  };

  const limitCell = (c: Category, s: Stage) => {
    const own = c.timeLimits[s];
    return (
      <Tooltip title={own ? undefined : t(m.inherited)}>
        <span style={{ color: own ? undefined : '#98a2b3' }}>
          {c.effectiveTimeLimits[s].amount} {UNIT_LABELS[c.effectiveTimeLimits[s].unit]?.[lang] ?? c.effectiveTimeLimits[s].unit}
        </span>
      </Tooltip>
    );
  };

  const table = (
    <Async state={cats}>
      {(tree) => (
        <Table<Row>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={tree.map((c) => ({ ...c, children: c.children.length ? (c.children as Row[]) : undefined })) as Row[]}
          expandable={{ defaultExpandAllRows: true }}
          scroll={{ x: 1000 }}
          data-testid="category-table"
          columns={[
            {
              title: t(m.name),
              dataIndex: 'name',
              render: (v: string, c) => (
                <span>
                  {v} <span className="zl-mono" style={{ color: '#98a2b3' }}>{c.code}</span>
                  {!c.active ? <Tag style={{ marginLeft: 6 }}>{t(m.inactive)}</Tag> : null}
                </span>
              ),
            },
            {
              title: t(m.department),
              key: 'dept',
              width: 170,
              render: (_: unknown, c) =>
                c.effectiveDepartmentName ? (
                  <span style={{ color: c.departmentId ? undefined : '#98a2b3' }}>
                    {c.effectiveDepartmentName}
                    {c.departmentId ? '' : `（${t(m.inherited)}）`}
                  </span>
                ) : (
                  '—'
                ),
            },
            ...STAGES.map((s) => ({ title: STAGE_LABELS[s][lang], key: s, width: 100, render: (_: unknown, c: Row) => limitCell(c, s) })),
            { title: t(m.publicVisible), dataIndex: 'publicVisible', width: 90, render: (v: boolean) => (v ? <Tag color="blue">{t(common.yes)}</Tag> : t(common.no)) },
            ...(editable
              ? [
                  {
                    title: t(common.actions),
                    key: 'actions',
                    width: 220,
                    render: (_: unknown, c: Row) => (
                      <Space size={0} wrap>
                        <Button size="small" type="link" onClick={() => setEditing({ row: c, parentId: c.parentId })}>
                          {t(common.edit)}
                        </Button>
                        {c.parentId === null ? (
                          <Button size="small" type="link" onClick={() => setEditing({ row: null, parentId: c.id })} data-testid={`category-add-sub-${c.code}`}>
                            {t(m.addSub)}
                          </Button>
                        ) : null}
                        <Button size="small" type="link" danger={c.active} onClick={() => void toggle(c)}>
                          {c.active ? t(m.disable) : t(m.enable)}
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </Async>
  );

  return (
    <div>
      {editable ? <PageHeader title={t(m.title)} sub={t(m.sub)} /> : null}
      <Card
        size="small"
        title={editable ? null : t(em.categories)}
        extra={
          <Space wrap>
            <span>
              {t(m.showInactive)} <Switch size="small" checked={showInactive} onChange={setShowInactive} />
            </span>
            <Button icon={<ReloadOutlined />} onClick={cats.reload} aria-label={t(common.reload)} />
            {editable ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ row: null, parentId: null })} data-testid="category-add">
                {t(m.add)}
              </Button>
            ) : null}
          </Space>
        }
      >
        {!editable ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t(m.sub)}
          </Typography.Paragraph>
        ) : null}
        {table}
      </Card>
      {editing ? (
        <CategoryModal
          row={editing.row}
          parentId={editing.parentId}
          tree={cats.data ?? []}
          departments={(depts.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            cats.reload();
          }}
          onStale={() => {
            setEditing(null);
            cats.reload();
            modal.warning({ title: t(m.stale) });
          }}
        />
      ) : null}
    </div>
  );
}

function CategoryModal({
  row,
  parentId,
  tree,
  departments,
  onClose,
  onSaved,
  onStale,
}: {
  row: Category | null;
  parentId: number | null;
  tree: CategoryNode[];
  departments: { value: number; label: string }[];
  onClose(): void;
  onSaved(): void;
  onStale(): void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const keyFor = useIdempotencyKey();
  const parent = tree.find((c) => c.id === parentId) ?? null;
  const isTopWithChildren = !!row && tree.some((c) => c.id === row.id && c.children.length > 0);

  const initial: FormValues = {
    parentId: row ? row.parentId : parentId,
    code: row?.code ?? '',
    name: row?.name ?? '',
    description: row?.description ?? '',
    departmentId: row?.departmentId ?? null,
    publicVisible: row?.publicVisible ?? false,
    sort: row?.sort ?? 0,
    // An unset stage shows what it inherits: the amount as a placeholder, the unit pre-selected.
    limits: Object.fromEntries(
      STAGES.map((s) => [s, { amount: row?.timeLimits[s]?.amount ?? null, unit: row?.timeLimits[s]?.unit ?? (row ?? parent)?.effectiveTimeLimits[s].unit ?? 'hours' }]),
    ),
  };

  const submit = async (v: FormValues) => {
    const timeLimits: StageLimits = {};
    for (const s of STAGES) {
      const l = v.limits?.[s];
      if (l && l.amount !== null && l.amount !== undefined && l.unit) timeLimits[s] = { amount: l.amount, unit: l.unit };
    }
    const body: CategoryInput = {
      parentId: v.parentId ?? null,
      code: v.code.trim(),
      name: v.name.trim(),
      description: v.description?.trim() ?? '',
      departmentId: v.departmentId ?? null,
      timeLimits,
      publicVisible: !!v.publicVisible,
      sort: v.sort ?? 0,
    };
    setBusy(true);
    try {
      if (row) await eventsApi.updateCategory(row.id, { ...body, version: row.version });
      else await eventsApi.createCategory(body, keyFor(body));
      notifySuccess(t(common.saved));
      onSaved();
    } catch (e) {
      if (isStale(e)) onStale();
      else notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={row ? t(m.edit) : t(m.add)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy }}
      destroyOnHidden
    >
      <Form<FormValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)} data-testid="category-form">
        <Form.Item name="parentId" label={t(m.parent)}>
          <Select
            allowClear
            disabled={isTopWithChildren}
            placeholder={t(m.topLevel)}
            options={tree.filter((c) => c.id !== row?.id).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="name" label={t(m.name)} rules={[{ required: true, whitespace: true, max: 50 }]} style={{ flex: 2 }}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="code" label={t(m.code)} rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]+$/, message: t(m.codeRule) }]} style={{ flex: 1 }}>
            <Input maxLength={40} className="zl-mono" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="departmentId" label={t(m.department)} extra={t(m.limitHelp)}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={departments} />
        </Form.Item>
        <div style={{ marginBottom: 8, fontWeight: 500 }}>
          {t(m.limits)} <span style={{ color: '#98a2b3', fontWeight: 400 }}>{t(m.limitHelp)}</span>
        </div>
        {STAGES.map((s) => (
          <Space.Compact key={s} block style={{ marginBottom: 8 }}>
            <span style={{ width: 72, lineHeight: '32px' }}>{STAGE_LABELS[s][lang]}</span>
            <Form.Item name={['limits', s, 'amount']} noStyle>
              <InputNumber min={0} max={3650} style={{ width: 120 }} placeholder={String((row ?? parent)?.effectiveTimeLimits[s].amount ?? '')} />
            </Form.Item>
            <Form.Item name={['limits', s, 'unit']} noStyle>
              <Select style={{ width: 130 }} options={TIME_UNITS.map((u) => ({ value: u, label: UNIT_LABELS[u][lang] }))} />
            </Form.Item>
          </Space.Compact>
        ))}
        <Form.Item name="description" label={t(m.description)}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Space size={24}>
          <Form.Item name="publicVisible" label={t(m.publicVisible)} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="sort" label={t(m.sort)}>
            <InputNumber min={0} max={100000} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
