// 事件列表: filters (grid, category, status, source, department, date range, overdue, supervision), full-text
// search, server-side sorting and paging, and export of the filtered list to XLSX / CSV. The filters live in
// the address (?status=…&q=…), so going back from an event returns to the same list.
import { DownloadOutlined, FileExcelOutlined, FilterOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Cascader, Checkbox, DatePicker, Grid, Input, List, Select, Space, Table, Tag, Tooltip, type TableProps } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { common, defineMessages, useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { notifyError } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { ErrorState } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import {
  download,
  EVENT_SORTS,
  EVENT_SOURCES,
  EVENT_STATUSES,
  eventsApi,
  type EventFilters,
  type EventListItem,
  type EventSort,
  type EventSource,
  type EventStatus,
} from './events.api.ts';
import {
  CAN,
  categoryOptions,
  categoryPath,
  DueTag,
  em,
  sourceLabel,
  sourceOptions,
  statusLabel,
  StatusTag,
  useCategories,
  useDepartments,
  useGridList,
} from './events.shared.tsx';
import { EventCardItem } from './todo-list.tsx';

const m = defineMessages({
  searchPh: { zh: '搜索标题、描述、地址，如“讨薪”', en: 'Search title, description, address' },
  anyStatus: { zh: '全部状态', en: 'Any status' },
  anyGrid: { zh: '全部网格', en: 'Any grid' },
  anyCategory: { zh: '全部分类', en: 'Any category' },
  anySource: { zh: '全部来源', en: 'Any source' },
  anyDept: { zh: '全部部门', en: 'Any department' },
  overdueOnly: { zh: '超期', en: 'Overdue' },
  supervisedOnly: { zh: '督办中', en: 'Supervised' },
  exportXlsx: { zh: '导出 Excel', en: 'Export XLSX' },
  exportCsv: { zh: '导出 CSV', en: 'Export CSV' },
  exportHint: { zh: '导出当前筛选条件下的全部事件（最多 5 万条）', en: 'Exports every event matching the filters (up to 50,000)' },
  exporting: { zh: '正在导出…', en: 'Exporting…' },
  filters: { zh: '筛选', en: 'Filters' },
  from: { zh: '上报开始日期', en: 'From' },
  to: { zh: '上报结束日期', en: 'To' },
});

const num = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

function readFilters(p: URLSearchParams): EventFilters {
  return {
    q: p.get('q') || undefined,
    status: p.getAll('status').filter((s): s is EventStatus => (EVENT_STATUSES as readonly string[]).includes(s)),
    source: p.getAll('source').filter((s): s is EventSource => (EVENT_SOURCES as readonly string[]).includes(s)),
    gridId: num(p.get('gridId')),
    categoryId: num(p.get('categoryId')),
    departmentId: num(p.get('departmentId')),
    from: p.get('from') || undefined,
    to: p.get('to') || undefined,
    overdue: p.get('overdue') === 'true' || undefined,
    supervised: p.get('supervised') === 'true' || undefined,
  };
}

export function EventList() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const page = num(params.get('page')) ?? 1;
  const pageSize = num(params.get('pageSize')) ?? 20;
  const sortParam = params.get('sort');
  const sort: EventSort = (EVENT_SORTS as readonly string[]).includes(sortParam ?? '') ? (sortParam as EventSort) : 'reportedAt';
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const [search, setSearch] = useState(filters.q ?? '');
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);

  const cats = useCategories();
  const depts = useDepartments(CAN.departments(me.role));
  const grids = useGridList(CAN.grids(me.role));
  const gridChoices = (grids.data ?? []).filter((g) => me.role !== 'grid_worker' || me.gridIds.includes(g.id));

  const phone = !Grid.useBreakpoint().md;
  const [showFilters, setShowFilters] = useState(false);
  const activeFilters = [filters.status?.length, filters.source?.length, filters.gridId !== undefined, filters.categoryId, filters.departmentId, filters.from || filters.to, filters.overdue, filters.supervised].filter(Boolean).length;
  const key = params.toString();
  const state = useApi((signal) => eventsApi.list(filters, { page, pageSize, sort, order }, signal), [key]);

  /** Writes filters to the address; any filter change returns to page 1. */
  const update = (patch: Record<string, string | string[] | number | boolean | undefined | null>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      next.delete(k);
      if (v === undefined || v === null || v === '' || v === false) continue;
      if (Array.isArray(v)) for (const x of v) next.append(k, x);
      else next.set(k, String(v));
    }
    if (!keepPage) next.delete('page');
    setParams(next, { replace: true });
  };

  const onTable: TableProps<EventListItem>['onChange'] = (pg, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = s?.order ? (s.columnKey as EventSort) : undefined;
    const dir = s?.order === 'ascend' ? 'asc' : 'desc';
    const isDefault = !field || (field === 'reportedAt' && dir === 'desc');
    update(
      {
        page: pg.pageSize !== pageSize ? undefined : pg.current,
        pageSize: pg.pageSize === 20 ? undefined : pg.pageSize,
        sort: isDefault ? undefined : field,
        order: isDefault ? undefined : dir,
      },
      true,
    );
  };

  const doExport = async (kind: 'csv' | 'xlsx') => {
    setBusy(kind);
    try {
      await download(eventsApi.exportUrl(kind, filters), `events.${kind}`);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };

  const sortOrder = (k: EventSort) => (sort === k ? (order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null);

  return (
    <Card size="small">
      <div className="zl-filters" data-testid="event-filters">
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => update({ q: v.trim() || undefined })}
          placeholder={t(m.searchPh)}
          enterButton={<SearchOutlined />}
          style={{ width: 280, maxWidth: '100%' }}
          data-testid="event-search"
        />
        {phone ? (
          <Badge count={activeFilters} size="small">
            <Button icon={<FilterOutlined />} onClick={() => setShowFilters((v) => !v)} type={showFilters ? 'primary' : 'default'}>
              {t(m.filters)}
            </Button>
          </Badge>
        ) : null}
        {!phone || showFilters ? (
          <>
        <Select<EventStatus[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t(m.anyStatus)}
          value={filters.status}
          onChange={(v) => update({ status: v })}
          options={EVENT_STATUSES.map((s) => ({ value: s, label: statusLabel(s, lang) }))}
          style={{ minWidth: 160 }}
          data-testid="filter-status"
        />
        {gridChoices.length > 0 ? (
          <Select<number>
            allowClear
            placeholder={t(m.anyGrid)}
            value={filters.gridId}
            onChange={(v) => update({ gridId: v })}
            options={[...gridChoices.map((g) => ({ value: g.id, label: g.name })), ...(me.role !== 'grid_worker' ? [{ value: 0, label: t(em.outsideGrid) }] : [])]}
            style={{ minWidth: 150 }}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="filter-grid"
          />
        ) : null}
        <Cascader
          allowClear
          changeOnSelect
          placeholder={t(m.anyCategory)}
          options={categoryOptions(cats.data ?? [])}
          value={categoryPath(cats.data ?? [], filters.categoryId)}
          onChange={(v) => update({ categoryId: v?.length ? Number(v[v.length - 1]) : undefined })}
          style={{ minWidth: 160 }}
          data-testid="filter-category"
        />
        <Select<EventSource[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t(m.anySource)}
          value={filters.source}
          onChange={(v) => update({ source: v })}
          options={sourceOptions(lang, EVENT_SOURCES)}
          style={{ minWidth: 150 }}
          data-testid="filter-source"
        />
        {(depts.data ?? []).length > 0 ? (
          <Select<number>
            allowClear
            placeholder={t(m.anyDept)}
            value={filters.departmentId}
            onChange={(v) => update({ departmentId: v })}
            options={(depts.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
            style={{ minWidth: 170 }}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="filter-department"
          />
        ) : null}
        <DatePicker.RangePicker
          value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
          placeholder={[t(m.from), t(m.to)]}
          allowEmpty={[true, true]}
          onChange={(v) => update({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
          data-testid="filter-dates"
        />
        <Checkbox checked={!!filters.overdue} onChange={(e) => update({ overdue: e.target.checked })} data-testid="filter-overdue">
          {t(m.overdueOnly)}
        </Checkbox>
        <Checkbox checked={!!filters.supervised} onChange={(e) => update({ supervised: e.target.checked })}>
          {t(m.supervisedOnly)}
        </Checkbox>
          </>
        ) : null}
        <Space wrap style={{ marginLeft: 'auto' }}>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              setSearch('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            {t(common.reset)}
          </Button>
          {CAN.export(me.role) ? (
            <>
              <Tooltip title={t(m.exportHint)}>
                <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={() => void doExport('xlsx')} data-testid="export-xlsx">
                  {t(m.exportXlsx)}
                </Button>
              </Tooltip>
              <Button icon={<DownloadOutlined />} loading={busy === 'csv'} onClick={() => void doExport('csv')} data-testid="export-csv">
                {t(m.exportCsv)}
              </Button>
            </>
          ) : null}
        </Space>
      </div>
      {state.error && !state.data ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : phone ? (
        <List<EventListItem>
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          renderItem={(e) => <EventCardItem e={e} />}
          data-testid="event-cards"
          pagination={{
            current: page,
            pageSize,
            total: state.data?.total ?? 0,
            size: 'small',
            showSizeChanger: false,
            simple: true,
            onChange: (p) => update({ page: p }, true),
          }}
        />
      ) : (
        <Table<EventListItem>
          rowKey="id"
          size="small"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          onChange={onTable}
          scroll={{ x: 1320 }}
          data-testid="event-table"
          onRow={(r) => ({ style: r.overdue ? { background: '#fff1f0' } : undefined })}
          pagination={{
            current: page,
            pageSize,
            total: state.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (n) => t(state.data?.totalCapped ? common.totalOver : common.total, { n }),
            size: 'small',
          }}
          columns={[
            {
              title: t(em.code),
              dataIndex: 'code',
              key: 'id',
              width: 130,
              render: (v: string, r) => (
                <Link to={`/events/${r.id}`} className="zl-mono">
                  {v}
                </Link>
              ),
            },
            {
              title: t(em.title),
              dataIndex: 'title',
              width: 300,
              ellipsis: true,
              render: (v: string, r) => (
                <Link to={`/events/${r.id}`}>
                  {r.priority === 'urgent' ? <Tag color="red">{t(em.urgent)}</Tag> : null}
                  {v}
                </Link>
              ),
            },
            { title: t(em.category), dataIndex: 'categoryName', width: 120, ellipsis: true },
            { title: t(em.status), dataIndex: 'status', key: 'status', width: 100, sorter: true, sortOrder: sortOrder('status'), render: (s: EventStatus) => <StatusTag status={s} /> },
            { title: t(em.grid), dataIndex: 'gridName', width: 170, ellipsis: true, render: (v: string | null) => v ?? '—' },
            { title: t(em.department), dataIndex: 'departmentName', width: 150, ellipsis: true, render: (v: string | null) => v ?? '—' },
            { title: t(em.source), dataIndex: 'source', width: 110, render: (s: string) => sourceLabel(s, lang) },
            {
              title: t(em.reportedAt),
              dataIndex: 'reportedAt',
              key: 'reportedAt',
              width: 140,
              sorter: true,
              sortOrder: sortOrder('reportedAt'),
              render: (v: string) => formatDateTime(v),
            },
            {
              title: t(em.dueAt),
              dataIndex: 'dueAt',
              key: 'dueAt',
              width: 140,
              sorter: true,
              sortOrder: sortOrder('dueAt'),
              render: (_: unknown, r) => (r.closedAt ? <span style={{ color: '#98a2b3' }}>{formatDateTime(r.closedAt)}</span> : <DueTag dueAt={r.dueAt} overdue={r.overdue} />),
            },
          ]}
        />
      )}
    </Card>
  );
}
