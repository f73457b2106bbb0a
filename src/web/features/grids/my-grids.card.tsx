// Home card for grid workers: the grids they are responsible for, with a link to the map.
import { EnvironmentOutlined } from '@ant-design/icons';
import { Card, List, Tag } from 'antd';
import { Link } from 'react-router';
import { defineMessages, useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { Async, EmptyState } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import { gridsApi, LEVEL_LABELS } from './grids.api.ts';

const m = defineMessages({
  title: { zh: '我的网格', en: 'My grids' },
  none: { zh: '您还没有被分配网格，请联系系统管理员。', en: 'No grid is assigned to you yet; ask the administrator.' },
  map: { zh: '地图', en: 'Map' },
  workers: { zh: '{n} 名网格员', en: '{n} workers' },
});

export default function MyGridsCard() {
  const { t } = useI18n();
  const me = useMe();
  const ids = me.gridIds.join(',');
  const grids = useApi(async (signal) => Promise.all(me.gridIds.map((id) => gridsApi.get(id, signal))), [ids]);
  return (
    <Card size="small" title={<><EnvironmentOutlined /> {t(m.title)}</>} extra={<Link to="/grid-map">{t(m.map)}</Link>}>
      {me.gridIds.length === 0 ? (
        <EmptyState description={t(m.none)} />
      ) : (
        <Async state={grids}>
          {(list) => (
            <List
              size="small"
              dataSource={list}
              renderItem={(g) => (
                <List.Item>
                  <span>
                    {g.name} <span className="zl-mono" style={{ color: '#98a2b3' }}>{g.code}</span>
                  </span>
                  <span>
                    <Tag>{t(LEVEL_LABELS[g.level])}</Tag>
                    {t(m.workers, { n: g.workers.length })}
                  </span>
                </List.Item>
              )}
            />
          )}
        </Async>
      )}
    </Card>
  );
}
