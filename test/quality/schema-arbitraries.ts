// fast-check arbitraries derived from a route's JSON schemas (read from the OpenAPI document the server itself
// publishes, so every route a module adds is fuzzed without changes here). Two families:
//   validValue(schema)   — a value the schema accepts (used to reach the handler and its rules);
//   hostileValue(schema) — a value of the wrong type, out of range, huge, deeply nested, with NUL bytes, unicode
//                          edge cases, SQL and script payloads, invalid credit codes and ID-card numbers…
// and requestArb(op) — a whole request (path, query, headers, body) mixing both, including malformed bodies.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  nullable?: boolean;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** Fastify pattern, e.g. /api/events/:id */
  url: string;
  params: Parameter[];
  body: JsonSchema | null;
  /** The route takes a file upload (multipart/form-data). */
  multipart: boolean;
}

// ---------------------------------------------------------------- hostile building blocks

/** Valid-looking 18-character codes with a wrong check character, wrong alphabet or wrong length. */
export const BAD_CREDIT_CODES = [
  '91120113MA05L0Q1XA', // wrong check character
  '91120113MA05L0Q1X', // 17 characters
  '91120113MA05L0Q1XAA', // 19 characters
  '91120113ma05l0q1xa', // lower case
  '9112011IOZSV000000', // letters outside the alphabet (I, O, Z, S, V)
  '０９１１２０１１３ＭＡ０５Ｌ０Ｑ１Ｘ', // full-width digits
  '000000000000000000',
  '91120113MA05L0Q1X\u0000',
];

/** ID-card numbers (GB 11643) that must be refused: bad check digit, impossible dates, bad length, letters. */
export const BAD_ID_NUMBERS = [
  '120113198503120000', // wrong check digit
  '12011319850312001', // 17 characters
  '120113198513320015', // month 13, day 32
  '12011319850230001X', // 30 February
  'X20113198503120015',
  '１２０１１３１９８５０３１２００１５',
  '120113 19850312 0015',
  '1201131985031200１5',
];

export const BAD_PHONES = ['1380013800', '138001380000', '+86 138 0013 8000 转 9', '138-0013-8000', '０１３８００１３８０００', 'tel:13800138000'];

export const SQL_PAYLOADS = [
  "' OR '1'='1",
  "1; DROP TABLE users; --",
  '" OR 1=1 --',
  "1' UNION SELECT password_hash, username FROM users --",
  "'; UPDATE users SET role = 'admin' WHERE '1'='1",
  "%' OR name LIKE '%",
  '\\x27; select pg_read_file($$postgresql.conf$$) --',
  "1)) OR ((1=1",
  "$$; select 1; $$",
  "E'\\\\'",
];

export const SCRIPT_PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(document.cookie)>',
  'javascript:alert(1)',
  '<svg/onload=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  '${7*7}#{7*7}',
  '=HYPERLINK("http://evil.example","x")',
  '+cmd|\' /C calc\'!A0',
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '</textarea><script>alert(1)</script>',
];

export const UNICODE_EDGES = [
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(64),
  '\uD800', // lone high surrogate
  '\uDC00x', // lone low surrogate
  '\uFFFE\uFFFF',
  '\u202Eevil\u202C', // right-to-left override
  '\u200B\u200C\u200D\uFEFF', // zero widths, BOM
  '𠜎𠜱𠝹𠱓', // astral CJK
  '👨‍👩‍👧‍👦🇨🇳',
  'e\u0301'.repeat(500), // combining marks
  'Ａ　Ｂ', // full width, ideographic space
  '\r\n\r\nHTTP/1.1 200 OK\r\n',
  '\t\v\f\b',
  '   ',
  '',
  'Ω≈ç√∫˜µ≤≥÷',
  '%00%0a%0d',
  '../../../../etc/hosts',
  '..\\..\\..\\windows\\win.ini',
];

const HUGE = ['x'.repeat(10_001), '中'.repeat(20_000), 'a'.repeat(300_000)];

export const ODD_NUMBERS = [
  -1, 0, -0, 1.5, 2147483648, -2147483649, 4294967296, 9007199254740993, 1e308, -1e308, 5e-324, 0.1 + 0.2, 99999999999999999999,
];

export const WRONG_TYPES: unknown[] = [null, true, false, [], {}, [1, 2, 3], { a: 1 }, '', '1', 0, 'null', 'undefined'];

export const DATE_STRINGS = ['2020-02-30', '2020-13-01', '0000-00-00', '9999-12-31T99:99:99Z', '2020-01-01T00:00:00+25:00', '20200101', '2020-1-1', '-2020-01-01', '2020-01-01T00:00:00.000000000000Z'];

/** Nested arrays or objects `depth` levels deep. */
export function deepNest(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

/** The same nesting as JSON text, built without recursion (JSON.stringify would overflow the stack first). */
export function deepNestText(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SQL_PAYLOADS, ...SCRIPT_PAYLOADS) },
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE_EDGES) },
  { weight: 2, arbitrary: fc.constantFrom(...BAD_CREDIT_CODES, ...BAD_ID_NUMBERS, ...BAD_PHONES, ...DATE_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  { weight: 1, arbitrary: fc.constantFrom(10, 100, 2000).chain((d) => fc.constantFrom(deepNest(d, 'array'), deepNest(d, 'object'))) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...SQL_PAYLOADS), { minLength: 100, maxLength: 300 }) },
);

// ---------------------------------------------------------------- valid values

/** Strings that fit a few patterns we know; other patterns fall back to a sample that may or may not fit. */
function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 40, 60));
  if (s.format === 'date-time') return fc.date({ min: new Date('2019-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'date' || s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') {
    return fc.date({ min: new Date('2019-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  }
  if (s.format === 'email') return fc.emailAddress();
  if (s.pattern) {
    // A sample from the pattern's character class when it is a simple one (e.g. ^[A-Za-z0-9_.-]+$).
    const m = /^\^\[([^\]]+)\][+*]?(?:\{(\d+),(\d+)\})?\$$/.exec(s.pattern);
    if (m) {
      const chars = expandClass(m[1]);
      const lo = m[2] ? Number(m[2]) : Math.max(1, min);
      const hi = m[3] ? Number(m[3]) : Math.max(lo, Math.min(max, 20));
      return fc.string({ unit: fc.constantFrom(...chars), minLength: lo, maxLength: hi });
    }
    if (/\\d\{(\d+)\}/.test(s.pattern)) return fc.constantFrom('2020', '2021');
  }
  return fc.string({ unit: fc.constantFrom(...'测试数据事件企业诉求abcXYZ0123 '.split('')), minLength: Math.max(min, 0), maxLength: Math.max(min, max) });
}

function expandClass(cls: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < cls.length; i++) {
    const c = cls[i] === '\\' ? cls[++i] : cls[i];
    if (cls[i + 1] === '-' && i + 2 < cls.length) {
      const end = cls[i + 2];
      for (let k = c.charCodeAt(0); k <= end.charCodeAt(0); k++) out.push(String.fromCharCode(k));
      i += 2;
    } else out.push(c);
  }
  return out.length ? out : ['a'];
}

function typesOf(s: JsonSchema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (s.type) return [s.type];
  if (s.properties) return ['object'];
  return [];
}

export function validValue(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts && alts.length) return fc.oneof(...alts.map((a) => validValue(a, depth + 1)));
  if (s.allOf && s.allOf.length) return validValue(Object.assign({}, ...s.allOf), depth + 1);
  const t = typesOf(s);
  const kind = t.find((x) => x !== 'null') ?? t[0];
  switch (kind) {
    case 'integer': {
      const lo = Math.max(s.minimum ?? -1000, -2147483648);
      const hi = Math.min(s.maximum ?? Math.max(lo + 1000, 1000), 2147483647);
      return fc.oneof(fc.constantFrom(...[lo, Math.min(hi, Math.max(lo, 1)), Math.min(hi, Math.max(lo, 2))]), fc.integer({ min: lo, max: hi }));
    }
    case 'number': {
      const lo = s.minimum ?? -1000;
      const hi = s.maximum ?? 1000;
      return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'string':
      return stringFor(s);
    case 'array': {
      const min = s.minItems ?? 0;
      return fc.array(validValue(s.items, depth + 1), { minLength: min, maxLength: Math.max(min, Math.min(s.maxItems ?? 3, 3)) });
    }
    case 'object':
      return validObject(s, depth);
    case 'null':
      return fc.constant(null);
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null));
  }
}

function validObject(s: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {};
  const required = new Set(s.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) record[k] = validValue(v, depth + 1);
  return fc.record(record, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) }) as fc.Arbitrary<Record<string, unknown>>;
}

// ---------------------------------------------------------------- hostile objects

/** A value for this schema that is hostile: wrong type, out of range, too long, or a payload. */
export function hostileValue(s: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const t = s ? typesOf(s) : [];
  const targeted: fc.Arbitrary<unknown>[] = [];
  if (s?.maximum !== undefined) targeted.push(fc.constantFrom(s.maximum + 1, s.maximum + 0.5, s.maximum * 1000 + 1));
  if (s?.minimum !== undefined) targeted.push(fc.constantFrom(s.minimum - 1, s.minimum - 0.5, -s.minimum - 1e9));
  if (s?.maxLength !== undefined) targeted.push(fc.constant('长'.repeat(s.maxLength + 1)));
  if (s?.minLength) targeted.push(fc.constant('x'.repeat(Math.max(0, s.minLength - 1))));
  if (s?.enum) targeted.push(fc.constantFrom(...s.enum.map((e) => `${String(e)}\u0000`), ...s.enum.map((e) => String(e).toUpperCase() + ' ')));
  if (t.includes('integer')) targeted.push(fc.constantFrom('1', '1.0', '0x10', '1e3', ' 1', 1.5, '１'));
  if (t.includes('array')) targeted.push(fc.constantFrom('a,b', { 0: 'a' }), fc.array(hostileScalar, { minLength: 1, maxLength: 5 }));
  if (t.includes('object')) targeted.push(fc.constantFrom({ __proto__: { admin: true } }, JSON.parse('{"__proto__":{"polluted":1}}'), { constructor: { prototype: { polluted: 1 } } }));
  return targeted.length ? fc.oneof({ weight: 2, arbitrary: fc.oneof(...targeted) }, { weight: 3, arbitrary: hostileScalar }) : hostileScalar;
}

/** An object for the schema where some properties are valid and others hostile, with extra or missing keys. */
export function mutatedObject(s: JsonSchema | null): fc.Arbitrary<Record<string, unknown>> {
  const props = s?.properties ?? {};
  const keys = Object.keys(props);
  const field = (k: string) => fc.oneof({ weight: 3, arbitrary: validValue(props[k]) }, { weight: 2, arbitrary: hostileValue(props[k]) });
  const base = keys.length
    ? (fc.record(Object.fromEntries(keys.map((k) => [k, field(k)])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>)
    : fc.constant({} as Record<string, unknown>);
  return fc.tuple(
    base,
    fc.option(fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'id', 'jurisdictionId', 'role', 'version', '$where', ''), fc.string({ maxLength: 8 })), hostileScalar, { maxKeys: 3 }), { nil: undefined, freq: 3 }),
  ).map(([o, extra]) => (extra ? { ...o, ...extra } : o));
}

// ---------------------------------------------------------------- whole requests

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** What kind of input this is, for the report. */
  shape: string;
}

const HOSTILE_HEADERS: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'idempotency-key': fc.constantFrom('short', 'x'.repeat(200), "k'; drop table idempotency_keys; --", 'valid-key-0001', '键'.repeat(10), 'a b c d e f g h'),
    'x-request-id': fc.constantFrom('../../etc', 'x'.repeat(500), 'ok-id-123', '<script>', '\u00e9\u00e9'),
    'accept-language': fc.constantFrom('en', 'zh-CN', 'xx;q=abc', '*'.repeat(1000), 'en;q=2,,,'),
    accept: fc.constantFrom('application/xml', '*/*', 'text/html', 'application/json;q=0', 'garbage'),
    cookie: fc.constantFrom('zhili_session=garbage', `zhili_session=${'A'.repeat(4000)}`, 'zhili_session=', 'zhili_session=%00%00', '=;=;=;', 'a=b; zhili_session="unterminated'),
    range: fc.constantFrom('bytes=0-', 'bytes=999999999-', 'bytes=-1,-2,-3,-4'),
    'if-none-match': fc.constantFrom('*', '"x"', 'W/'),
    'x-forwarded-for': fc.constantFrom('1.1.1.1, 2.2.2.2', 'not-an-ip', '::1'),
  },
  { requiredKeys: [] },
);

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'image/jpeg',
  '',
  'application/json, text/plain',
];

/** encodeURIComponent, except that a lone surrogate becomes the (invalid UTF-8) bytes of a CESU-8 surrogate. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s].map((ch) => (/[\uD800-\uDFFF]/.test(ch) && ch.length === 1 ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
  }
}

function concretePath(url: string, params: Parameter[], values: Record<string, unknown>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = values[name];
    const p = params.find((x) => x.in === 'path' && x.name === name);
    const s = v === undefined ? (p?.schema.type === 'integer' ? '1' : 'x') : typeof v === 'string' ? v : JSON.stringify(v);
    return enc(s ?? 'null');
  });
}

function queryString(values: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    const vs = Array.isArray(v) ? v : [v];
    for (const x of vs) parts.push(`${enc(k)}=${enc(typeof x === 'string' ? x : (JSON.stringify(x) ?? ''))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A malformed or hostile multipart body (bad boundaries, truncation, wrong magic bytes, many parts, huge names). */
export const malformedMultipart: fc.Arbitrary<{ headers: Record<string, string>; payload: Buffer; shape: string }> = fc
  .constantFrom('no-boundary', 'truncated', 'wrong-magic', 'exe-as-jpeg', 'many-parts', 'huge-filename', 'nul-filename', 'empty', 'svg-script', 'polyglot')
  .map((kind) => {
    const b = 'fuzzBoundary42';
    const part = (name: string, filename: string, type: string, data: Buffer | string) =>
      Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`), Buffer.from(data), Buffer.from('\r\n')]);
    const end = Buffer.from(`--${b}--\r\n`);
    const mp = { 'content-type': `multipart/form-data; boundary=${b}` };
    switch (kind) {
      case 'no-boundary':
        return { headers: { 'content-type': 'multipart/form-data' }, payload: Buffer.concat([part('file', 'a.jpg', 'image/jpeg', 'x'), end]), shape: 'multipart:no-boundary' };
      case 'truncated':
        return { headers: mp, payload: part('file', 'a.jpg', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0])).subarray(0, 60), shape: 'multipart:truncated' };
      case 'wrong-magic':
        return { headers: mp, payload: Buffer.concat([part('file', 'photo.jpg', 'image/jpeg', 'GIF89a not a jpeg at all'), end]), shape: 'multipart:wrong-magic' };
      case 'exe-as-jpeg':
        return { headers: mp, payload: Buffer.concat([part('file', 'photo.jpg', 'image/jpeg', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)])), end]), shape: 'multipart:exe' };
      case 'many-parts':
        return { headers: mp, payload: Buffer.concat([...Array.from({ length: 60 }, (_, i) => part(`f${i}`, `${i}.png`, 'image/png', 'x')), end]), shape: 'multipart:many-parts' };
      case 'huge-filename':
        return { headers: mp, payload: Buffer.concat([part('file', `${'名'.repeat(3000)}.jpg`, 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xd9])), end]), shape: 'multipart:huge-filename' };
      case 'nul-filename':
        return { headers: mp, payload: Buffer.concat([part('file', '../../a\u0000.jpg', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xd9])), end]), shape: 'multipart:nul-filename' };
      case 'empty':
        return { headers: mp, payload: end, shape: 'multipart:empty' };
      case 'svg-script':
        return { headers: mp, payload: Buffer.concat([part('file', 'x.svg', 'image/svg+xml', '<svg onload="alert(1)"/>'), end]), shape: 'multipart:svg' };
      default:
        return {
          headers: mp,
          payload: Buffer.concat([part('file', 'x.jpg', 'image/jpeg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<script>alert(1)</script>')])), end]),
          shape: 'multipart:polyglot',
        };
    }
  });

/** Raw body texts that are not what the route expects. */
const malformedJson = fc.constantFrom(
  '{',
  '{"a":',
  '[1,2,',
  '\u0000',
  '\uFEFF{}',
  'null',
  'true',
  '"string"',
  '123',
  '[]',
  "{'single': 'quotes'}",
  '{"a":1,"a":2}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  'NaN',
  '{"a": Infinity}',
  '{"big": 1e999999}',
  '{"n": -0.0000000000000000000000000001e-400}',
  deepNestText(100_000, 'array'),
  deepNestText(50_000, 'object'),
  `{"x":"${'\\u0000'.repeat(1000)}"}`,
  `{"x":"${'\\ud800'.repeat(100)}"}`,
  `{${Array.from({ length: 5000 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
);

export function requestArb(op: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const pathValues = fc.record(
    Object.fromEntries(
      pathParams.map((p) => [
        p.name,
        fc.oneof({ weight: 3, arbitrary: p.schema.type === 'integer' ? fc.constantFrom(1, 2, 3, 999999) : validValue(p.schema) }, { weight: 2, arbitrary: hostileValue(p.schema) }),
      ]),
    ),
  ) as fc.Arbitrary<Record<string, unknown>>;
  const querySchema: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(queryParams.map((p) => [p.name, p.schema])),
    required: queryParams.filter((p) => p.required).map((p) => p.name),
  };
  const query = fc.oneof({ weight: 3, arbitrary: mutatedObject(querySchema) }, { weight: 1, arbitrary: validValue(querySchema) as fc.Arbitrary<Record<string, unknown>> });
  const hasBody = op.method === 'POST' || op.method === 'PUT' || op.method === 'PATCH';

  type BodyPick = { payload?: string | Buffer; headers: Record<string, string>; shape: string };
  const json = (v: unknown, shape: string): BodyPick => ({ payload: JSON.stringify(v), headers: { 'content-type': 'application/json' }, shape });
  const bodies: { weight: number; arbitrary: fc.Arbitrary<BodyPick> }[] = [];
  if (hasBody) {
    bodies.push(
      { weight: 5, arbitrary: mutatedObject(op.body).map((v) => json(v, 'body:mutated')) },
      { weight: 2, arbitrary: validValue(op.body ?? { type: 'object' }).map((v) => json(v, 'body:valid')) },
      { weight: 2, arbitrary: hostileScalar.map((v) => json(v, 'body:hostile-scalar')) },
      { weight: 2, arbitrary: malformedJson.map((t) => ({ payload: t, headers: { 'content-type': 'application/json' }, shape: 'body:malformed-json' })) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom(...CONTENT_TYPES), mutatedObject(op.body)).map(([ct, v]): BodyPick => ({
          payload: JSON.stringify(v),
          headers: ct ? { 'content-type': ct } : ({} as Record<string, string>),
          shape: 'body:wrong-content-type',
        })),
      },
      { weight: op.multipart ? 5 : 1, arbitrary: malformedMultipart.map((m) => ({ payload: m.payload, headers: m.headers, shape: m.shape })) },
    );
  } else {
    bodies.push({ weight: 6, arbitrary: fc.constant({ headers: {}, shape: 'no-body' }) });
    bodies.push({ weight: 1, arbitrary: malformedJson.map((t) => ({ payload: t, headers: { 'content-type': 'application/json' }, shape: 'body-on-get' })) });
  }
  return fc
    .tuple(pathValues, query, fc.oneof(...bodies), fc.option(HOSTILE_HEADERS, { nil: undefined, freq: 2 }), fc.boolean())
    .map(([pv, q, body, hh, withQuery]) => ({
      method: op.method,
      url: concretePath(op.url, pathParams, pv) + (withQuery || queryParams.some((p) => p.required) ? queryString(q) : ''),
      headers: { ...(hh ?? {}), ...body.headers },
      payload: body.payload,
      shape: hh ? `${body.shape}+headers` : body.shape,
    }));
}

// ---------------------------------------------------------------- the route list

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Every route of the guard's table with the parameters and body schema the OpenAPI document gives it. */
export function operationsFrom(routes: readonly { method: string; url: string }[], openapi: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  const out: Operation[] = [];
  for (const r of routes) {
    if (r.method === 'HEAD' || r.method === 'OPTIONS') continue;
    const oaPath = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op = openapi.paths[oaPath]?.[r.method.toLowerCase()];
    const content = op?.requestBody?.content ?? {};
    const multipart = 'multipart/form-data' in content || /\/(photos|imports|import)$/.test(r.url);
    out.push({
      method: r.method,
      url: r.url,
      params: op?.parameters ?? [...r.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1], in: 'path' as const, required: true, schema: { type: 'string' } })),
      body: content['application/json']?.schema ?? null,
      multipart,
    });
  }
  return out;
}

/** A stack frame or a server file path in a response body: an internal leak. */
export const STACK_TRACE_RE = /\bat (?:async )?[\w$.<>[\] ]+ \((?:file:\/\/|\/|node:)|\n\s+at \S|node_modules\/|\/work\/main\/|\bsrc\/server\/[\w/.-]+\.ts\b|file:\/\/\//;

export function leaksStackTrace(body: string): boolean {
  return STACK_TRACE_RE.test(body);
}
