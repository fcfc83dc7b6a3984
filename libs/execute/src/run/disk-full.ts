import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Errors that say the dataset's filesystem has no room left. */
export function isDiskFull(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** The space a campaign keeps in its dataset for the records of a disk-full stop. */
export const RESERVE_FILE = '.sharebench.reserve';
const RESERVE_BYTES = 1024 ** 2;

/**
 * A file of 1 MiB kept in the dataset while a campaign runs. When the dataset's filesystem fills
 * up, a run's raw output cannot be written; freeing the reserve leaves room for what must be
 * written anyway: that run's run.json (failed, with the reason) and context.json.
 */
export class Reserve {
  private constructor(private readonly path: string | null) {}

  /** Writes the reserve; a filesystem that cannot take it is already full: that error is thrown. */
  static async create(dataset: string): Promise<Reserve> {
    const path = join(dataset, RESERVE_FILE);
    const file = await open(path, 'w');
    try {
      await file.write(Buffer.alloc(RESERVE_BYTES));
      await file.sync();
    } catch (err) {
      await file.close();
      await rm(path, { force: true });
      throw err;
    }
    await file.close();
    return new Reserve(path);
  }

  async release(): Promise<void> {
    if (this.path) await rm(this.path, { force: true });
  }
}
