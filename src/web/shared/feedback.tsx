// Error and success feedback outside components (the API layer, event handlers): a bridge hands the
// antd App's message/notification instances (which carry the theme and locale) to plain functions.
import { App } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import type { NotificationInstance } from 'antd/es/notification/interface';
import { ApiError, isApiError } from '../api/client.ts';
import { common, currentLang, format } from '../app/i18n.tsx';

let message: MessageInstance | null = null;
let notification: NotificationInstance | null = null;

export function FeedbackBridge() {
  const app = App.useApp();
  message = app.message;
  notification = app.notification;
  return null;
}

const say = (m: { zh: string; en: string }) => m[currentLang()];

/** The lines of detail worth showing under an error's message (password rules, field issues). */
function detailLines(err: ApiError): string[] {
  const lines: string[] = [];
  // Lists of bilingual problems (password rules, boundary problems…), under whatever key the service chose.
  for (const value of Object.values(err.details)) {
    if (!Array.isArray(value)) continue;
    for (const p of value as { zh?: unknown; en?: unknown; path?: unknown }[]) {
      if (p && typeof p.zh === 'string' && typeof p.en === 'string') {
        lines.push(`${typeof p.path === 'string' && p.path ? `${p.path}: ` : ''}${say({ zh: p.zh, en: p.en })}`);
      }
    }
  }
  const issues = err.details.issues;
  if (Array.isArray(issues)) {
    for (const i of issues as { path?: string; property?: string; message?: string }[]) {
      lines.push([i.property ?? i.path, i.message].filter(Boolean).join(': '));
    }
  }
  return lines.slice(0, 6);
}

/** Shows an error: a short message for simple ones, a notification with details and request id otherwise. */
export function notifyError(e: unknown): void {
  if (e instanceof Error && e.name === 'AbortError') return;
  const err = isApiError(e) ? e : new ApiError(0, 'client', e instanceof Error ? e.message : String(e));
  if (err.status === 401 && err.code === 'auth.unauthenticated') {
    message?.warning({ content: say(common.sessionExpired), key: 'session-expired' });
    return;
  }
  const lines = detailLines(err);
  if (!notification || (lines.length === 0 && err.status > 0 && err.status < 500)) {
    if (message) message.error({ content: err.message, key: err.code });
    else console.error(err);
    return;
  }
  notification.error({
    title: err.message,
    description: (
      <div>
        {lines.map((l) => (
          <div key={l}>{l}</div>
        ))}
        {err.requestId && err.status >= 500 ? (
          <div style={{ color: '#888', marginTop: 4 }}>{format(`${say(common.requestId)}: {id}`, { id: err.requestId })}</div>
        ) : null}
      </div>
    ),
  });
}

export function notifySuccess(text: string): void {
  message?.success(text);
}
