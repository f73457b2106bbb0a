// The security headers (helmet's), worked out once. @fastify/helmet builds helmet's middleware afresh on every
// request — parsing the CSP directives each time, 3% of the server's time under intake load — though for options
// without per-request parts (no nonces, no functions) the headers never change. So helmet runs once, at start, on a
// stand-in response, and every answer gets the headers it set.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers helmet's middleware sets for `options` (it also removes X-Powered-By, which Fastify never sends). */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: () => {},
  };
  let done = false;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish at once: its options have a per-request part');
  return headers;
}

/** Sends `options`' security headers on every answer (pages, API answers, errors, 404s). */
export function installSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
