// The bell in the header: the unread count (refreshed every minute, on returning to the tab and on moving
// between pages), and the latest notices in a popover; opening one marks it read and follows its link.
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { defineMessages, useI18n } from '../../app/i18n.tsx';
import { notifyError } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { humanizeInstants } from '../events/text.ts';
import { NOTICES_CHANGED, notificationsApi, safeLink, type Notice } from './notifications.api.ts';

const m = defineMessages({
  title: { zh: '通知', en: 'Notifications' },
  none: { zh: '没有新通知', en: 'No new notifications' },
  all: { zh: '查看全部', en: 'See all' },
  readAll: { zh: '全部已读', en: 'Mark all read' },
  unread: { zh: '{n} 条未读通知', en: '{n} unread notifications' },
});

const POLL_MS = 60_000;

export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notice[] | null>(null);

  const refresh = useCallback(() => {
    notificationsApi.unreadCount().then(
      (r) => setCount(r.unreadCount),
      () => undefined, // A failed count is not worth an error toast; the next poll tries again.
    );
  }, []);

  useEffect(() => {
    refresh();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener(NOTICES_CHANGED, refresh);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener(NOTICES_CHANGED, refresh);
    };
  }, [refresh]);

  useEffect(refresh, [location.pathname, refresh]);

  const load = async () => {
    setItems(null);
    try {
      const r = await notificationsApi.list({ page: 1, pageSize: 8, unread: true });
      setItems(r.items);
      setCount(r.unreadCount);
    } catch (e) {
      setItems([]);
      notifyError(e);
    }
  };

  const openNotice = async (n: Notice) => {
    setOpen(false);
    try {
      if (!n.readAt) await notificationsApi.markRead(n.id);
    } catch {
      // Reading still goes on; the notice stays unread.
    }
    refresh();
    const to = safeLink(n.link);
    if (to) navigate(to);
  };

  const readAll = async () => {
    try {
      await notificationsApi.markAllRead();
      setItems([]);
      setCount(0);
    } catch (e) {
      notifyError(e);
    }
  };

  const content = (
    <div style={{ width: 'min(360px, 86vw)' }} data-testid="notification-popover">
      {items === null ? (
        <div style={{ textAlign: 'center', padding: 16 }}>
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.none)} />
      ) : (
        <List<Notice>
          size="small"
          dataSource={items}
          style={{ maxHeight: 360, overflow: 'auto' }}
          renderItem={(n) => (
            <List.Item style={{ cursor: 'pointer', paddingInline: 4 }} onClick={() => void openNotice(n)} data-testid="notification-item">
              <div style={{ minWidth: 0 }}>
                <Typography.Text strong ellipsis style={{ display: 'block', maxWidth: 340 }}>
                  {n.title}
                </Typography.Text>
                {n.body ? (
                  <Typography.Text type="secondary" ellipsis style={{ display: 'block', maxWidth: 340, fontSize: 12 }}>
                    {humanizeInstants(n.body)}
                  </Typography.Text>
                ) : null}
                <span style={{ color: '#98a2b3', fontSize: 12 }}>{formatDateTime(n.createdAt)}</span>
              </div>
            </List.Item>
          )}
        />
      )}
      <div style={{ display: 'flex', justifyContent: 'space-between', borderTop: '1px solid #f0f0f0', paddingTop: 8, marginTop: 4 }}>
        <Button size="small" type="link" disabled={count === 0} onClick={() => void readAll()}>
          {t(m.readAll)}
        </Button>
        <Button
          size="small"
          type="link"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
          data-testid="notification-all"
        >
          {t(m.all)}
        </Button>
      </div>
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) void load();
      }}
      trigger="click"
      placement="bottomRight"
      title={t(m.title)}
      content={content}
    >
      <Button type="text" aria-label={t(m.unread, { n: count })} data-testid="notification-bell" style={{ height: 44 }}>
        <Badge count={count} size="small" overflowCount={99} data-testid="notification-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
