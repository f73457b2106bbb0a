// The quality suites print their figures and, when run by `npm run quality` (QUALITY_FIGURES_DIR set), also
// write them as JSON so that docs/QUALITY.md is generated from measured numbers, never typed by hand.
import fs from 'node:fs';
import path from 'node:path';

export type Figures = Record<string, number | string | boolean>;

/** CI size by default; QUALITY_SIZE=full for the long runs `npm run quality -- --full` does. */
export const FULL = process.env.QUALITY_SIZE === 'full';

export function recordFigures(suite: string, variant: string, figures: Figures): void {
  const line = Object.entries(figures)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  console.log(`[quality] ${suite} (${variant}): ${line}`);
  const dir = process.env.QUALITY_FIGURES_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${suite}--${variant}.json`.replace(/[^\w.-]+/g, '_'));
  fs.writeFileSync(file, JSON.stringify({ suite, variant, at: new Date().toISOString(), figures }, null, 2));
}
