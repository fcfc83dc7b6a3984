import { stat } from 'node:fs/promises';
import { join } from 'node:path';

const SIZE_UNITS = ' kmgt';

/**
 * True when every file a job will use already exists at full size in `dir` (as the host sees
 * it): `sharebench.<jobnum>.0` for each of its jobs, sharebench's file naming. Then layout, an
 * fio start of its own, can be skipped; anything else (other naming, unknown size) says false.
 */
export async function laidOut(dir: string, args: readonly string[]): Promise<boolean> {
  const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const m = /^(\d+)([kmgt]?)$/.exec(opt('size') ?? '');
  const numjobs = Number(opt('numjobs') ?? '1');
  if (!m || opt('filename_format') !== 'sharebench.$jobnum.$filenum' || !Number.isInteger(numjobs)) return false;
  const bytes = Number(m[1]) * 1024 ** SIZE_UNITS.indexOf(m[2] || ' ');
  for (let j = 0; j < numjobs; j++) {
    const st = await stat(join(dir, `sharebench.${j}.0`)).catch(() => null);
    if (!st || !st.isFile() || st.size < bytes) return false;
  }
  return true;
}
