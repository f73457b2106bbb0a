import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';

/**
 * The key for encrypted personal fields: ZHILI_SECRET_KEY, or one generated into the data dir on first use.
 * A generated key lives beside the data it protects, which is fine for a demo and wrong for production.
 */
export function loadSecretKey(config: Config, warn: (msg: string) => void = (m) => console.warn(m)): Buffer {
  if (config.secretKey) return Buffer.from(config.secretKey, 'hex');
  const file = path.join(config.dataDir, 'secret.key');
  if (fs.existsSync(file)) {
    const hex = fs.readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} is not a 64-hex-character key`);
    return Buffer.from(hex, 'hex');
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const hex = randomBytes(32).toString('hex');
  // Written beside, then linked into place: a process killed while writing never leaves a truncated key file
  // (which would keep every later start from reading the database's encrypted fields).
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${hex}\n`, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Another process made the key first: use theirs.
    fs.rmSync(tmp, { force: true });
    return loadSecretKey(config, warn);
  }
  fs.rmSync(tmp, { force: true });
  warn(
    `!!! ZHILI_SECRET_KEY is not set: generated a key into ${file}. ` +
      'Production must set ZHILI_SECRET_KEY and back it up: without it, encrypted personal data cannot be read.',
  );
  return Buffer.from(hex, 'hex');
}
