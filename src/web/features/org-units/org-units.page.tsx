// 组织机构: the zone's units as a tree (departments, mediation centre, police station, judicial office…),
// with create, edit, add-a-child, and deactivate/reactivate.
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, TreeSelect, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { isApiError } from '../../api/client.ts';
import { common, defineMessages, useI18n } from '../../app/i18n.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async, EmptyState } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { orgUnitsApi, type OrgUnit, type OrgUnitInput, type OrgUnitKind } from './org-units.api.ts';

const m = defineMessages({
  title: { zh: '组织机构', en: 'Organisation' },
  sub: { zh: '部门与机构的层级；用户和事件的处理部门都从这里选择。', en: 'Units and their hierarchy; users and event handling pick their unit here.' },
  newUnit: { zh: '新建机构', en: 'New unit' },
  editUnit: { zh: '编辑机构', en: 'Edit unit' },
  addChild: { zh: '新建下级', en: 'Add child' },
  name: { zh: '名称', en: 'Name' },
  code: { zh: '代码', en: 'Code' },
  codeRule: { zh: '2–40 位字母、数字、_ 或 -，以字母或数字开头', en: '2–40 letters, digits, _ or -, starting with a letter or digit' },
  kind: { zh: '类型', en: 'Kind' },
  parent: { zh: '上级机构', en: 'Parent' },
  topLevel: { zh: '（顶级）', en: '(top level)' },
  sort: { zh: '排序', en: 'Order' },
  users: { zh: '用户数', en: 'Users' },
  active: { zh: '启用', en: 'Active' },
  inactive: { zh: '已停用', en: 'Inactive' },
  deactivate: { zh: '停用', en: 'Deactivate' },
  reactivate: { zh: '启用', en: 'Reactivate' },
  confirmDeactivate: { zh: '停用“{name}”？停用前须先移走其用户和下级机构。', en: 'Deactivate “{name}”? Move its users and child units first.' },
  searchPh: { zh: '名称或代码', en: 'Name or code' },
  noUnits: { zh: '还没有组织机构', en: 'No units yet' },
  required: { zh: '必填', en: 'Required' },
});

interface TreeRow extends OrgUnit {
  children?: TreeRow[];
}


/** Parents before children, siblings by sort order; orphans (parent filtered out) at the top. */
function buildTree(units: OrgUnit[]): TreeRow[] {
  const byId = new Map<number, TreeRow>(units.map((u) => [u.id, { ...u }]));
  const roots: TreeRow[] = [];
  for (const u of byId.values()) {
    const parent = u.parentId !== null ? byId.get(u.parentId) : undefined;
    if (parent) (parent.children ??= []).push(u);
    else roots.push(u);
  }
  const sortRec = (rows: TreeRow[]) => {
    rows.sort((a, b) => a.sort - b.sort || a.id - b.id);
    for (const r of rows) if (r.children) sortRec(r.children);
  };
  sortRec(roots);
  return roots;
}

function matches(u: OrgUnit, q: string) {
  const s = q.toLowerCase();
  return u.name.toLowerCase().includes(s) || u.code.toLowerCase().includes(s);
}

export default function OrgUnitsPage() {
  const { t, lang } = useI18n();
  const units = useApi((signal) => orgUnitsApi.all(signal), []);
  const kinds = useApi((signal) => orgUnitsApi.kinds(signal), []);
  const kindLabel = (kind: string) => {
    const k = kinds.data?.find((x) => x.kind === kind);
    return k ? k[lang] : kind;
  };
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<{ unit: OrgUnit | null; parentId: number | null } | null>(null);
  // Everything is expanded, including units added later, except what the user folds.
  const [folded, setFolded] = useState<ReadonlySet<number>>(new Set());
  const [modal, holder] = Modal.useModal();

  const toggle = async (u: OrgUnit) => {
    try {
      await (u.active ? orgUnitsApi.deactivate(u) : orgUnitsApi.activate(u));
      notifySuccess(t(common.done));
      units.reload();
    } catch (e) {
      notifyError(e);
    }
  };

  const columns: TableColumnsType<TreeRow> = [
    { title: t(m.name), dataIndex: 'name', width: 260 },
    { title: t(m.code), dataIndex: 'code', width: 140, render: (v: string) => <span className="zl-mono">{v}</span> },
    { title: t(m.kind), dataIndex: 'kind', width: 120, render: (v: string) => kindLabel(v) },
    { title: t(m.sort), dataIndex: 'sort', width: 70 },
    { title: t(m.users), dataIndex: 'userCount', width: 80, render: (v?: number) => v ?? '—' },
    {
      title: t(common.status),
      dataIndex: 'active',
      width: 90,
      render: (v: boolean) => (v ? <Tag color="green">{t(m.active)}</Tag> : <Tag>{t(m.inactive)}</Tag>),
    },
    {
      title: t(common.actions),
      key: 'actions',
      width: 220,
      fixed: 'right',
      render: (_: unknown, u) => (
        <Space size={4} wrap>
          <Button type="link" size="small" onClick={() => setEditing({ unit: u, parentId: u.parentId })}>
            {t(common.edit)}
          </Button>
          <Button type="link" size="small" onClick={() => setEditing({ unit: null, parentId: u.id })} disabled={!u.active}>
            {t(m.addChild)}
          </Button>
          {u.active ? (
            <Button
              type="link"
              size="small"
              danger
              onClick={() =>
                modal.confirm({
                  title: t(common.confirm),
                  content: t(m.confirmDeactivate, { name: u.name }),
                  okButtonProps: { danger: true },
                  onOk: () => toggle(u),
                })
              }
            >
              {t(m.deactivate)}
            </Button>
          ) : (
            <Button type="link" size="small" onClick={() => void toggle(u)}>
              {t(m.reactivate)}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      {holder}
      <PageHeader
        title={t(m.title)}
        sub={t(m.sub)}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={units.reload}>
              {t(common.reload)}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ unit: null, parentId: null })} data-testid="new-org-unit">
              {t(m.newUnit)}
            </Button>
          </>
        }
      />
      <Card size="small">
        <div className="zl-filters">
          <Input.Search placeholder={t(m.searchPh)} allowClear value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 240 }} />
        </div>
        <Async state={units}>
          {(all) => {
            const rows = q.trim() ? all.filter((u) => matches(u, q.trim())) : all;
            const tree = q.trim() ? rows.map((u) => ({ ...u })) : buildTree(rows);
            return (
              <Table<TreeRow>
                rowKey="id"
                size="middle"
                columns={columns}
                dataSource={tree}
                loading={units.loading}
                pagination={false}
                expandable={{
                  expandedRowKeys: all.filter((u) => !folded.has(u.id) && all.some((c) => c.parentId === u.id)).map((u) => u.id),
                  onExpand: (open, row) =>
                    setFolded((f) => {
                      const next = new Set(f);
                      if (open) next.delete(row.id);
                      else next.add(row.id);
                      return next;
                    }),
                }}
                scroll={{ x: 980 }}
                locale={{ emptyText: <EmptyState description={t(m.noUnits)} /> }}
                data-testid="org-units-table"
              />
            );
          }}
        </Async>
      </Card>
      {editing ? (
        <OrgUnitDrawer
          unit={editing.unit}
          parentId={editing.parentId}
          all={units.data ?? []}
          kinds={kinds.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            units.reload();
          }}
        />
      ) : null}
    </div>
  );
}

function OrgUnitDrawer({
  unit,
  parentId,
  all,
  kinds,
  onClose,
  onSaved,
}: {
  unit: OrgUnit | null;
  parentId: number | null;
  all: OrgUnit[];
  kinds: OrgUnitKind[];
  onClose(): void;
  onSaved(): void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<OrgUnitInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const idemKey = useIdempotencyKey();

  // A unit cannot move under itself or its own descendants.
  const excluded = useMemo(() => {
    const out = new Set<number>();
    if (!unit) return out;
    const walk = (id: number) => {
      out.add(id);
      for (const c of all) if (c.parentId === id && !out.has(c.id)) walk(c.id);
    };
    walk(unit.id);
    return out;
  }, [unit, all]);

  const treeData = useMemo(() => {
    type Node = { value: number; title: string; children?: Node[] };
    const toNodes = (rows: TreeRow[]): Node[] =>
      rows
        .filter((r) => !excluded.has(r.id) && r.active)
        .map((r) => ({ value: r.id, title: r.name, children: r.children ? toNodes(r.children) : undefined }));
    return toNodes(buildTree(all));
  }, [all, excluded]);

  const submit = async (v: OrgUnitInput) => {
    setBusy(true);
    setError(null);
    try {
      const body = { ...v, code: v.code.trim(), name: v.name.trim(), parentId: v.parentId ?? null, sort: v.sort ?? 0 };
      if (unit) await orgUnitsApi.update(unit.id, { ...body, version: unit.version });
      else await orgUnitsApi.create(body, idemKey(body));
      notifySuccess(t(common.saved));
      onSaved();
    } catch (e) {
      if (isApiError(e) && e.status > 0 && e.status < 500) setError(e.message);
      else notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      title={unit ? t(m.editUnit) : t(m.newUnit)}
      onClose={onClose}
      size={460}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t(common.cancel)}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="org-unit-save">
            {t(common.save)}
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<OrgUnitInput>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={unit ? { parentId: unit.parentId, code: unit.code, name: unit.name, kind: unit.kind, sort: unit.sort } : { parentId, kind: 'department', sort: 0 }}
      >
        <Form.Item name="name" label={t(m.name)} rules={[{ required: true, whitespace: true, max: 100, message: t(m.required) }]}>
          <Input data-testid="org-unit-name" />
        </Form.Item>
        <Form.Item name="code" label={t(m.code)} extra={t(m.codeRule)} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, message: t(m.codeRule) }]}>
          <Input data-testid="org-unit-code" />
        </Form.Item>
        <Form.Item name="kind" label={t(m.kind)} rules={[{ required: true, message: t(m.required) }]}>
          <Select options={kinds.map((k) => ({ value: k.kind, label: k[lang] }))} data-testid="org-unit-kind" />
        </Form.Item>
        <Form.Item name="parentId" label={t(m.parent)}>
          <TreeSelect
            treeData={treeData}
            allowClear
            placeholder={t(m.topLevel)}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            data-testid="org-unit-parent"
          />
        </Form.Item>
        <Form.Item name="sort" label={t(m.sort)}>
          <InputNumber min={0} max={100000} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
