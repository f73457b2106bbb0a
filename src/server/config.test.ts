import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses prepared statements on PostgreSQL unless DATABASE_PREPARED says off', () => {
    expect(loadConfig({}).databasePrepared).toBe(true);
    expect(loadConfig({ DATABASE_PREPARED: 'on' }).databasePrepared).toBe(true);
    expect(loadConfig({ DATABASE_PREPARED: 'off' }).databasePrepared).toBe(false);
    expect(loadConfig({ DATABASE_PREPARED: 'FALSE' }).databasePrepared).toBe(false);
    expect(() => loadConfig({ DATABASE_PREPARED: 'sometimes' })).toThrow(ConfigError);
  });

  it('rejects a database address that is not PostgreSQL and a malformed key, with the variable named', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ZHILI_SECRET_KEY: 'abc' })).toThrow(/ZHILI_SECRET_KEY/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});
