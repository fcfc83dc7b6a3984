import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EnvSpec } from '@sharebench/provision';

// What sharebench puts in a test directory: fio's files, metadata jobs' workdirs, the tree and its mark, the developer loops' workspace.
// And what the semantics probe may leave after a cut run: its work directory (mkdtemp) and the WAL check's database.
const TEST_FILE =
  /^(sharebench\.(\d+\.\d+|(filecreate|filestat|filedelete)(-[a-z0-9]+)?|tree|tree\.ok|devloop|probe-wal\.db(-wal|-shm)?)|sharebench-probe-[A-Za-z0-9]{6})$/;

/**
 * Removes an environment's test files once its runs are done, so that a campaign needs the disk
 * of its largest environment, not of all of them: the whole dedicated scratch directory, or only
 * sharebench's own files (fio's `sharebench.<job>.<file>`, metadata workdirs, the tree, the
 * developer loops' workspace) in a directory the user named, whose marker (`.sharebench-share`)
 * stays: it is what lets the next campaign use the directory again.
 */
export async function removeTestFiles(spec: EnvSpec, scratchRoot: string): Promise<void> {
  const given = spec.kind === 'host' ? spec.dir : spec.sharedDir;
  if (given === null) {
    await rm(join(scratchRoot, spec.name), { recursive: true, force: true });
    return;
  }
  const names = await readdir(given).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => TEST_FILE.test(n)).map((n) => rm(join(given, n), { recursive: true, force: true })));
}

