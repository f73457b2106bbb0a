// A real server (app.inject, no port) over a real database, with helpers to sign in as any role.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { Database, DatabaseKind } from '../../src/server/db/database.ts';
import { createTestDatabase } from './db.ts';
import { TEST_PASSWORD } from './factories.ts';

export interface Client {
  csrf: string;
  cookie: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  secretKey: Buffer;
  /** Signs in with user name and password (TEST_PASSWORD by default) and returns a client carrying the session. */
  login(username: string, password?: string): Promise<Client>;
  anonymous(): Client;
  close(): Promise<void>;
}

export function clientFor(app: FastifyInstance, cookie: string, csrf: string): Client {
  const request = (opts: InjectOptions) =>
    app.inject({
      ...opts,
      headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...(opts.headers ?? {}) },
    });
  return {
    csrf,
    cookie,
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, body, headers) => request({ method: 'POST', url, payload: body as InjectOptions['payload'], headers }),
    patch: (url, body) => request({ method: 'PATCH', url, payload: body as InjectOptions['payload'] }),
    put: (url, body) => request({ method: 'PUT', url, payload: body as InjectOptions['payload'] }),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}

export async function createTestApp(kind: DatabaseKind, opts: { database?: Database; secretKey?: Buffer } = {}): Promise<TestApp> {
  const database = opts.database ?? (await createTestDatabase(kind));
  const secretKey = opts.secretKey ?? randomBytes(32);
  const config = loadConfig({ LOG_LEVEL: 'silent', ZHILI_DATA_DIR: '/tmp/zhili-test-unused' });
  const app = await buildApp({ config, database, secretKey, logger: false, rateLimits: { login: 10_000, public: 10_000 }, webDir: '/nonexistent' });
  await app.ready();
  return {
    app,
    database,
    secretKey,
    anonymous: () => clientFor(app, '', ''),
    async login(username, password = TEST_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const setCookie = res.cookies.find((c) => c.name === 'zhili_session');
      if (!setCookie) throw new Error('no session cookie');
      return clientFor(app, `zhili_session=${setCookie.value}`, res.json().csrfToken as string);
    },
    async close() {
      await app.close();
      if (!opts.database) await database.close();
    },
  };
}
