import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from './cli.ts';
import { loadConfig } from './config.ts';

const config = () => loadConfig({ ZHILI_DATA_DIR: '/nonexistent/zhili-cli-test', LOG_LEVEL: 'silent' });

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await dispatch(argv, config);
  vi.restoreAllMocks();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('zhili command line', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lists the commands for no command, help, or an unknown one (exit 2)', async () => {
    expect(await run()).toMatchObject({ code: 0, out: expect.stringContaining('usage: zhili <command>') });
    expect((await run('--help')).code).toBe(0);
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('backup');
  });

  it("prints a command's own help for --help, without running it", async () => {
    const r = await run('bench', '--help');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^zhili bench \[--events/);
    // A help text not starting with the name gets it in front.
    expect((await run('serve', '-h')).out).toMatch(/^zhili serve: start the server/);
  });

  it('answers an option the command does not take with the reason and its usage (exit 2), not a stack trace', async () => {
    for (const argv of [
      ['bench', '--bogus'],
      ['seed', '--demo=yes'],
      ['restore', 'a.jsonl.gz', '--force'],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(new RegExp(`^zhili ${argv[0]}: `));
      expect(r.err).toContain(`usage: zhili ${argv[0]}`);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});
