// One error class with a stable machine code. Services throw these; the HTTP error handler renders
// { error: { code, message, details } } with the message in the caller's language (zh-CN by default).

export interface Messages {
  zh: string;
  en: string;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messages: Messages;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, messages: Messages, details: Record<string, unknown> = {}) {
    super(messages.en);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.messages = messages;
    this.details = details;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

type Details = Record<string, unknown>;

export const errors = {
  validation: (details: Details = {}, m: Messages = { zh: '请求参数不合法', en: 'Invalid request' }) =>
    new AppError(400, 'validation_failed', m, details),
  badRequest: (code: string, m: Messages, details: Details = {}) => new AppError(400, code, m, details),
  unauthenticated: () => new AppError(401, 'auth.unauthenticated', { zh: '请先登录', en: 'Please sign in' }),
  forbidden: (details: Details = {}) =>
    new AppError(403, 'auth.forbidden', { zh: '无权执行此操作', en: 'You are not allowed to do this' }, details),
  notFound: (entity: string, zhName = '记录') =>
    new AppError(404, `${entity}.not_found`, { zh: `${zhName}不存在或无权访问`, en: `${entity} not found` }),
  conflict: (code: string, m: Messages, details: Details = {}) => new AppError(409, code, m, details),
  stale: (entity: string, details: Details = {}) =>
    new AppError(
      409,
      `${entity}.stale_version`,
      { zh: '记录已被他人修改，请刷新后重试', en: 'The record was changed by someone else; reload and retry' },
      details,
    ),
  unprocessable: (code: string, m: Messages, details: Details = {}) => new AppError(422, code, m, details),
  tooMany: (code = 'rate_limited') =>
    new AppError(429, code, { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' }),
  rule: (code: string, m: Messages, details: Details = {}) => new AppError(422, code, m, details),
};
