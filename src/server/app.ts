// buildApp(deps): the platform plugins (security headers, cookies, rate limits, OpenAPI, guards, idempotency,
// metrics, errors), then every module's routes, then the web bundle.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import AjvCompiler from '@fastify/ajv-compiler';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { SecretBox } from './platform/crypto/secret-box.ts';
import { AppError, errors } from './platform/errors.ts';
import { installErrorHandler, sendError } from './platform/http/error-handler.ts';
import { installGuards } from './platform/http/guard.ts';
import { installIdempotency } from './platform/http/idempotency.ts';
import { installSecurityHeaders } from './platform/http/security-headers.ts';
import { installMetrics } from './platform/http/metrics.ts';
import { ErrorBody } from './platform/http/schemas.ts';
import type { AppDeps } from './platform/http/types.ts';
import { moduleRoutes } from './modules.ts';
import { resumeSession, SessionCache, type SessionRow } from './modules/identity/index.ts';

export interface BuildOptions {
  config: Config;
  database: Database;
  secretKey: Buffer;
  /** pino options, or false for no logs (tests). */
  logger?: boolean | Record<string, unknown>;
  rateLimits?: Partial<AppDeps['rateLimits']>;
  instanceId?: string;
  /** Folder of the built web bundle; served when it exists. */
  webDir?: string;
}

const REQUEST_ID_RE = /^[A-Za-z0-9_\-.]{1,64}$/;

// JSON bodies are validated as sent: converting types there would turn "5" into 5, and 0, "" or false into null
// for a nullable field. Query strings, params and headers are text and are converted (page=2 → 2).
const bodyValidators = AjvCompiler();
const textValidators = AjvCompiler();

/** A route URL pattern (/api/users/:id) as a regular expression over request paths, for 405 answers. */
function routePattern(url: string): RegExp {
  const parts = url.split('/').map((seg) => {
    if (seg === '*') return '.*';
    if (seg.includes(':') || seg.includes('*')) return '[^/]+';
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('/')}$`);
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config, database } = opts;
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'], remove: true },
            serializers: {
              // The path only: query strings can carry search terms with names or phone numbers.
              req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url.split('?')[0], id: req.id }),
            },
            ...(typeof opts.logger === 'object' ? opts.logger : {}),
          },
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && REQUEST_ID_RE.test(h) ? h : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    schemaController: {
      compilersFactory: {
        buildValidator: (external, ajvOpts) => {
          const opts = (ajvOpts ?? {}) as NonNullable<Parameters<typeof bodyValidators>[1]>;
          const body = bodyValidators(external, { ...opts, customOptions: { ...opts.customOptions, coerceTypes: false } } as typeof opts);
          const text = textValidators(external, opts);
          return (route) => (route.httpPart === 'body' ? body(route) : text(route));
        },
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // The API takes JSON (and multipart uploads); a text/plain body is refused with 415.
  app.removeContentTypeParser('text/plain');
  const routeMethods: { re: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', (route) => {
    const re = routePattern(route.url);
    let entry = routeMethods.find((r) => r.re.source === re.source);
    if (!entry) routeMethods.push((entry = { re, methods: new Set() }));
    for (const m of [route.method].flat()) entry.methods.add(m);
  });

  const deps: AppDeps = {
    config,
    database,
    db: database.db,
    secretBox: new SecretBox(opts.secretKey),
    instanceId: opts.instanceId ?? `${process.pid}-${randomUUID().slice(0, 8)}`,
    rateLimits: { login: 20, public: 30, ...opts.rateLimits },
  };
  app.decorate('deps', deps);

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  installErrorHandler(app);
  app.addSchema(ErrorBody);

  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'frame-ancestors': ["'none'"],
        'connect-src': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    hsts: config.production,
  });
  await app.register(cookie);
  const sessions = new SessionCache<SessionRow>(database.changes);
  installGuards(app, (token) =>
    resumeSession(deps.db, token, { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours }, sessions),
  );
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 9, fields: 50 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => {
      const e = errors.tooMany();
      return Object.assign(new Error(e.messages.en), { statusCode: 429, code: 'RATE_LIMITED' });
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Zhili 治理 API',
        description: '开发区法治政府建设与基层治理平台接口。错误统一为 { error: { code, message, details } }。',
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'zhili_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // The viewer's own policy, but never framed, and usable over plain HTTP on an intranet.
    transformStaticCSP: (header: string) =>
      header.replace("frame-ancestors 'self'", "frame-ancestors 'none'").replace(/\s*upgrade-insecure-requests;?/, ''),
  });

  installIdempotency(app);
  const registry = installMetrics(app);

  app.get(
    '/api/openapi.json',
    { config: { public: true }, schema: { hide: true } },
    async () => app.swagger(),
  );

  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['platform'],
        summary: '健康检查 / health',
        response: { 200: Type.Object({ status: Type.String(), database: Type.String() }), 503: ErrorBody },
      },
    },
    async (req, reply) => {
      try {
        await sql`select 1`.execute(deps.db);
        return { status: 'ok', database: database.kind };
      } catch (err) {
        req.log.error({ err }, 'health check: database unreachable');
        return sendError(req, reply, new AppError(503, 'health.database_unavailable', { zh: '数据库不可用', en: 'Database unavailable' }));
      }
    },
  );

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });

  for (const plugin of moduleRoutes) await app.register(plugin);

  const webDir = opts.webDir ?? path.resolve('dist/web');
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', index: false, wildcard: false, maxAge: '1h' });
  }

  app.setNotFoundHandler((req, reply) => {
    const p = req.url.split('?')[0];
    const isApi = p.startsWith('/api/') || p.startsWith('/open311/') || p === '/metrics' || p === '/healthz';
    if (!isApi && hasWeb && (req.method === 'GET' || req.method === 'HEAD')) {
      // The single-page app owns every other path; hashed assets are cached, the page itself is not.
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html', webDir);
    }
    const allowed = new Set(routeMethods.filter((r) => r.re.test(p)).flatMap((r) => [...r.methods]));
    if (isApi && allowed.size > 0 && !allowed.has(req.method)) {
      reply.header('allow', [...allowed].sort().join(', '));
      return sendError(req, reply, new AppError(405, 'http.method_not_allowed', { zh: '不支持的请求方法', en: 'Method not allowed' }));
    }
    return sendError(req, reply, errors.notFound('route', '接口'));
  });

  return app;
}
