import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { buildPlan, campaignHash, loadCampaign, normalizeCampaign, parseShard, selectShard, shardBlocks } from '@sharebench/execute';

const SEED = fileURLToPath(new URL('../../../../data/seed-matrix', import.meta.url));

/** A small host campaign: two host envs x 5 jobs x 2 repeats, one job twice as long as the rest. */
function hostCampaign(over: Record<string, unknown> = {}) {
  return normalizeCampaign(
    {
      envs: [
        { name: 'host', kind: 'host', dir: '/tmp/a' },
        { name: 'host-b', kind: 'host', dir: '/tmp/b' },
      ],
      fio: { workloads: ['seqread', 'randread', 'randrw', 'seqwrite'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '1s', direct: false },
      tree: { dirs: 2, files_per_dir: 3, file_size: '4k', ops: ['walk'] },
      repeats: 2,
      ...over,
    },
    '/x/small/campaign.json',
    'small',
  );
}

describe('execute/plan/shard', () => {
  it('splits a plan into disjoint shards whose union is the unsharded plan (same run keys, same order numbers)', () => {
    const c = hostCampaign();
    const full = buildPlan(c);
    const shards = [0, 1, 2].map((index) => selectShard(full, full, campaignHash(c), { index, count: 3 }));
    const keys = shards.map((s) => s.plan.runs.map((r) => `${r.order}:${r.id}`));
    const all = keys.flat();
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(full.runs.map((r) => `${r.order}:${r.id}`).sort());
    // Every shard gets work, and records which blocks and how big the whole plan is.
    for (const [i, s] of shards.entries()) {
      expect(s.plan.runs.length).toBeGreaterThan(0);
      expect(s.record).toMatchObject({ index: i, count: 3, by: 'job', plan_runs: full.runs.length, plan_blocks: 5 });
      expect(s.plan.cells).toBe(2 * s.record.blocks.length);
    }
    expect(shards.flatMap((s) => s.record.blocks).sort()).toEqual(['randread-psync', 'randrw-psync', 'seqread-psync', 'seqwrite-psync', 'tree-walk']);
  });

  it('keeps every configuration and repeat of a job in one shard', () => {
    const c = hostCampaign();
    const full = buildPlan(c);
    const shardOf = new Map<string, number>();
    for (const index of [0, 1, 2]) {
      for (const r of selectShard(full, full, campaignHash(c), { index, count: 3 }).plan.runs) {
        expect(shardOf.get(r.job.name) ?? index).toBe(index);
        shardOf.set(r.job.name, index);
      }
    }
    expect(shardOf.size).toBe(5);
  });

  it('is deterministic in (campaign, count): the same split twice, whatever --env/--jobs narrows', () => {
    const c = hostCampaign();
    const full = buildPlan(c);
    const a = shardBlocks(full, campaignHash(c), 3).map((s) => s.map((b) => b.job));
    const b = shardBlocks(buildPlan(hostCampaign()), campaignHash(hostCampaign()), 3).map((s) => s.map((x) => x.job));
    expect(b).toEqual(a);
    // Narrowed to one env: the same blocks, fewer runs.
    const narrowed = buildPlan(c, { envs: ['host-b'] });
    for (const index of [0, 1, 2]) {
      const s = selectShard(narrowed, full, campaignHash(c), { index, count: 3 });
      expect(s.record.blocks).toEqual(a[index]);
      expect(s.plan.runs.every((r) => r.env === 'host-b')).toBe(true);
    }
  });

  it('deals blocks longest first to the least loaded shard (LPT): the longest block alone, the rest balanced', () => {
    // 4 I/O jobs of 1 s (+0.7 s per run) and tree-walk, whose 9 entries cost nothing on the host.
    const fio = { workloads: ['seqread', 'randread', 'randrw', 'seqwrite'], ioengines: ['psync'], numjobs: [1], size: '1M', runtime: '3s' };
    const c = hostCampaign({ fio });
    const shards = shardBlocks(buildPlan(c), campaignHash(c), 3);
    const loads = shards.map((s) => s.reduce((t, b) => t + b.estimateMs, 0));
    const io = 2 * 2 * (3000 + 700);
    const walk = 2 * 2 * 700;
    // By hand: four equal I/O blocks over three shards give one shard two of them; the walk goes to a lighter one.
    expect([...loads].sort((x, y) => x - y)).toEqual([io, io + walk, 2 * io]);
  });

  it('splits the seed matrix (30 jobs x 19 configurations x 3 repeats) into 8 shards within one block of each other', async () => {
    const c = await loadCampaign(SEED);
    const full = buildPlan(c);
    const shards = shardBlocks(full, campaignHash(c), 8);
    const loads = shards.map((s) => s.reduce((t, b) => t + b.estimateMs, 0));
    const largest = Math.max(...shards.flat().map((b) => b.estimateMs));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(largest);
    expect(shards.flat().reduce((t, b) => t + b.runs.length, 0)).toBe(full.runs.length);
    expect(shards.map((s) => s.length).reduce((a, b) => a + b)).toBe(30);
  });

  it('gives an empty shard when there are more shards than jobs', () => {
    const c = hostCampaign();
    const full = buildPlan(c);
    const s = selectShard(full, full, campaignHash(c), { index: 6, count: 7 });
    expect(s.plan.runs).toEqual([]);
    expect(s.record.blocks).toEqual([]);
  });

  it('reads --shard i/n and refuses what is not one, in one line', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    for (const bad of ['3/3', '1/0', '-1/3', 'a/b', '1', '1/3/4', '']) {
      expect(() => parseShard(bad)).toThrow(/^--shard: .* is not a shard; write i\/n with 0 <= i < n \(0-based/);
    }
  });
});
