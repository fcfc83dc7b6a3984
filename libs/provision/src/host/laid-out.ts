import { stat } from 'node:fs/promises';
import { join } from 'node:path';

const SIZE_UNITS = ' kmgt';

/**
 * True when every file a job will use already exists at full size in `dir` (as the host sees
 * it), in sharebench's file naming: `sharebench.<jobnum>.0` of --size for each of an I/O job's
 * jobs, or `<workdir>/f.<jobnum>.<filenum>` of --filesize, --nrfiles of them per job, for a
 * metadata job. Then layout, an fio start of its own, can be skipped; anything else (other
 * naming, unknown size) says false.
 */
export async function laidOut(dir: string, args: readonly string[]): Promise<boolean> {
  const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const bytesOf = (v: string | undefined) => {
    const m = /^(\d+)([kmgt]?)$/.exec(v ?? '');
    return m ? Number(m[1]) * 1024 ** SIZE_UNITS.indexOf(m[2] || ' ') : null;
  };
  const numjobs = Number(opt('numjobs') ?? '1');
  if (!Number.isInteger(numjobs)) return false;
  const format = opt('filename_format');
  const meta = /^([A-Za-z0-9._-]+)\/f\.\$jobnum\.\$filenum$/.exec(format ?? '');
  let files: string[];
  let bytes: number | null;
  if (format === 'sharebench.$jobnum.$filenum') {
    bytes = bytesOf(opt('size'));
    files = Array.from({ length: numjobs }, (_, j) => `sharebench.${j}.0`);
  } else if (meta) {
    const nrfiles = Number(opt('nrfiles'));
    bytes = bytesOf(opt('filesize'));
    if (!Number.isInteger(nrfiles) || nrfiles < 1) return false;
    files = Array.from({ length: numjobs * nrfiles }, (_, i) => `${meta[1]}/f.${Math.floor(i / nrfiles)}.${i % nrfiles}`);
  } else {
    return false;
  }
  if (bytes === null) return false;
  for (const file of files) {
    const st = await stat(join(dir, file)).catch(() => null);
    if (!st || !st.isFile() || st.size < bytes) return false;
  }
  return true;
}
