import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';

/** A temporary campaign directory `<tmp>/<name>/campaign.json` with a tiny host-only matrix. */
export async function tinyHostCampaign(name: string, over: Record<string, unknown> = {}): Promise<{ root: string; dir: string; file: string }> {
  const root = await mkdtemp(join(os.tmpdir(), 'sharebench-test-'));
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'campaign.json');
  const campaign = {
    envs: [{ name: 'host', kind: 'host' }],
    fio: { workloads: ['randread', 'randrw'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '300ms', direct: false },
    repeats: 2,
    ...over,
  };
  await writeFile(file, JSON.stringify(campaign, null, 2));
  return { root, dir, file };
}
