import { describe, expect, it } from 'vitest';
import { DEVLOOP_OPS } from '@sharebench/core';
import { buildPlan, estimateMs, normalizeCampaign, type DevloopJobSpec } from '@sharebench/execute';

const FILE = '/x/data/t/campaign.json';
const norm = (raw: unknown) => normalizeCampaign(raw, FILE, 't');
const host = [{ name: 'host', kind: 'host' }];

describe('execute/campaign/normalize (developer loops)', () => {
  it('makes one job per operation, named after it, on one workspace; a campaign of developer loops alone runs no fio matrix', () => {
    const c = norm({
      envs: host,
      devloop: {
        repo: { files: 40, dirs: 4, commits: 3, file_size: '1k', changed_files: 4 },
        install: { packages: 10, files_per_package: 5, file_size: 512, workers: 4 },
        sqlite: { transactions: 10, rows_per_transaction: 10 },
        ops: ['git-status-cold', 'npm-install', 'sqlite-insert'],
      },
    });
    expect(c.jobs.map((j) => `${j.kind}:${j.name}`)).toEqual(['devloop:git-status-cold', 'devloop:npm-install', 'devloop:sqlite-insert']);
    const [status, install, sqlite] = c.jobs as DevloopJobSpec[];
    const devloop = {
      repo: { files: 40, dirs: 4, commits: 3, file_size_bytes: 1024, changed_files: 4 },
      install: { packages: 10, files_per_package: 5, file_size_bytes: 512, workers: 4 },
      sqlite: { transactions: 10, rows_per_transaction: 10 },
    };
    expect(status).toMatchObject({ workload: 'git-status-cold', ioengine: 'git', numjobs: 1, devloop, size_bytes: 40 * 1024 });
    // The install's workers are its jobs at once.
    expect(install).toMatchObject({ ioengine: 'busybox', numjobs: 4, size_bytes: 50 * 512 });
    expect(sqlite).toMatchObject({ ioengine: 'sqlite3', numjobs: 1 });
    expect(status!.devloop).toBe(sqlite!.devloop);
  });

  it('takes defaults sized for KVM and every operation in the documented order', () => {
    const c = norm({ envs: host, devloop: {} });
    expect(c.jobs.map((j) => j.name)).toEqual([...DEVLOOP_OPS]);
    expect((c.jobs[0] as DevloopJobSpec).devloop.repo).toEqual({ files: 2000, dirs: 100, commits: 5, file_size_bytes: 4096, changed_files: 50 });
    expect(buildPlan(c, { jobs: ['git-*'] }).runs.map((r) => r.job.name).slice(0, 5)).toEqual(DEVLOOP_OPS.slice(0, 5));
    // Estimated and limited like the other file jobs: the limit covers a slow guest's preparation.
    const guest = norm({ envs: [{ name: '9p-none', kind: '9p', cache: 'none' }], devloop: {} });
    const plan = buildPlan(guest, {});
    // A guest's status of 2000 files: two tool starts and every file twice at the TCG cost of one.
    expect(estimateMs(plan.runs.filter((r) => r.job.name === 'git-status-cold'), plan.envs)).toBeGreaterThan(3 * (2 * 1500 + 2 * 2000 * 20));
    expect(c.timeoutMs).toBeGreaterThan(120_000);
  });

  it.each([
    ['an unknown operation', { ops: ['yarn-install'] }, /devloop\.ops\[0\]: "yarn-install" is not a developer-loop operation; allowed: git-status-cold, /],
    ['an operation listed twice', { ops: ['git-diff', 'git-diff'] }, /devloop\.ops\[1\]: "git-diff" is listed twice/],
    ['a repository of one commit', { repo: { commits: 1 } }, /devloop\.repo\.commits: 1 is not an integer from 2 to 1000/],
    ['more changed files than files', { repo: { files: 5, changed_files: 6 } }, /devloop\.repo\.changed_files: 6 is not an integer from 1 to 5/],
    ['an unknown key', { npm: {} }, /devloop\.npm: unknown key; allowed keys here: repo, install, sqlite, ops/],
    ['an unknown repository key', { repo: { branches: 2 } }, /devloop\.repo\.branches: unknown key; allowed keys here: files, dirs, commits, file_size, changed_files/],
    ['a bad file size', { install: { file_size: 'small' } }, /devloop\.install\.file_size: "small" is not a size/],
  ])('refuses %s, naming the key', (_, devloop, message) => {
    expect(() => norm({ envs: host, devloop })).toThrow(message);
  });
});
