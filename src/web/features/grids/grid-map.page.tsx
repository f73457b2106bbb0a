// 网格地图: every grid outline drawn from /api/grids/geojson with ECharts (the outlines registered as a map;
// no internet tiles). One level is drawn as clickable, labelled regions; the zone outline is drawn dashed
// around them. Clicking a grid (or picking it from the list) shows its details and workers.
import { AimOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Grid, List, Row, Segmented, Tag, Typography } from 'antd';
import { LinesChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import { useMemo, useState } from 'react';
import { common, defineMessages, useI18n, type Translate } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { EChart, echarts, type EChartEvent, type EChartsOption } from '../../shared/echart.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async, EmptyState, ErrorState, Loading } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import { bboxOf, ringsOf } from './geo.ts';
import { GRID_LEVELS, gridsApi, LEVEL_LABELS, type GridCollection, type GridFeature, type GridLevel } from './grids.api.ts';

echarts.use([GeoComponent, TooltipComponent, LinesChart]);

const m = defineMessages({
  title: { zh: '网格地图', en: 'Grid map' },
  sub: { zh: '点击网格查看详情与网格员。', en: 'Click a grid for its details and workers.' },
  empty: { zh: '还没有带边界的网格', en: 'No grid has a boundary yet' },
  emptyHint: { zh: '系统管理员可在“网格管理”中为网格粘贴 GeoJSON 边界。', en: 'The administrator can paste GeoJSON boundaries under Grids.' },
  pick: { zh: '在地图上点击一个网格', en: 'Click a grid on the map' },
  code: { zh: '编码', en: 'Code' },
  level: { zh: '层级', en: 'Level' },
  parent: { zh: '上级网格', en: 'Parent' },
  area: { zh: '面积', en: 'Area' },
  workers: { zh: '网格员', en: 'Workers' },
  noWorkers: { zh: '尚未分配', en: 'None assigned' },
  description: { zh: '说明', en: 'Description' },
  updatedAt: { zh: '更新时间', en: 'Updated' },
  mine: { zh: '我的网格', en: 'My grid' },
  grids: { zh: '网格列表', en: 'Grids' },
  inactive: { zh: '已停用', en: 'Inactive' },
  workerCount: { zh: '{n} 名网格员', en: '{n} workers' },
});

const PALETTE = ['#5b8ff9', '#5ad8a6', '#f6bd16', '#e8684a', '#6dc8ec', '#9270ca', '#ff9d4d', '#269a99', '#ff99c3', '#5d7092'];

/** Keeps one registered map per distinct set of outlines (registerMap is global to echarts). */
let mapSeq = 0;

/** Registers the level's outlines as an ECharts map named by grid id; returns the map's name. */
function registerLevel(fc: GridCollection, level: GridLevel): string {
  const mapName = `zhili-grids-${++mapSeq}`;
  echarts.registerMap(mapName, {
    type: 'FeatureCollection',
    features: fc.features
      .filter((f) => f.properties.level === level)
      .map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { name: String(f.id) } })),
  } as never);
  return mapName;
}

function buildOption(
  fc: GridCollection,
  mapName: string,
  level: GridLevel,
  mine: Set<number>,
  selected: number | null,
  t: Translate,
  compact: boolean,
): EChartsOption {
  const regions = fc.features.filter((f) => f.properties.level === level);
  // Higher levels (the zone around base grids) are drawn as dashed outlines that do not take clicks.
  const outlines = fc.features.filter((f) => GRID_LEVELS.indexOf(f.properties.level) < GRID_LEVELS.indexOf(level));
  const byId = new Map(regions.map((f) => [String(f.id), f]));
  // The shapes sit near 39°N: scale longitude so a kilometre looks the same both ways.
  const all = fc.bbox ?? bboxOf(fc.features.map((f) => f.geometry));
  const lat = all ? (all[1] + all[3]) / 2 : 39;
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string }) => {
        const f = byId.get(p.name);
        if (!f) return '';
        const pr = f.properties;
        return `<b>${escapeHtml(pr.name)}</b><br/>${escapeHtml(pr.code)} · ${t(LEVEL_LABELS[pr.level])}<br/>${t(m.workerCount, { n: pr.workerCount })}`;
      },
    },
    geo: {
      map: mapName,
      roam: true,
      aspectScale: Math.cos((lat * Math.PI) / 180),
      // Fit every outline drawn (the zone around the base grids too), not only the clickable level.
      ...(all ? { boundingCoords: [[all[0], all[3]], [all[2], all[1]]] } : {}),
      layoutCenter: ['50%', '50%'],
      layoutSize: '92%',
      scaleLimit: { min: 0.5, max: 20 },
      triggerEvent: true,
      selectedMode: false,
      label: {
        show: true,
        // On a phone, 第一网格（京津路片区） becomes 第一网格 so neighbouring labels do not overlap.
        formatter: (p: { name: string }) => {
          const name = byId.get(p.name)?.properties.name ?? '';
          return compact ? name.replace(/\s*[（(].*[)）]\s*$/, '') : name;
        },
        fontSize: 12,
        color: '#1d2939',
        textBorderColor: '#fff',
        textBorderWidth: 2,
      },
      itemStyle: { areaColor: '#dbe7fb', borderColor: '#1f5fbf', borderWidth: 1 },
      emphasis: { label: { show: true, fontWeight: 'bold' }, itemStyle: { areaColor: '#ffd666' } },
      regions: regions.map((f, i) => {
        const isSel = f.id === selected;
        const isMine = mine.has(f.id);
        return {
          name: String(f.id),
          itemStyle: {
            areaColor: isSel ? '#ffd666' : withAlpha(PALETTE[i % PALETTE.length], f.properties.active ? 0.45 : 0.15),
            borderColor: isSel || isMine ? '#d4380d' : '#1f5fbf',
            borderWidth: isSel || isMine ? 2.5 : 1,
          },
        };
      }),
    },
    series: [
      {
        type: 'lines',
        coordinateSystem: 'geo',
        polyline: true,
        silent: true,
        lineStyle: { color: '#722ed1', width: 2, type: 'dashed', opacity: 0.9 },
        data: outlines.flatMap((f) => ringsOf(f.geometry).map((ring) => ({ coords: ring }))),
      },
    ],
  };
}

function withAlpha(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export default function GridMapPage() {
  const { t } = useI18n();
  const me = useMe();
  const fc = useApi((signal) => gridsApi.geojson({}, signal), []);
  const [level, setLevel] = useState<GridLevel | null>(null);
  const [selected, setSelected] = useState<number | null>(null);

  return (
    <div>
      <PageHeader
        title={t(m.title)}
        sub={t(m.sub)}
        extra={
          <Button icon={<ReloadOutlined />} onClick={fc.reload}>
            {t(common.reload)}
          </Button>
        }
      />
      <Async state={fc}>
        {(data) => {
          const present = GRID_LEVELS.filter((l) => data.features.some((f) => f.properties.level === l));
          if (present.length === 0) {
            return (
              <Card>
                <EmptyState description={t(m.empty)}>
                  <Typography.Text type="secondary">{t(m.emptyHint)}</Typography.Text>
                </EmptyState>
              </Card>
            );
          }
          const shown = level && present.includes(level) ? level : present.includes('base') ? 'base' : present[0];
          return (
            <MapView
              fc={data}
              present={present}
              level={shown}
              onLevel={(l) => {
                setLevel(l);
                setSelected(null);
              }}
              mine={new Set(me.gridIds)}
              selected={selected}
              onSelect={setSelected}
            />
          );
        }}
      </Async>
    </div>
  );
}

function MapView({
  fc,
  present,
  level,
  onLevel,
  mine,
  selected,
  onSelect,
}: {
  fc: GridCollection;
  present: GridLevel[];
  level: GridLevel;
  onLevel(l: GridLevel): void;
  mine: Set<number>;
  selected: number | null;
  onSelect(id: number | null): void;
}) {
  const { t } = useI18n();
  const mineKey = [...mine].join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const mapName = useMemo(() => registerLevel(fc, level), [fc, level]);
  const compact = !Grid.useBreakpoint().md;
  const option = useMemo(() => buildOption(fc, mapName, level, mine, selected, t, compact), [fc, mapName, level, mineKey, selected, t, compact]);
  const features = fc.features.filter((f) => f.properties.level === level);
  const onClick = (e: EChartEvent) => {
    if (e.componentType !== 'geo' || !e.name) return;
    const id = Number(e.name);
    if (Number.isInteger(id)) onSelect(id);
  };
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Card
          size="small"
          title={
            present.length > 1 ? (
              <Segmented<GridLevel>
                value={level}
                onChange={onLevel}
                options={present.map((l) => ({ value: l, label: t(LEVEL_LABELS[l]) }))}
              />
            ) : (
              t(LEVEL_LABELS[level])
            )
          }
          extra={<span style={{ color: '#667085' }}>{t(common.total, { n: features.length })}</span>}
        >
          <EChart option={option} onClick={onClick} className="zl-map" testId="grid-map" />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <GridInfo id={selected} />
        <Card size="small" title={t(m.grids)} style={{ marginTop: 16 }}>
          <List<GridFeature>
            size="small"
            dataSource={features}
            style={{ maxHeight: 320, overflow: 'auto' }}
            renderItem={(f) => (
              <List.Item
                onClick={() => onSelect(f.id)}
                style={{ cursor: 'pointer', background: f.id === selected ? '#fffbe6' : undefined, paddingInline: 8 }}
                data-testid={`map-grid-${f.properties.code}`}
              >
                <span>
                  <AimOutlined style={{ color: '#1f5fbf', marginRight: 6 }} />
                  {f.properties.name} <span className="zl-mono" style={{ color: '#98a2b3' }}>{f.properties.code}</span>
                </span>
                <span>
                  {mine.has(f.id) ? <Tag color="volcano">{t(m.mine)}</Tag> : null}
                  {!f.properties.active ? <Tag>{t(m.inactive)}</Tag> : null}
                </span>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}

function GridInfo({ id }: { id: number | null }) {
  const { t } = useI18n();
  const grid = useApi((signal) => (id === null ? Promise.resolve(null) : gridsApi.get(id, signal)), [id]);
  if (id === null) {
    return (
      <Card size="small">
        <EmptyState description={t(m.pick)} />
      </Card>
    );
  }
  if (grid.loading && !grid.data) return <Card size="small"><Loading /></Card>;
  if (grid.error) return <Card size="small"><ErrorState error={grid.error} onRetry={grid.reload} /></Card>;
  const g = grid.data;
  if (!g) return null;
  return (
    <Card size="small" title={g.name} extra={<Tag color="blue">{t(LEVEL_LABELS[g.level])}</Tag>} data-testid="grid-info">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t(m.code)}>
          <span className="zl-mono">{g.code}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t(m.parent)}>{g.parent ? g.parent.name : '—'}</Descriptions.Item>
        <Descriptions.Item label={t(m.area)}>{g.areaKm2 === null ? '—' : `${g.areaKm2.toFixed(3)} km²`}</Descriptions.Item>
        <Descriptions.Item label={t(m.workers)}>
          {g.workers.length === 0 ? t(m.noWorkers) : g.workers.map((w) => <Tag key={w.userId}>{w.displayName}</Tag>)}
        </Descriptions.Item>
        {g.description ? <Descriptions.Item label={t(m.description)}>{g.description}</Descriptions.Item> : null}
        <Descriptions.Item label={t(m.updatedAt)}>{formatDateTime(g.updatedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
