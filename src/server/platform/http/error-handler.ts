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

const MALFORMED_MULTIPART = [
  'Multipart: Boundary not found',
  'Unexpected end of multipart data',
  'terminated early due to unexpected end of multipart data',
  'The needle cannot',
];

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
  // The multipart parser (busboy) throws plain errors for a body it cannot read: the caller's fault.
  if (!error.statusCode && MALFORMED_MULTIPART.some((m) => error.message?.includes(m))) {
    return new AppError(400, 'http.malformed_multipart', { zh: '上传内容格式不正确', en: 'Malformed multipart/form-data body' });
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return errors.tooMany();
  if (status >= 400 && status < 500) {
    // Stable codes of our own, not the framework's (FST_ERR_…).
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return new AppError(400, 'http.malformed_json', { zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' });
    }
    const known: Record<number, [string, { zh: string; en: string }]> = {
      400: ['http.bad_request', { zh: '请求格式不正确', en: 'Malformed request' }],
      404: ['http.not_found', { zh: '资源不存在', en: 'Not found' }],
      405: ['http.method_not_allowed', { zh: '不支持的请求方法', en: 'Method not allowed' }],
      406: ['http.not_acceptable', { zh: '请求内容类型不被接受', en: 'Not acceptable' }],
      413: ['http.body_too_large', { zh: '请求内容过大', en: 'Request too large' }],
      415: ['http.unsupported_media_type', { zh: '不支持的内容类型，请以 JSON 提交', en: 'Unsupported content type; send JSON' }],
    };
    const [code, messages] = known[status] ?? [`http.status_${status}`, known[400][1]];
    return new AppError(status, code, messages);
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
