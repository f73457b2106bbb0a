// 网格管理: the zone's grids (园区网格 → 基础网格 → 微网格) with their GeoJSON boundaries and grid workers.
// The boundary is pasted as GeoJSON; the server validates it and lists every problem, shown under the field.
import { EnvironmentOutlined, PlusOutlined, ReloadOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { isApiError, type ApiError } from '../../api/client.ts';
import { common, defineMessages, useI18n } from '../../app/i18n.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async, EmptyState, ErrorState } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { usersApi } from '../users/users.api.ts';
import { parseBoundary } from './geo.ts';
import { GRID_LEVELS, gridsApi, LEVEL_LABELS, PARENT_LEVEL, type GridDetail, type GridLevel, type GridListItem } from './grids.api.ts';
import { ShapePreview } from './shape-preview.tsx';

const m = defineMessages({
  title: { zh: '网格管理', en: 'Grids' },
  sub: { zh: '园区网格 → 基础网格 → 微网格；边界为 GeoJSON（WGS-84 经纬度）。', en: 'Zone → base grid → micro grid; boundaries in GeoJSON (WGS-84 lng/lat).' },
  newGrid: { zh: '新建网格', en: 'New grid' },
  editGrid: { zh: '编辑网格', en: 'Edit grid' },
  map: { zh: '查看地图', en: 'Open the map' },
  searchPh: { zh: '编码或名称', en: 'Code or name' },
  code: { zh: '网格编码', en: 'Code' },
  codeRule: { zh: '字母、数字、-、_、.，最长 32 位', en: 'Letters, digits, - _ . ; up to 32' },
  name: { zh: '网格名称', en: 'Name' },
  level: { zh: '层级', en: 'Level' },
  parent: { zh: '上级网格', en: 'Parent grid' },
  noParent: { zh: '园区网格没有上级', en: 'A zone has no parent' },
  needParent: { zh: '请选择上级网格', en: 'Choose the parent grid' },
  area: { zh: '面积（km²）', en: 'Area (km²)' },
  workers: { zh: '网格员', en: 'Workers' },
  updatedAt: { zh: '更新时间', en: 'Updated' },
  description: { zh: '说明', en: 'Description' },
  boundary: { zh: '边界（GeoJSON）', en: 'Boundary (GeoJSON)' },
  boundaryHint: {
    zh: '粘贴 Polygon 或 MultiPolygon（也可粘贴只含一个要素的 Feature / FeatureCollection）；坐标为 [经度, 纬度]，首尾点相同。留空表示暂无边界。',
    en: 'Paste a Polygon or MultiPolygon (a Feature or one-feature FeatureCollection also works); positions are [lng, lat], first = last. Empty means no boundary yet.',
  },
  badJson: { zh: '不是合法的 JSON', en: 'Not valid JSON' },
  badShape: { zh: '须为 GeoJSON Polygon 或 MultiPolygon', en: 'Must be a GeoJSON Polygon or MultiPolygon' },
  format: { zh: '格式化', en: 'Format' },
  boundaryProblems: { zh: '边界有以下问题：', en: 'The boundary has these problems:' },
  active: { zh: '启用', en: 'Active' },
  inactive: { zh: '已停用', en: 'Inactive' },
  deactivate: { zh: '停用', en: 'Deactivate' },
  activate: { zh: '启用', en: 'Activate' },
  confirmDeactivate: { zh: '停用网格“{name}”？', en: 'Deactivate the grid “{name}”?' },
  noGrids: { zh: '还没有网格。先建园区网格，再建其下的基础网格。', en: 'No grids yet. Create the zone first, then its base grids.' },
  noBoundary: { zh: '无边界', en: 'No boundary' },
  assignTitle: { zh: '网格员 · {name}', en: 'Workers · {name}' },
  addWorker: { zh: '添加网格员', en: 'Add a worker' },
  pickWorker: { zh: '选择角色为“网格员”的用户', en: 'Pick a user with the grid-worker role' },
  remove: { zh: '移除', en: 'Remove' },
  noWorkers: { zh: '尚未分配网格员', en: 'No workers assigned' },
  assignedAt: { zh: '分配于 {t}', en: 'Assigned {t}' },
  required: { zh: '必填', en: 'Required' },
  created: { zh: '网格已创建', en: 'Grid created' },
});

export default function GridsPage() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<{ q: string; level?: GridLevel; active?: boolean }>({ q: '' });
  const { paging, toFirst, pagination } = usePaging();
  const grids = useApi((signal) => gridsApi.list({ ...filters, page: paging.page, pageSize: paging.pageSize, sort: 'code', order: 'asc' }, signal), [filters, paging]);
  const all = useApi((signal) => gridsApi.all(signal), []);
  const [editing, setEditing] = useState<{ id: number | null } | null>(null);
  const [workersOf, setWorkersOf] = useState<GridListItem | null>(null);
  const [modal, holder] = Modal.useModal();
  const byId = useMemo(() => new Map((all.data ?? []).map((g) => [g.id, g])), [all.data]);

  const reloadAll = () => {
    grids.reload();
    all.reload();
  };

  const toggle = async (g: GridListItem) => {
    try {
      if (g.active) await gridsApi.deactivate(g);
      else await gridsApi.activate(g);
      notifySuccess(t(common.done));
      reloadAll();
    } catch (e) {
      notifyError(e);
    }
  };

  const columns: TableColumnsType<GridListItem> = [
    { title: t(m.code), dataIndex: 'code', width: 120, render: (v: string) => <span className="zl-mono">{v}</span> },
    { title: t(m.name), dataIndex: 'name', width: 180 },
    {
      title: t(m.level),
      dataIndex: 'level',
      width: 100,
      render: (v: GridLevel) => <Tag color={v === 'zone' ? 'purple' : v === 'base' ? 'blue' : 'cyan'}>{t(LEVEL_LABELS[v])}</Tag>,
    },
    { title: t(m.parent), dataIndex: 'parentId', width: 150, render: (v: number | null) => (v ? (byId.get(v)?.name ?? `#${v}`) : '—') },
    { title: t(m.area), dataIndex: 'areaKm2', width: 110, align: 'right', render: (v: number | null) => (v === null ? <Typography.Text type="secondary">{t(m.noBoundary)}</Typography.Text> : v.toFixed(3)) },
    { title: t(m.workers), dataIndex: 'workerCount', width: 80, align: 'right' },
    { title: t(common.status), dataIndex: 'active', width: 90, render: (v: boolean) => (v ? <Tag color="green">{t(m.active)}</Tag> : <Tag>{t(m.inactive)}</Tag>) },
    { title: t(m.updatedAt), dataIndex: 'updatedAt', width: 150, render: (v: string) => formatDateTime(v) },
    {
      title: t(common.actions),
      key: 'actions',
      width: 200,
      fixed: 'right',
      render: (_: unknown, g) => (
        <Space size={4} wrap>
          <Button type="link" size="small" onClick={() => setEditing({ id: g.id })}>
            {t(common.edit)}
          </Button>
          <Button type="link" size="small" onClick={() => setWorkersOf(g)} disabled={!g.active}>
            {t(m.workers)}
          </Button>
          {g.active ? (
            <Button
              type="link"
              size="small"
              danger
              onClick={() =>
                modal.confirm({ title: t(common.confirm), content: t(m.confirmDeactivate, { name: g.name }), okButtonProps: { danger: true }, onOk: () => toggle(g) })
              }
            >
              {t(m.deactivate)}
            </Button>
          ) : (
            <Button type="link" size="small" onClick={() => void toggle(g)}>
              {t(m.activate)}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const apply = (next: Partial<typeof filters>) => {
    setFilters((f) => ({ ...f, ...next }));
    toFirst();
  };

  return (
    <div>
      {holder}
      <PageHeader
        title={t(m.title)}
        sub={t(m.sub)}
        extra={
          <>
            <Link to="/grid-map">
              <Button icon={<EnvironmentOutlined />}>{t(m.map)}</Button>
            </Link>
            <Button icon={<ReloadOutlined />} onClick={reloadAll}>
              {t(common.reload)}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ id: null })} data-testid="new-grid">
              {t(m.newGrid)}
            </Button>
          </>
        }
      />
      <Card size="small">
        <div className="zl-filters">
          <Input.Search
            placeholder={t(m.searchPh)}
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => apply({ q: v.trim() })}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            placeholder={t(m.level)}
            value={filters.level}
            onChange={(v?: GridLevel) => apply({ level: v })}
            options={GRID_LEVELS.map((l) => ({ value: l, label: t(LEVEL_LABELS[l]) }))}
            style={{ width: 130 }}
          />
          <Select
            allowClear
            placeholder={t(common.status)}
            value={filters.active === undefined ? undefined : filters.active ? 'active' : 'inactive'}
            onChange={(v?: string) => apply({ active: v === undefined ? undefined : v === 'active' })}
            options={[
              { value: 'active', label: t(m.active) },
              { value: 'inactive', label: t(m.inactive) },
            ]}
            style={{ width: 120 }}
          />
        </div>
        {grids.error && !grids.data ? (
          <ErrorState error={grids.error} onRetry={grids.reload} />
        ) : (
          <Table<GridListItem>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={grids.data?.items ?? []}
            loading={grids.loading}
            pagination={pagination(grids.data?.total, t)}
            scroll={{ x: 1200 }}
            locale={{ emptyText: <EmptyState description={t(m.noGrids)} /> }}
            data-testid="grids-table"
          />
        )}
      </Card>
      {editing ? (
        <GridDrawer
          id={editing.id}
          all={all.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reloadAll();
          }}
        />
      ) : null}
      {workersOf ? (
        <WorkersModal
          grid={workersOf}
          onClose={() => {
            setWorkersOf(null);
            grids.reload();
          }}
        />
      ) : null}
    </div>
  );
}

interface GridFormValues {
  level: GridLevel;
  parentId: number | null;
  code: string;
  name: string;
  description: string;
  boundaryText: string;
}

function GridDrawer({ id, all, onClose, onSaved }: { id: number | null; all: GridListItem[]; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const existing = useApi((signal) => (id === null ? Promise.resolve(null) : gridsApi.get(id, signal)), [id]);
  return (
    <Drawer open title={id === null ? t(m.newGrid) : t(m.editGrid)} onClose={onClose} size={560} destroyOnHidden>
      <Async state={existing}>{(grid) => <GridForm grid={grid} all={all} onClose={onClose} onSaved={onSaved} />}</Async>
    </Drawer>
  );
}

function GridForm({ grid, all, onClose, onSaved }: { grid: GridDetail | null; all: GridListItem[]; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<GridFormValues>();
  const level = Form.useWatch('level', form) ?? grid?.level ?? 'zone';
  const boundaryText = Form.useWatch('boundaryText', form) ?? '';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; lines: string[] } | null>(null);
  const errorBox = useRef<HTMLDivElement>(null);
  // The form is long: bring the server's answer into view.
  useEffect(() => {
    if (error) errorBox.current?.scrollIntoView({ block: 'nearest' });
  }, [error]);
  const idemKey = useIdempotencyKey();
  const parsed = parseBoundary(boundaryText);
  const parentLevel = PARENT_LEVEL[level];
  const parentOptions = all
    .filter((g) => g.level === parentLevel && g.active && g.id !== grid?.id)
    .map((g) => ({ value: g.id, label: `${g.name}（${g.code}）` }));

  const submit = async (v: GridFormValues) => {
    const b = parseBoundary(v.boundaryText ?? '');
    if (!b.ok) return;
    setBusy(true);
    setError(null);
    try {
      const body = {
        parentId: parentLevel ? (v.parentId ?? null) : null,
        code: v.code.trim(),
        name: v.name.trim(),
        description: v.description?.trim() ?? '',
        boundary: b.value,
      };
      if (grid) await gridsApi.update(grid.id, { ...body, version: grid.version });
      else await gridsApi.create({ ...body, level: v.level }, idemKey({ ...body, level: v.level }));
      notifySuccess(grid ? t(common.saved) : t(m.created));
      onSaved();
    } catch (e) {
      if (isApiError(e) && e.status > 0 && e.status < 500) setError({ message: e.message, lines: issueLines(e, t) });
      else notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<GridFormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={
        grid
          ? {
              level: grid.level,
              parentId: grid.parentId,
              code: grid.code,
              name: grid.name,
              description: grid.description,
              boundaryText: grid.boundary ? JSON.stringify(grid.boundary) : '',
            }
          : { level: all.some((g) => g.level === 'zone') ? 'base' : 'zone', parentId: null, description: '', boundaryText: '' }
      }
    >
      <div ref={errorBox}>
        {error ? (
          <Alert
            type="error"
            showIcon
            title={error.lines.length ? t(m.boundaryProblems) : error.message}
            description={error.lines.length ? error.lines.map((l, i) => <div key={i}>{l}</div>) : undefined}
            style={{ marginBottom: 16 }}
            data-testid="grid-form-error"
          />
        ) : null}
      </div>
      <Form.Item name="level" label={t(m.level)} rules={[{ required: true }]}>
        <Select
          disabled={!!grid}
          options={GRID_LEVELS.map((l) => ({ value: l, label: t(LEVEL_LABELS[l]) }))}
          onChange={() => form.setFieldValue('parentId', null)}
          data-testid="grid-level"
        />
      </Form.Item>
      <Form.Item
        name="parentId"
        label={t(m.parent)}
        extra={parentLevel ? undefined : t(m.noParent)}
        rules={parentLevel ? [{ required: true, message: t(m.needParent) }] : []}
      >
        <Select disabled={!parentLevel} allowClear options={parentOptions} showSearch={{ optionFilterProp: 'label' }} data-testid="grid-parent" />
      </Form.Item>
      <Form.Item name="code" label={t(m.code)} extra={t(m.codeRule)} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, message: t(m.codeRule) }]}>
        <Input data-testid="grid-code" />
      </Form.Item>
      <Form.Item name="name" label={t(m.name)} rules={[{ required: true, whitespace: true, max: 64, message: t(m.required) }]}>
        <Input data-testid="grid-name" />
      </Form.Item>
      <Form.Item name="description" label={t(m.description)} rules={[{ max: 2000 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      <Form.Item
        name="boundaryText"
        label={
          <Space>
            {t(m.boundary)}
            <Button
              size="small"
              type="link"
              disabled={!parsed.ok || !parsed.value}
              onClick={() => parsed.ok && parsed.value && form.setFieldValue('boundaryText', JSON.stringify(parsed.value, null, 1))}
            >
              {t(m.format)}
            </Button>
          </Space>
        }
        extra={t(m.boundaryHint)}
        validateStatus={parsed.ok ? undefined : 'error'}
        help={parsed.ok ? undefined : parsed.error === 'json' ? t(m.badJson) : t(m.badShape)}
      >
        <Input.TextArea className="zl-mono" autoSize={{ minRows: 6, maxRows: 14 }} spellCheck={false} style={{ fontSize: 12 }} data-testid="grid-boundary" />
      </Form.Item>
      {parsed.ok && parsed.value ? (
        <div style={{ marginBottom: 16 }}>
          <ShapePreview geometry={parsed.value} />
        </div>
      ) : null}
      <Space>
        <Button onClick={onClose}>{t(common.cancel)}</Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="grid-save">
          {t(common.save)}
        </Button>
      </Space>
    </Form>
  );
}

/** The boundary problems the server listed (each with zh/en text and a JSON path). */
function issueLines(e: ApiError, t: (m: { zh: string; en: string }) => string): string[] {
  const list = e.details.boundary;
  if (!Array.isArray(list)) return [];
  return (list as { zh?: string; en?: string; path?: string }[]).map((i) => {
    const text = i.zh && i.en ? t({ zh: i.zh, en: i.en }) : '';
    return i.path ? `${i.path}: ${text}` : text;
  });
}

function WorkersModal({ grid, onClose }: { grid: GridListItem; onClose(): void }) {
  const { t } = useI18n();
  const detail = useApi((signal) => gridsApi.get(grid.id, signal), [grid.id]);
  const candidates = useApi((signal) => usersApi.list({ role: 'grid_worker', disabled: false, pageSize: 200, sort: 'displayName', order: 'asc' }, signal), []);
  const [pick, setPick] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      notifySuccess(t(common.done));
      setPick(undefined);
      detail.reload();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  const assigned = new Set((detail.data?.workers ?? []).map((w) => w.userId));
  const options = (candidates.data?.items ?? []).filter((u) => !assigned.has(u.id)).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }));

  return (
    <Modal open title={t(m.assignTitle, { name: grid.name })} onCancel={onClose} footer={<Button onClick={onClose}>{t(common.close)}</Button>} destroyOnHidden>
      <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
        <Select
          style={{ flex: 1 }}
          placeholder={t(m.pickWorker)}
          options={options}
          value={pick}
          onChange={setPick}
          loading={candidates.loading}
          showSearch={{ optionFilterProp: 'label' }}
          notFoundContent={<EmptyState />}
          data-testid="worker-pick"
        />
        <Button type="primary" icon={<UserAddOutlined />} disabled={pick === undefined} loading={busy} onClick={() => pick !== undefined && void run(() => gridsApi.assign(grid.id, pick))}>
          {t(m.addWorker)}
        </Button>
      </Space.Compact>
      <Async state={detail}>
        {(d) =>
          d.workers.length === 0 ? (
            <EmptyState description={t(m.noWorkers)} />
          ) : (
            <List
              size="small"
              dataSource={d.workers}
              renderItem={(w) => (
                <List.Item
                  actions={[
                    <Button key="rm" type="link" danger size="small" disabled={busy} onClick={() => void run(() => gridsApi.unassign(grid.id, w.userId))}>
                      {t(m.remove)}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <span>
                        {w.displayName} <span className="zl-mono" style={{ color: '#98a2b3' }}>{w.username}</span> {w.disabled ? <Tag>{t(m.inactive)}</Tag> : null}
                      </span>
                    }
                    description={t(m.assignedAt, { t: formatDateTime(w.assignedAt) })}
                  />
                </List.Item>
              )}
            />
          )
        }
      </Async>
    </Modal>
  );
}
