import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'zhili_session';
export const CSRF_HEADER = 'x-csrf-token';

export const newToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
/** Sessions are stored by the hash of their token, so a database read does not yield usable cookies. */
export const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');
