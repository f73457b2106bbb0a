// One renderer for every error: { error: { code, message, details } }. 4xx for anything the caller did
// wrong, 5xx only for our own faults and then without internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errors, isAppError } from '../errors.ts';

export type Lang = 'zh' | 'en';

export function requestLang(req: FastifyRequest): Lang {
  const h = req.headers['accept-language'];
  return typeof h === 'string' && /^en\b/i.test(h.trim()) ? 'en' : 'zh';
}

export function renderError(err: AppError, lang: Lang) {
  return { error: { code: err.code, message: err.messages[lang], details: err.details } };
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: AppError) {
  return reply.status(err.status).type('application/json; charset=utf-8').send(renderError(err, requestLang(req)));
}

interface PgLikeError {
  code?: string;
  constraint?: string;
}

function toAppError(error: FastifyError & PgLikeError): AppError | null {
  if (isAppError(error)) return error;
  if (error.validation) {
    return errors.validation({
      context: error.validationContext,
      issues: error.validation.map((v) => ({
        path: v.instancePath || (v.params as { missingProperty?: string })?.missingProperty || '',
        rule: v.keyword,
        message: v.message ?? '',
        ...(v.keyword === 'additionalProperties'
          ? { property: (v.params as { additionalProperty?: string }).additionalProperty }
          : {}),
      })),
    });
  }
  // PostgreSQL errors that can only come from input the schema let through.
  if (typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) && !error.statusCode) {
    if (error.code === '23505') {
      return errors.conflict('duplicate', { zh: '记录已存在', en: 'Already exists' }, { constraint: error.constraint ?? null });
    }
    if (error.code === '23503') {
      return errors.unprocessable('reference_missing', { zh: '引用的记录不存在', en: 'A referenced record does not exist' });
    }
    if (error.code.startsWith('22')) return errors.validation({ database: error.code });
    return null;
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return errors.tooMany();
  if (status >= 400 && status < 500) {
    const code = (error.code ?? 'bad_request').toLowerCase();
    const known: Record<number, { zh: string; en: string }> = {
      400: { zh: '请求格式不正确', en: 'Malformed request' },
      404: { zh: '资源不存在', en: 'Not found' },
      405: { zh: '不支持的请求方法', en: 'Method not allowed' },
      406: { zh: '不支持的响应格式', en: 'Not acceptable' },
      413: { zh: '请求内容过大', en: 'Request too large' },
      415: { zh: '不支持的内容类型', en: 'Unsupported content type' },
    };
    return new AppError(status, `http.${code}`, known[status] ?? known[400]);
  }
  return null;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & PgLikeError, req, reply) => {
    const appErr = toAppError(error);
    if (appErr) {
      if (appErr.status >= 500) req.log.error({ err: error }, 'request failed');
      return sendError(req, reply, appErr);
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendError(
      req,
      reply,
      new AppError(500, 'internal', { zh: '服务器内部错误，请稍后重试', en: 'Internal error; please retry later' }, { requestId: req.id }),
    );
  });
}
