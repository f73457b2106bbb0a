// 事件地图: the grid outlines with events as points coloured by status (a red ring when overdue), filtered
// by status, category, grid, date range and overdue. Tapping a point shows the event with a link to it.
import { Card, Cascader, Checkbox, Col, DatePicker, Descriptions, Row, Select, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { common, defineMessages, useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { Async, EmptyState } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import { EVENT_STATUSES, eventsApi, STATUS_COLORS, type EventFilters, type EventStatus } from './events.api.ts';
import { categoryOptions, em, statusLabel, StatusTag, useCategories, useGridList, useOutlines } from './events.shared.tsx';
import { GeoMap, outlinesBox } from './geo-map.tsx';

const m = defineMessages({
  openOnly: { zh: '未办结', en: 'Open' },
  pick: { zh: '点击地图上的点查看事件', en: 'Tap a point to see the event' },
  shown: { zh: '地图上 {n} 件（最多 5000 件）', en: '{n} on the map (at most 5,000)' },
  noOutlines: { zh: '还没有带边界的网格', en: 'No grid has a boundary yet' },
  legend: { zh: '图例', en: 'Legend' },
});

const OPEN: EventStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'verified', 'returned', 'reopened'];

export default function EventMapView() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [status, setStatus] = useState<EventStatus[]>(OPEN);
  const [categoryId, setCategoryId] = useState<number | undefined>();
  const [gridId, setGridId] = useState<number | undefined>();
  const [range, setRange] = useState<[string | undefined, string | undefined]>([undefined, undefined]);
  const [overdue, setOverdue] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const cats = useCategories();
  const grids = useGridList(true);
  const outlines = useOutlines(true, me.role === 'grid_worker' ? me.gridIds : gridId ? [gridId] : []);

  const filters: EventFilters = { status, categoryId, gridId, from: range[0], to: range[1], overdue: overdue || undefined };
  const key = JSON.stringify(filters);
  const points = useApi((signal) => eventsApi.map(filters, signal), [key]);
  const pts = useMemo(
    () =>
      (points.data ?? []).map((p) => ({
        id: p.id,
        lng: p.lng,
        lat: p.lat,
        color: STATUS_COLORS[p.status],
        ring: p.overdue,
        name: `${p.code} ${p.title}（${statusLabel(p.status, lang)}）`,
      })),
    [points.data, lang],
  );
  const focus = useMemo(() => {
    const list = outlines.data ?? [];
    if (gridId) return outlinesBox(list.filter((o) => o.id === gridId));
    if (me.role === 'grid_worker') return outlinesBox(list.filter((o) => me.gridIds.includes(o.id)));
    return null;
  }, [outlines.data, gridId, me.role, me.gridIds]);
  const chosen = (points.data ?? []).find((p) => p.id === selected) ?? null;
  const present = new Set((points.data ?? []).map((p) => p.status));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <div className="zl-filters" style={{ marginBottom: 0 }}>
          <Select<EventStatus[]>
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            value={status}
            onChange={setStatus}
            placeholder={t(common.all)}
            options={EVENT_STATUSES.map((s) => ({ value: s, label: statusLabel(s, lang) }))}
            style={{ minWidth: 220 }}
            data-testid="map-status"
          />
          <Cascader
            allowClear
            changeOnSelect
            placeholder={t(em.category)}
            options={categoryOptions(cats.data ?? [])}
            onChange={(v) => setCategoryId(v?.length ? Number(v[v.length - 1]) : undefined)}
            style={{ minWidth: 160 }}
          />
          <Select<number>
            allowClear
            placeholder={t(em.grid)}
            value={gridId}
            onChange={setGridId}
            options={(grids.data ?? []).filter((g) => me.role !== 'grid_worker' || me.gridIds.includes(g.id)).map((g) => ({ value: g.id, label: g.name }))}
            style={{ minWidth: 150 }}
          />
          <DatePicker.RangePicker
            value={[range[0] ? dayjs(range[0]) : null, range[1] ? dayjs(range[1]) : null]}
            allowEmpty={[true, true]}
            onChange={(v) => setRange([v?.[0]?.format('YYYY-MM-DD'), v?.[1]?.format('YYYY-MM-DD')])}
          />
          <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
            {t(em.overdue)}
          </Checkbox>
        </div>
      </Col>
      <Col xs={24} lg={17}>
        <Card size="small" extra={<span style={{ color: '#667085' }}>{t(m.shown, { n: pts.length })}</span>} title={t(em.map)}>
          <Async state={outlines}>
            {(list) =>
              list.length === 0 ? (
                <EmptyState description={t(m.noOutlines)} />
              ) : (
                <GeoMap outlines={list} points={pts} focus={focus} onPointClick={setSelected} className="zl-map" testId="event-map" compact />
              )
            }
          </Async>
        </Card>
      </Col>
      <Col xs={24} lg={7}>
        <Card size="small" title={t(m.legend)} style={{ marginBottom: 16 }}>
          <Space wrap size={[4, 6]}>
            {EVENT_STATUSES.filter((s) => present.has(s) || status.includes(s)).map((s) => (
              <Tag key={s} color={STATUS_COLORS[s]}>
                {statusLabel(s, lang)} {(points.data ?? []).filter((p) => p.status === s).length}
              </Tag>
            ))}
            <Tag style={{ borderColor: '#cf1322', borderWidth: 2 }}>○ {t(em.overdue)}</Tag>
          </Space>
        </Card>
        <Card size="small" data-testid="map-selected">
          {chosen ? (
            <Descriptions size="small" column={1} title={<Link to={`/events/${chosen.id}`}>{chosen.title}</Link>}>
              <Descriptions.Item label={t(em.code)}>
                <Link to={`/events/${chosen.id}`} className="zl-mono">
                  {chosen.code}
                </Link>
              </Descriptions.Item>
              <Descriptions.Item label={t(em.status)}>
                <Space>
                  <StatusTag status={chosen.status} />
                  {chosen.overdue ? <Tag color="red">{t(em.overdue)}</Tag> : null}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t(em.category)}>
                {(cats.data ?? []).flatMap((c) => [c, ...c.children]).find((c) => c.id === chosen.categoryId)?.name ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t(em.grid)}>
                {(grids.data ?? []).find((g) => g.id === chosen.gridId)?.name ?? t(em.outsideGrid)}
              </Descriptions.Item>
            </Descriptions>
          ) : (
            <EmptyState description={t(m.pick)} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
