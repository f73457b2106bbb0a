// Home card: how many grids of each level the zone has, and how many have no worker yet.
import { ClusterOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic } from 'antd';
import { Link } from 'react-router';
import { defineMessages, useI18n } from '../../app/i18n.tsx';
import { Async } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import { GRID_LEVELS, gridsApi, LEVEL_LABELS } from './grids.api.ts';

const m = defineMessages({
  title: { zh: '网格概况', en: 'Grids' },
  unstaffed: { zh: '未配网格员', en: 'Without a worker' },
  map: { zh: '网格地图', en: 'Map' },
});

export default function GridOverviewCard() {
  const { t } = useI18n();
  const grids = useApi((signal) => gridsApi.all(signal, { active: true }), []);
  return (
    <Card size="small" title={<><ClusterOutlined /> {t(m.title)}</>} extra={<Link to="/grid-map">{t(m.map)}</Link>}>
      <Async state={grids}>
        {(list) => (
          <Row gutter={12}>
            {GRID_LEVELS.map((l) => (
              <Col span={6} key={l}>
                <Statistic title={t(LEVEL_LABELS[l])} value={list.filter((g) => g.level === l).length} />
              </Col>
            ))}
            <Col span={6}>
              <Statistic title={t(m.unstaffed)} value={list.filter((g) => g.level !== 'zone' && g.workerCount === 0).length} />
            </Col>
          </Row>
        )}
      </Async>
    </Card>
  );
}
