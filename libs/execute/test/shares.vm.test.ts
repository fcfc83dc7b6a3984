import { afterEach, describe, expect, it } from 'vitest';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import { fromArrowIpc, readTableBytes, type RunRow } from '@sharebench/analysis';
import { tinyHostCampaign } from './helpers.js';

const CLI = fileURLToPath(new URL('../../../tools/cli/bin/sharebench.js', import.meta.url));
const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

const SMALL = {
  fio: { workloads: ['randread'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: false },
  tree: { dirs: 4, files_per_dir: 5, file_size: '2k', ops: ['untar', 'walk'] },
  repeats: 1,
};

// Real QEMU (TCG here), virtiofsd and QEMU's 9p server through the CLI: three boots.
describe('execute: a named share in guests', { timeout: 900_000 }, () => {
  it('marks the directory for the first guest, lets the next guest and the next campaign in, and never measures the marker', async () => {
    const first = await tinyHostCampaign('guests', SMALL);
    roots.push(first.root);
    const share = join(first.root, 'share');
    const guest = { memory: '512M', vcpus: 1, shared_dir: share };
    const envs = [{ name: '9p-loose', kind: '9p', cache: 'loose', ...guest }, { name: 'virtiofs-auto', kind: 'virtiofs', cache: 'auto', ...guest }];
    await writeFile(first.file, JSON.stringify({ ...JSON.parse(await readFile(first.file, 'utf8')), envs }));
    const run = await execaNode(CLI, ['run', first.dir, '--accel', 'tcg'], { reject: false });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/6 run rows for this plan: 6 ok/);
    const rows = fromArrowIpc<RunRow>(await readTableBytes(first.dir, 'runs'));
    expect(rows.filter((r) => r.job === 'tree-walk').map((r) => [r.env, r.total_ios])).toEqual([['9p-loose', 25], ['virtiofs-auto', 25]]);
    const marker = JSON.parse(await readFile(join(share, '.sharebench-share'), 'utf8'));
    expect(marker).toMatchObject({ dataset: first.dir, campaign: 'guests' });
    expect(await readdir(share)).toEqual(['.sharebench-share']);
    const ctx = JSON.parse(await readFile(join(first.dir, 'context.json'), 'utf8'));
    expect(ctx.envs.map((e: { session: { security_model?: string } }) => e.session.security_model ?? null)).toEqual(['mapped-xattr', null]);

    // Leftovers of a killed run beside the marker: the next campaign still uses the directory.
    await writeFile(join(share, 'sharebench.0.0'), 'left by a killed run');
    const second = await tinyHostCampaign('again', { ...SMALL, tree: undefined, envs: [envs[0]] });
    roots.push(second.root);
    const again = await execaNode(CLI, ['run', second.dir, '--accel', 'tcg'], { reject: false });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/1 run rows for this plan: 1 ok/);
    expect(JSON.parse(await readFile(join(share, '.sharebench-share'), 'utf8'))).toEqual(marker);
  });
});
