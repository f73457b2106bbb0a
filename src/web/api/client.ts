// The one way the web talks to the server: same-origin fetch with the session cookie, the CSRF token on
// writes, Accept-Language following the interface, and the server's error shape turned into ApiError.
import { currentLang } from '../app/i18n.tsx';

export interface ErrorShape {
  error: { code: string; message: string; details: Record<string, unknown> };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly requestId: string | null;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}, requestId: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

let csrfToken: string | null = null;
/** Set from the sign-in answer and from /api/me; cleared at sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Listener = (err: ApiError) => void;
const unauthorizedListeners = new Set<Listener>();
/** Called when a request answers 401 (the session ended); the session store sends the user to sign in. */
export function onUnauthorized(fn: Listener): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

export type Query = Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.append(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Sends an Idempotency-Key so a retried submission is not applied twice. */
  idempotencyKey?: string;
  /** Do not raise the session-ended event on 401 (sign-in itself, the first /api/me). */
  quiet401?: boolean;
}

const SAFE = new Set(['GET', 'HEAD']);

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': currentLang() === 'en' ? 'en' : 'zh-CN',
  };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', currentLang() === 'en' ? 'Cannot reach the server' : '无法连接服务器，请检查网络后重试');
  }
  const requestId = res.headers.get('x-request-id');
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const shape = data as Partial<ErrorShape> | null;
    const err = shape && typeof shape === 'object' && shape.error
      ? new ApiError(res.status, shape.error.code, shape.error.message, shape.error.details ?? {}, requestId)
      : new ApiError(res.status, `http.${res.status}`, currentLang() === 'en' ? `Request failed (${res.status})` : `请求失败（${res.status}）`, {}, requestId);
    if (res.status === 401 && !opts.quiet401) for (const fn of unauthorizedListeners) fn(err);
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query' | 'body'> = {}) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('POST', path, { ...opts, body: body ?? {} }),
  put: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('PUT', path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('PATCH', path, { ...opts, body: body ?? {} }),
  delete: <T>(path: string, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('DELETE', path, opts),
};

/** A fresh Idempotency-Key, one per user submission (kept across retries of that submission). */
export function newIdempotencyKey(): string {
  return `web-${crypto.randomUUID()}`;
}

/** Field-level problems of a 400 validation answer: TypeBox issues or the password policy's list. */
export function validationIssues(err: ApiError): { path: string; message: string }[] {
  const issues = err.details.issues;
  if (Array.isArray(issues)) {
    return issues.map((i: { path?: string; property?: string; message?: string }) => ({
      path: String(i.property ?? i.path ?? '').replace(/^\//, ''),
      message: String(i.message ?? ''),
    }));
  }
  return [];
}
