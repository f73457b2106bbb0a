// PGlite has no lock of its own: a second process opening the same data directory (a second server, or a
// backup taken while the server runs) would corrupt it. The server and the backup commands therefore hold
// <dataDir>/zhili.lock, naming the process that uses the directory; a lock left by a killed process is taken over.
import fs from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string, purpose: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'zhili.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }), { flag: 'wx' });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number };
            if (holder.pid === process.pid) fs.rmSync(file, { force: true });
          } catch {
            // Already gone.
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: { pid?: number; purpose?: string } = {};
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof holder;
      } catch {
        // Unreadable (a kill while writing it): stale.
      }
      if (typeof holder.pid === 'number' && holder.pid !== process.pid && alive(holder.pid)) {
        throw new Error(
          `the data directory ${dataDir} is in use by ${holder.purpose ?? 'another process'} (pid ${holder.pid}); stop it first ` +
            `(PGlite allows one process at a time). If no such process runs, delete ${file}.`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock the data directory ${dataDir}`);
}
