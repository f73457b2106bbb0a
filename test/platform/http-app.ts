// An app like createTestApp's, with chosen rate limits and extra test-only routes registered before ready().
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { Database } from '../../src/server/db/database.ts';
import { clientFor, type TestApp } from '../support/app.ts';
import { TEST_PASSWORD } from '../support/factories.ts';

export async function buildHttpTestApp(
  database: Database,
  opts: { rateLimits?: { login?: number; public?: number }; plugins?: FastifyPluginAsync[] } = {},
): Promise<TestApp> {
  const secretKey = randomBytes(32);
  const config = loadConfig({ LOG_LEVEL: 'silent', ZHILI_DATA_DIR: '/tmp/zhili-test-unused' });
  const app = await buildApp({
    config,
    database,
    secretKey,
    logger: false,
    rateLimits: { login: 10_000, public: 10_000, ...opts.rateLimits },
    webDir: '/nonexistent',
  });
  for (const p of opts.plugins ?? []) await app.register(p);
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
    close: () => app.close(),
  };
}
