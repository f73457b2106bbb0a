// 我的待办: the events waiting for the signed-in role, nearest due time first, overdue ones in red. Cards
// rather than a table, so a grid worker can use it on a phone.
import { EnvironmentOutlined, ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Checkbox, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { common, defineMessages, useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { Async, EmptyState } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { ACTION_LABELS, eventsApi, STAGE_LABELS, type EventListItem } from './events.api.ts';
import { DueTag, em, StatusTag } from './events.shared.tsx';

const m = defineMessages({
  none: { zh: '暂无待办事项', en: 'Nothing to do' },
  overdueOnly: { zh: '只看超期', en: 'Overdue only' },
  next: { zh: '待办：{a}', en: 'To do: {a}' },
  stage: { zh: '{s}环节', en: '{s} stage' },
  count: { zh: '{n} 件待办', en: '{n} to do' },
});

export function TodoList() {
  const { t, lang } = useI18n();
  const [overdue, setOverdue] = useState(false);
  const { paging, setPaging, toFirst } = usePaging(20);
  const state = useApi(
    (signal) => eventsApi.list({ todo: true, overdue: overdue || undefined }, { ...paging, sort: 'dueAt', order: 'asc' }, signal),
    [overdue, paging.page, paging.pageSize],
  );
  return (
    <Card
      size="small"
      title={state.data ? <Badge color="#1f5fbf" text={t(m.count, { n: state.data.total })} /> : t(em.todo)}
      extra={
        <Space>
          <Checkbox
            checked={overdue}
            onChange={(e) => {
              setOverdue(e.target.checked);
              toFirst();
            }}
            data-testid="todo-overdue"
          >
            {t(m.overdueOnly)}
          </Checkbox>
          <Button size="small" icon={<ReloadOutlined />} onClick={state.reload} aria-label={t(common.reload)} />
        </Space>
      }
    >
      <Async state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState description={t(m.none)} />
          ) : (
            <List<EventListItem>
              dataSource={page.items}
              data-testid="todo-list"
              pagination={
                page.total > paging.pageSize
                  ? {
                      current: paging.page,
                      pageSize: paging.pageSize,
                      total: page.total,
                      size: 'small',
                      onChange: (p, s) => setPaging({ page: p, pageSize: s }),
                    }
                  : false
              }
              renderItem={(e) => <EventCardItem e={e} />}
            />
          )
        }
      </Async>
    </Card>
  );
}

/** One event as a card row (to-do list, and the event list on phones): due colouring on the left edge. */
export function EventCardItem({ e }: { e: EventListItem }) {
  const { t, lang } = useI18n();
  const open = !e.closedAt && !['rejected', 'merged'].includes(e.status);
  const late = open && (e.overdue || (e.minutesLeft !== null && e.minutesLeft < 0));
  const soon = open && e.minutesLeft !== null && e.minutesLeft < 240;
  return (
    <List.Item
      style={{
        borderLeft: `4px solid ${late ? '#f5222d' : soon ? '#fa8c16' : '#d0d5dd'}`,
        paddingInline: 12,
        background: late ? '#fff1f0' : undefined,
        marginBottom: 8,
        borderRadius: 6,
      }}
      data-testid={`event-card-${e.code}`}
    >
      <div style={{ width: '100%', minWidth: 0 }}>
        <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap', justifyContent: 'space-between' }}>
          <Link to={`/events/${e.id}`} style={{ fontWeight: 500, fontSize: 15 }}>
            {e.priority === 'urgent' ? <Tag color="red">{t(em.urgent)}</Tag> : null}
            {e.title}
          </Link>
          <Space size={6} wrap>
            <StatusTag status={e.status} />
            {open ? <DueTag dueAt={e.dueAt} overdue={e.overdue} /> : null}
          </Space>
        </div>
        <div style={{ color: '#667085', marginTop: 4, display: 'flex', gap: 12, flexWrap: 'wrap', fontSize: 13 }}>
          <span className="zl-mono">{e.code}</span>
          <span>{e.categoryName}</span>
          {e.gridName ? <span>{e.gridName}</span> : null}
          {e.departmentName ? <span>{e.departmentName}</span> : null}
          <span>{formatDateTime(e.reportedAt)}</span>
        </div>
        {e.address ? (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            <EnvironmentOutlined /> {e.address}
          </Typography.Text>
        ) : null}
        {open && (e.stage || e.allowedActions.length) ? (
          <div style={{ marginTop: 4, fontSize: 13 }}>
            {e.stage ? <Tag>{t(m.stage, { s: STAGE_LABELS[e.stage][lang] })}</Tag> : null}
            {e.allowedActions.length ? (
              <span style={{ color: '#1f5fbf' }}>{t(m.next, { a: e.allowedActions.map((a) => ACTION_LABELS[a][lang]).join(' / ') })}</span>
            ) : null}
          </div>
        ) : null}
      </div>
    </List.Item>
  );
}
