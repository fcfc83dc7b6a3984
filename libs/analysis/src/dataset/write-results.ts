import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { RUNS_COLUMNS, SPEEDUPS_COLUMNS, SUMMARY_COLUMNS, type RunRow, type SpeedupRow, type SummaryRow } from '../schema.js';
import { toArrowIpc } from '../ops/to-arrow.js';

export interface Tables {
  runs: RunRow[];
  summary: SummaryRow[];
  speedups: SpeedupRow[];
}

/**
 * Writes results/{runs,summary,speedups}.arrow as one unit: into a temporary sibling directory,
 * then swapped in by rename, so readers see the old set or the new one, never a mix.
 */
export async function writeResults(dataset: string, tables: Tables): Promise<void> {
  const final = join(dataset, 'results');
  const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const tmp = join(dataset, `.results.${tag}.tmp`);
  const old = join(dataset, `.results.${tag}.old`);
  await mkdir(tmp, { recursive: true });
  try {
    await writeFile(join(tmp, 'runs.arrow'), toArrowIpc(tables.runs, RUNS_COLUMNS));
    await writeFile(join(tmp, 'summary.arrow'), toArrowIpc(tables.summary, SUMMARY_COLUMNS));
    await writeFile(join(tmp, 'speedups.arrow'), toArrowIpc(tables.speedups, SPEEDUPS_COLUMNS));
    const hadOld = await rename(final, old).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return false;
        throw err;
      },
    );
    await rename(tmp, final);
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
