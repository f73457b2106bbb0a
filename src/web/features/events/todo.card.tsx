// Home card: my to-do in the closed loop — how many, how many overdue, and the five due first.
import { AlertOutlined } from '@ant-design/icons';
import { Card, List, Space, Statistic } from 'antd';
import { Link } from 'react-router';
import { defineMessages, useI18n } from '../../app/i18n.tsx';
import { Async, EmptyState } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import { eventsApi } from './events.api.ts';
import { DueTag, StatusTag } from './events.shared.tsx';

const m = defineMessages({
  title: { zh: '事件待办', en: 'Events to do' },
  all: { zh: '全部待办', en: 'All' },
  total: { zh: '待办', en: 'To do' },
  overdue: { zh: '已超期', en: 'Overdue' },
  none: { zh: '暂无待办事件', en: 'Nothing to do' },
});

export default function EventTodoCard() {
  const { t } = useI18n();
  const state = useApi(
    async (signal) => {
      const [list, late] = await Promise.all([
        eventsApi.list({ todo: true }, { page: 1, pageSize: 5, sort: 'dueAt', order: 'asc' }, signal),
        eventsApi.list({ todo: true, overdue: true }, { page: 1, pageSize: 1 }, signal),
      ]);
      return { list, overdue: late.total };
    },
    [],
  );
  return (
    <Card size="small" title={<><AlertOutlined /> {t(m.title)}</>} extra={<Link to="/events/todo">{t(m.all)}</Link>} data-testid="event-todo-card">
      <Async state={state}>
        {({ list, overdue }) => (
          <>
            <Space size={32} style={{ marginBottom: 8 }}>
              <Statistic title={t(m.total)} value={list.total} />
              <Statistic title={t(m.overdue)} value={overdue} styles={{ content: { color: overdue > 0 ? '#cf1322' : undefined } }} />
            </Space>
            {list.items.length === 0 ? (
              <EmptyState description={t(m.none)} />
            ) : (
              <List
                size="small"
                dataSource={list.items}
                renderItem={(e) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <Link to={`/events/${e.id}`} style={{ minWidth: 0, flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                      {e.title}
                    </Link>
                    <Space size={4} style={{ marginLeft: 8 }}>
                      <StatusTag status={e.status} />
                      <DueTag dueAt={e.dueAt} overdue={e.overdue} />
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </>
        )}
      </Async>
    </Card>
  );
}
