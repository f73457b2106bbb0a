// 通知中心: every notice of the signed-in user, newest first, unread ones marked; open one to follow its link
// (it is marked read), or mark them all read.
import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, List, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { common, defineMessages, useI18n, type Msg } from '../../app/i18n.tsx';
import { notifyError } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { humanizeInstants } from '../events/text.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async, EmptyState } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { announceNoticesChanged, notificationsApi, safeLink, type Notice } from './notifications.api.ts';

const m = defineMessages({
  title: { zh: '通知中心', en: 'Notifications' },
  sub: { zh: '待办与提醒：事件派遣、退回、待核查、超期督办、延期审批，以及各模块的预警。', en: 'Work and reminders: dispatches, returns, verification, overdue supervision, extensions, and warnings from every module.' },
  unreadOnly: { zh: '未读', en: 'Unread' },
  all: { zh: '全部', en: 'All' },
  readAll: { zh: '全部标为已读', en: 'Mark all read' },
  markRead: { zh: '标为已读', en: 'Mark read' },
  unreadN: { zh: '{n} 条未读', en: '{n} unread' },
  none: { zh: '没有通知', en: 'No notifications' },
  open: { zh: '打开', en: 'Open' },
});

const KIND_LABELS: Record<string, Msg> = {
  'event.reported': { zh: '新上报', en: 'Reported' },
  'event.dispatched': { zh: '派遣', en: 'Dispatched' },
  'event.returned': { zh: '退回', en: 'Returned' },
  'event.handled': { zh: '待核查', en: 'To verify' },
  'event.reopened': { zh: '重办', en: 'Reopened' },
  'event.closed': { zh: '结案', en: 'Closed' },
  'event.rejected': { zh: '不予受理', en: 'Rejected' },
  'event.overdue': { zh: '超期', en: 'Overdue' },
  'event.supervised': { zh: '督办', en: 'Supervision' },
  'event.extension_requested': { zh: '延期申请', en: 'Extension request' },
  'event.extension_decided': { zh: '延期审批', en: 'Extension decision' },
};

export default function NotificationsPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(false);
  const { paging, setPaging, toFirst } = usePaging(20);
  const state = useApi((signal) => notificationsApi.list({ ...paging, unread }, signal), [paging.page, paging.pageSize, unread]);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      announceNoticesChanged();
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };

  const open = async (n: Notice) => {
    if (!n.readAt) await act(() => notificationsApi.markRead(n.id));
    const to = safeLink(n.link);
    if (to) navigate(to);
  };

  return (
    <div>
      <PageHeader
        title={t(m.title)}
        sub={t(m.sub)}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={state.reload}>
              {t(common.reload)}
            </Button>
            <Button icon={<CheckOutlined />} onClick={() => void act(() => notificationsApi.markAllRead())} disabled={!state.data?.unreadCount} data-testid="notifications-read-all">
              {t(m.readAll)}
            </Button>
          </>
        }
      />
      <Card
        size="small"
        title={
          <Space>
            <Segmented<'all' | 'unread'>
              value={unread ? 'unread' : 'all'}
              onChange={(v) => {
                setUnread(v === 'unread');
                toFirst();
              }}
              options={[
                { value: 'all', label: t(m.all) },
                { value: 'unread', label: t(m.unreadOnly) },
              ]}
            />
            {state.data ? <Badge count={state.data.unreadCount} overflowCount={999} title={t(m.unreadN, { n: state.data.unreadCount })} /> : null}
          </Space>
        }
      >
        <Async state={state}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState description={t(m.none)} />
            ) : (
              <List<Notice>
                dataSource={page.items}
                data-testid="notification-list"
                pagination={
                  page.total > paging.pageSize
                    ? { current: paging.page, pageSize: paging.pageSize, total: page.total, size: 'small', align: 'end', onChange: (p, s) => setPaging({ page: p, pageSize: s }) }
                    : false
                }
                renderItem={(n) => (
                  <List.Item
                    style={{ background: n.readAt ? undefined : '#f0f6ff', paddingInline: 12, borderRadius: 6 }}
                    actions={[
                      ...(safeLink(n.link)
                        ? [
                            <Button key="open" size="small" type="link" onClick={() => void open(n)}>
                              {t(m.open)}
                            </Button>,
                          ]
                        : []),
                      ...(!n.readAt
                        ? [
                            <Button key="read" size="small" type="link" onClick={() => void act(() => notificationsApi.markRead(n.id))} data-testid="notification-mark-read">
                              {t(m.markRead)}
                            </Button>,
                          ]
                        : []),
                    ]}
                  >
                    <List.Item.Meta
                      avatar={<Badge dot={!n.readAt} />}
                      title={
                        <Space wrap size={6}>
                          {KIND_LABELS[n.kind] ? <Tag>{KIND_LABELS[n.kind][lang]}</Tag> : null}
                          <Typography.Text strong={!n.readAt} style={{ cursor: safeLink(n.link) ? 'pointer' : undefined }} onClick={() => void open(n)}>
                            {n.title}
                          </Typography.Text>
                        </Space>
                      }
                      description={
                        <>
                          {n.body ? <div style={{ color: '#475467' }}>{humanizeInstants(n.body)}</div> : null}
                          <span style={{ fontSize: 12 }}>{formatDateTime(n.createdAt)}</span>
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            )
          }
        </Async>
      </Card>
    </div>
  );
}
