import { api } from '../../api/client.ts';

export interface Notice {
  id: number;
  kind: string;
  title: string;
  body: string;
  entity: string | null;
  entityId: string | null;
  /** A route of the web app, e.g. /events/12. */
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface NoticePage {
  items: Notice[];
  total: number;
  page: number;
  pageSize: number;
  unreadCount: number;
}

export const notificationsApi = {
  list: (q: { page?: number; pageSize?: number; unread?: boolean }, signal?: AbortSignal) =>
    api.get<NoticePage>('/api/notifications', { page: q.page, pageSize: q.pageSize, unread: q.unread || undefined }, { signal }),
  unreadCount: (signal?: AbortSignal) => api.get<{ unreadCount: number }>('/api/notifications/unread-count', undefined, { signal }),
  markRead: (id: number) => api.post<{ ok: true }>(`/api/notifications/${id}/read`),
  markAllRead: () => api.post<{ updated: number }>('/api/notifications/read-all'),
};

/** Only links inside the app are followed (a notice never sends anyone off-site). */
export const safeLink = (link: string | null): string | null => (link && link.startsWith('/') && !link.startsWith('//') ? link : null);

/** Tells the bell to refresh its count after a page marked notices read. */
export const NOTICES_CHANGED = 'zhili:notices-changed';
export const announceNoticesChanged = () => window.dispatchEvent(new Event(NOTICES_CHANGED));
