import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, onUnauthorized, setCsrfToken, withQuery } from './client.ts';

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  return vi.fn(async (_url: string, _init: RequestInit) => new Response(body === undefined ? '' : JSON.stringify(body), { status, headers }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('API client', () => {
  it('builds query strings, skipping empty values and repeating arrays', () => {
    expect(withQuery('/api/users', { q: '', role: 'admin', page: 2, disabled: false, ids: [1, 2], x: undefined, y: null })).toBe(
      '/api/users?role=admin&page=2&disabled=false&ids=1&ids=2',
    );
    expect(withQuery('/api/x', {})).toBe('/api/x');
  });

  it('sends the CSRF token on writes only, with the cookie and the interface language', async () => {
    const fetch = respond(200, { ok: true });
    vi.stubGlobal('fetch', fetch);
    setCsrfToken('tok');
    await api.get('/api/me');
    await api.post('/api/auth/logout', {}, { idempotencyKey: 'web-12345678' });
    const [getInit, postInit] = fetch.mock.calls.map((c) => c[1]);
    expect(getInit.credentials).toBe('same-origin');
    expect((getInit.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect((getInit.headers as Record<string, string>)['accept-language']).toBe('zh-CN');
    expect((postInit.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect((postInit.headers as Record<string, string>)['idempotency-key']).toBe('web-12345678');
    expect(postInit.body).toBe('{}');
  });

  it('turns the error shape into an ApiError and reports an ended session', async () => {
    vi.stubGlobal('fetch', respond(409, { error: { code: 'grids.stale_version', message: '记录已被他人修改', details: { currentVersion: 3 } } }, { 'x-request-id': 'r1' }));
    const err = await api.patch('/api/grids/1', { version: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'grids.stale_version', message: '记录已被他人修改', details: { currentVersion: 3 }, requestId: 'r1' });

    const ended = vi.fn();
    const off = onUnauthorized(ended);
    vi.stubGlobal('fetch', respond(401, { error: { code: 'auth.unauthenticated', message: '请先登录', details: {} } }));
    await api.get('/api/users').catch(() => undefined);
    await api.get('/api/me', undefined, { quiet401: true }).catch(() => undefined);
    off();
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('reports a network failure and a non-JSON error page as ApiErrors too', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(api.get('/api/me')).rejects.toMatchObject({ status: 0, code: 'network' });
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502 })));
    await expect(api.get('/api/me')).rejects.toMatchObject({ status: 502, code: 'http.502' });
  });
});
