// Browser tests: a real server on a free port, Debian's Chromium through playwright-core. Run after
// `vite build` (npm test does both); one file at a time, since each starts its own server and browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
