import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { startSlurmCluster, type SlurmCluster } from './cluster.js';

const SLURM_EXAMPLES = fileURLToPath(new URL('../../../../examples/slurm/', import.meta.url));

/**
 * A stand-in for the sharebench command on PATH, beside the real Slurm: `run --shard` and `merge`
 * are being written elsewhere, and what is tested here is the scripts' plumbing (argv, exit codes,
 * dependencies). It records its argv (NUL-separated) and SHAREBENCH_HOST_ID, makes the --out
 * directory, and exits with STUB_EXIT_<shard index> (0 when unset).
 */
const STAND_IN = `#!/bin/bash
set -u
call="$STUB_CALLS/$(date +%s%N)-$$"
printf '%s\\0' "$@" > "$call.argv"
printf '%s' "\${SHAREBENCH_HOST_ID-}" > "$call.host"
out=""
shard=""
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$2; shift ;;
    --shard) shard=$2; shift ;;
  esac
  shift
done
if [ -n "$out" ]; then mkdir -p "$out"; fi
if [ -n "$shard" ]; then v="STUB_EXIT_\${shard%%/*}"; exit "\${!v:-0}"; fi
exit 0
`;

interface Call {
  argv: string[];
  hostId: string;
}

/** The stand-in's calls so far, in the order they were made. */
function calls(dir: string): Call[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.argv'))
    .sort()
    .map((f) => ({
      argv: readFileSync(join(dir, f), 'utf8').split('\0').slice(0, -1),
      hostId: readFileSync(join(dir, f.replace(/\.argv$/, '.host')), 'utf8'),
    }));
}

let root: string;
let cluster: SlurmCluster;
let env: Record<string, string>;

beforeAll(async () => {
  root = await mkdtemp(join(os.tmpdir(), 'sb-slurm-ex-'));
  await chmod(root, 0o755);
  cluster = await startSlurmCluster({ dir: join(root, 'cluster') });
  await mkdir(join(root, 'bin'));
  await writeFile(join(root, 'bin', 'sharebench'), STAND_IN);
  await chmod(join(root, 'bin', 'sharebench'), 0o755);
  env = { ...cluster.clientEnv, PATH: `${join(root, 'bin')}:${cluster.clientEnv['PATH']}` };
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  if (root) await rm(root, { recursive: true, force: true });
}, 120_000);

/**
 * A directory for one test's calls, and its environment for the jobs. Jobs are submitted from
 * `root`: from this checkout, the scripts would find the real sharebench in node_modules/.bin.
 */
async function callDir(name: string, extra: Record<string, string> = {}): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = join(root, 'calls', name);
  await mkdir(dir, { recursive: true });
  return { dir, env: { ...env, STUB_CALLS: dir, ...extra } };
}

describe('examples/slurm on a one-node Slurm cluster (sharebench stood in for)', () => {
  it('submit.sh: a task per shard with the argv intact, exit codes passed through, the merge after them all; its redo line reruns a shard as i/n', async () => {
    const { dir, env: jobEnv } = await callDir('submit', { STUB_EXIT_1: '1' });
    // Spaces and a comma: what --export's comma list or a shell string would break.
    const campaign = join(root, 'my campaign, 1');
    const out = join(root, 'fleet out');
    await mkdir(campaign);
    const r = await execa(join(SLURM_EXAMPLES, 'submit.sh'), [campaign, out, '3'], { env: jobEnv, extendEnv: false, cwd: root });
    const array = /^shards: job array (\d+) /m.exec(r.stdout)?.[1];
    const merge = /^merge: {2}job (\d+) /m.exec(r.stdout)?.[1];
    expect(array && merge, r.stdout).toBeTruthy();

    const [mergeJob] = await cluster.waitJob(merge!);
    expect(mergeJob).toMatchObject({ state: 'COMPLETED', exitCode: 0 });
    const tasks = new Map((await cluster.jobs(array!)).map((t) => [t.arrayTaskId, t]));
    expect(tasks.get('0')).toMatchObject({ state: 'COMPLETED', exitCode: 0 });
    expect(tasks.get('1')).toMatchObject({ state: 'FAILED', exitCode: 1 });
    expect(tasks.get('2')).toMatchObject({ state: 'COMPLETED', exitCode: 0 });

    const made = calls(dir);
    const runs = made.filter((c) => c.argv[0] === 'run').map((c) => c.argv);
    expect(runs.sort((a, b) => a[3]!.localeCompare(b[3]!))).toEqual(
      [0, 1, 2].map((i) => ['run', campaign, '--shard', `${i}/3`, '--out', `${out}/shard=${i}`]),
    );
    expect(made.filter((c) => c.argv[0] === 'run').every((c) => c.hostId === cluster.nodeName)).toBe(true);
    // The merge ran last, on every shard, the failed one's included.
    expect(made.at(-1)?.argv).toEqual(['merge', '--out', `${out}/merged`, `${out}/shard=0`, `${out}/shard=1`, `${out}/shard=2`]);

    // The printed redo line, pasted into a shell for shard 1: the count stays 3.
    const redo = /^ {2}(sbatch --array=i .*)$/m.exec(r.stdout)?.[1];
    expect(redo, r.stdout).toBeTruthy();
    const line = redo!.replace('sbatch --array=i', 'sbatch --parsable --array=1');
    const again = await execa('bash', ['-c', line], { env: { ...jobEnv, STUB_EXIT_1: '0' }, extendEnv: false, cwd: root });
    const [redone] = await cluster.waitJob(again.stdout.trim().split(';')[0]!);
    expect(redone).toMatchObject({ state: 'COMPLETED', exitCode: 0 });
    expect(calls(dir).at(-1)?.argv).toEqual(['run', campaign, '--shard', '1/3', '--out', `${out}/shard=1`]);
  }, 180_000);

  it('refuses bad input in one line: submit.sh a shard count that is no number, run-shard.sbatch a task that is no shard', async () => {
    const { dir, env: jobEnv } = await callDir('refusals');
    const bad = await execa(join(SLURM_EXAMPLES, 'submit.sh'), [root, join(root, 'x'), 'three'], { env: jobEnv, extendEnv: false, reject: false });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe("submit.sh: SHARDS must be a whole number of at least 1, got 'three'; usage: submit.sh CAMPAIGN OUT SHARDS [sbatch options...]");

    const log = join(root, 'task-3.out');
    const script = join(SLURM_EXAMPLES, 'run-shard.sbatch');
    const id = await cluster.sbatch(['--array=3', `--output=${log}`, script, root, join(root, 'y'), '3'], { env: jobEnv, cwd: root });
    const [task] = await cluster.waitJob(id);
    expect(task).toMatchObject({ state: 'FAILED', exitCode: 2 });
    expect(readFileSync(log, 'utf8')).toBe("run-shard.sbatch: task '3' is not a shard of 3: submit with --array=0-2 (or --array=<i> to redo shard i)\n");
    expect(calls(dir)).toEqual([]);
  }, 120_000);

  it('replicate.sbatch: srun runs the whole campaign once per node into host=<node>, then merges in replicate mode', async () => {
    const { dir, env: jobEnv } = await callDir('replicate');
    const campaign = join(root, 'my campaign');
    const out = join(root, 'replicas out');
    // The cluster has one node: -N1 overrides the script's --nodes=2.
    const script = join(SLURM_EXAMPLES, 'replicate.sbatch');
    const id = await cluster.sbatch(['-N1', `--output=${join(root, 'replicate.out')}`, script, campaign, out], { env: jobEnv, cwd: root });
    const [job] = await cluster.waitJob(id);
    expect(job, readFileSync(join(root, 'replicate.out'), 'utf8')).toMatchObject({ state: 'COMPLETED', exitCode: 0 });
    expect(calls(dir)).toEqual([
      { argv: ['run', campaign, '--out', `${out}/host=${cluster.nodeName}`], hostId: cluster.nodeName },
      { argv: ['merge', '--mode', 'replicate', '--out', `${out}/merged`, `${out}/host=${cluster.nodeName}`], hostId: '' },
    ]);
  }, 120_000);

  it('leaves no process behind', async () => {
    expect((await cluster.stop()).left).toEqual([]);
  }, 120_000);
});
