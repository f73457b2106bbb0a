// The only reader of process.env. Parsed once, frozen; invalid values stop the process with a clear message.
import path from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  /** Named prepared statements on PostgreSQL (DATABASE_PREPARED=off turns them off, e.g. behind PgBouncer). */
  readonly databasePrepared: boolean;
  readonly adminPassword: string | null;
  readonly secretKey: string | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly production: boolean;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  readonly trustProxy: boolean;
}

export class ConfigError extends Error {}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function intVar(env: NodeJS.ProcessEnv, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL.trim() : null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}`);
  const secretKey = env.ZHILI_SECRET_KEY && env.ZHILI_SECRET_KEY !== '' ? env.ZHILI_SECRET_KEY : null;
  if (secretKey !== null && !/^[0-9a-fA-F]{64}$/.test(secretKey)) {
    throw new ConfigError('ZHILI_SECRET_KEY must be 64 hexadecimal characters (32 bytes); generate one with: openssl rand -hex 32');
  }
  const prepared = (env.DATABASE_PREPARED ?? 'on').trim().toLowerCase();
  if (!['on', 'off', '1', '0', 'true', 'false', ''].includes(prepared)) throw new ConfigError('DATABASE_PREPARED must be on or off');
  const adminPassword = env.ZHILI_ADMIN_PASSWORD && env.ZHILI_ADMIN_PASSWORD !== '' ? env.ZHILI_ADMIN_PASSWORD : null;
  const config: Config = {
    port: intVar(env, 'PORT', 3000, 0, 65535),
    host: env.HOST && env.HOST !== '' ? env.HOST : production ? '0.0.0.0' : '127.0.0.1',
    dataDir: path.resolve(env.ZHILI_DATA_DIR && env.ZHILI_DATA_DIR !== '' ? env.ZHILI_DATA_DIR : './data'),
    databaseUrl,
    databasePrepared: !['off', '0', 'false'].includes(prepared),
    adminPassword,
    secretKey,
    logLevel,
    production,
    sessionIdleMinutes: intVar(env, 'ZHILI_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: intVar(env, 'ZHILI_SESSION_MAX_HOURS', 12, 1, 24 * 30),
    trustProxy: env.ZHILI_TRUST_PROXY === '1' || env.ZHILI_TRUST_PROXY === 'true',
    ...overrides,
  };
  return Object.freeze(config);
}
