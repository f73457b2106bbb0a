import { describe, expect, it } from 'vitest';
import { BENCH_OPERATIONS, parseOnly } from '../../bench/bench.cli.ts';

describe('zhili bench --only', () => {
  it('measures every operation when absent', () => {
    expect([...parseOnly(undefined)]).toEqual([...BENCH_OPERATIONS]);
  });

  it('takes a comma-separated list, spaces allowed', () => {
    expect([...parseOnly('intake, list')].sort()).toEqual(['intake', 'list']);
  });

  it('refuses a name it does not know, naming it and the known ones', () => {
    expect(() => parseOnly('intake,lsit')).toThrow(/not known: lsit/);
    expect(() => parseOnly('intake,lsit')).toThrow(/login, intake, transition/);
  });

  it('refuses an empty list', () => {
    expect(() => parseOnly(' , ')).toThrow(/comma-separated/);
  });
});
