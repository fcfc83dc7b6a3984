import { join } from 'node:path';
import { runDir, writeFileAtomic, type RunManifest } from '@sharebench/core';

/**
 * Stores one run under raw/runs/<env>/<job>/r<N>/: stdout and stderr first, run.json last, each
 * atomically; a run directory with no run.json is an unfinished run and is redone on resume.
 */
export async function writeRun(dataset: string, manifest: RunManifest, output: { stdout: string; stderr: string } | null): Promise<void> {
  const dir = join(dataset, runDir(manifest.env.name, manifest.job.name, manifest.repeat));
  if (output) {
    await writeFileAtomic(join(dir, 'stdout.json'), output.stdout);
    await writeFileAtomic(join(dir, 'stderr.txt'), output.stderr);
  }
  await writeFileAtomic(join(dir, 'run.json'), JSON.stringify(manifest, null, 2) + '\n');
}
