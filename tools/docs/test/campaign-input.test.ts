import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeCampaign } from '@sharebench/execute';

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../../docs/campaign.schema.json', import.meta.url)), 'utf8')) as {
  definitions: Record<string, { properties?: Record<string, unknown> }>;
};

// A campaign that uses every key the schema describes (but fio.jobs, numjobs' old name).
const FULL = {
  $schema: '../../docs/campaign.schema.json',
  name: 'full',
  description: 'every key',
  guest: { vcpus: 1, memory: '512M', accel: 'tcg' },
  envs: [
    { name: 'host', kind: 'host', dir: '/var/tmp/sharebench-full-host' },
    {
      name: 'vfs', kind: 'virtiofs', daemon: 'rust', cache: 'never', dax: false, thread_pool_size: 4, xattr: true, allow_direct_io: true,
      allow_mmap: true, inode_file_handles: 'prefer', sandbox: 'chroot', vcpus: 1, memory: '512M', numa: 0, accel: 'tcg',
      shared_dir: '/var/tmp/sharebench-full-share', tag: 'share', qemu: '/usr/bin/qemu-system-x86_64', guest_kernel: 'bookworm-backports',
    },
    { name: '9p', kind: '9p', cache: 'loose', msize: 262144, security_model: 'none' },
  ],
  fio: {
    workloads: ['randread', 'filecreate'], ioengines: ['psync'], numjobs: [1], blocksize: '4k', iodepth: 4, size: '16M', runtime: '1s',
    min_elapsed: '200ms', time_based: true, direct: false, rwmixread: 70, nrfiles: 10, filesize: '1k', extra: ['--norandommap=1'],
  },
  tree: { dirs: 2, files_per_dir: 3, file_size: '1k', ops: ['untar', 'walk'], min_elapsed: '200ms' },
  devloop: {
    repo: { files: 10, dirs: 2, commits: 2, file_size: '1k', changed_files: 2 },
    install: { packages: 2, files_per_package: 3, file_size: 512, workers: 2 },
    sqlite: { transactions: 2, rows_per_transaction: 3 },
    ops: ['git-diff', 'sqlite-insert'],
  },
  semantics: true,
  exclude: ['tree-walk', { env: '9p', job: 'randread-*' }],
  repeats: { min: 2, max: 4, cv: 0.1 },
  order: 'shuffled',
  seed: 7,
  timeout: '60s',
  scratch: '/var/tmp/sharebench-full-scratch',
  mode: 'replicate',
};

function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

describe('execute/campaign/input (the schema\'s source)', () => {
  it('describes no key the campaign reader does not take: a campaign with every described key normalizes', () => {
    const described = new Set(Object.values(schema.definitions).flatMap((d) => Object.keys(d.properties ?? {})));
    described.delete('jobs');
    const used = keysOf(FULL);
    expect([...described].filter((k) => !used.has(k))).toEqual([]);
    const c = normalizeCampaign(FULL, '/x/full/campaign.json', 'full');
    expect(c.envs.map((e) => e.kind)).toEqual(['host', 'virtiofs', '9p']);
    expect(c.jobs.map((j) => j.name)).toEqual(['randread-psync', 'filecreate', 'tree-untar', 'tree-walk', 'git-diff', 'sqlite-insert']);
  });

  it('describes every key the campaign reader reads (the keys normalize.ts asks its readers for)', () => {
    const source = readFileSync(fileURLToPath(new URL('../../../libs/execute/src/campaign/normalize.ts', import.meta.url)), 'utf8');
    const read = new Set([...source.matchAll(/\b[a-z]+\.(?:has|raw|string|int|bool|size|durationMs|oneOf|stringList|array|number)\('([a-z_$]+)'/g)].map((m) => m[1]!));
    const described = new Set(Object.values(schema.definitions).flatMap((d) => Object.keys(d.properties ?? {})));
    // Exclusions' env and job globs are an inline object of ExclusionInput.
    for (const k of ['env', 'job']) read.delete(k);
    expect(read.size).toBeGreaterThan(30);
    expect([...read].filter((k) => !described.has(k))).toEqual([]);
  });
});
