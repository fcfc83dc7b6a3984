import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { isDefunct, readProcStat } from '@sharebench/host';
import { pollUntil, startSlurmCluster, type SlurmCluster } from './cluster.js';

// Bash scripts the jobs run. Each task writes what it saw to files under the work directory;
// the test reads those files once Slurm says the job ended.

/** One array task: when it ran, the array's size, and which other tasks were inside at the same time. */
const TASK = `#!/bin/bash
set -u
dir=$1
i=$SLURM_ARRAY_TASK_ID
start=$(date +%s.%N)
before=$(ls "$dir/running")
touch "$dir/running/$i"
sleep 1
after=$(ls "$dir/running" | grep -vx "$i")
rm "$dir/running/$i"
end=$(date +%s.%N)
echo "$i $start $end $SLURM_ARRAY_JOB_ID $SLURM_ARRAY_TASK_COUNT others=$(echo $before $after | tr ' ' ',')" >> "$dir/tasks.txt"
echo "task $i on $SLURMD_NODENAME"
[ "$i" = "\${FAIL_TASK:-none}" ] && exit 1
exit 0
`;

/** The job chained afterany: when it started and what the tasks had written by then. */
const AFTER = `#!/bin/bash
set -u
dir=$1
{ echo "after $(date +%s.%N)"; cat "$dir/tasks.txt"; } > "$dir/after.txt"
`;

/** Two tasks that meet: each waits (bounded) until both have started; proves two tasks can run at once here. */
const BARRIER = `#!/bin/bash
set -u
dir=$1
touch "$dir/barrier/$SLURM_ARRAY_TASK_ID"
for _ in $(seq 1 600); do
  if [ "$(ls "$dir/barrier" | wc -l)" -ge 2 ]; then echo "$SLURM_ARRAY_TASK_ID met" >> "$dir/barrier.txt"; exit 0; fi
  sleep 0.1
done
echo "$SLURM_ARRAY_TASK_ID alone" >> "$dir/barrier.txt"
exit 1
`;

/** Task 0 starts a child in its process group and one in a session of its own, then waits; task 1 only says it ran. */
const LONG = `#!/bin/bash
set -u
dir=$1
i=$SLURM_ARRAY_TASK_ID
if [ "$i" != 0 ]; then echo ran > "$dir/long-$i.ran"; exit 0; fi
sleep 300 & echo $! > "$dir/long-0.child"
setsid sleep 300 & echo $! > "$dir/long-0.escaped"
trap 'echo TERM >> "$dir/long-0.signals"' TERM
echo $$ > "$dir/long-0.ready"
wait
`;

interface TaskLine {
  task: number;
  startS: number;
  endS: number;
  arrayJobId: string;
  count: number;
  others: string;
}

const parseTasks = (text: string): TaskLine[] =>
  text
    .trim()
    .split('\n')
    .filter((l) => /^\d+ /.test(l))
    .map((l) => {
      const [task, start, end, arrayJobId, count, others] = l.split(' ');
      const seen = others!.slice('others='.length);
      return { task: Number(task), startS: Number(start), endS: Number(end), arrayJobId: arrayJobId!, count: Number(count), others: seen };
    });

const alive = (pid: number) => {
  const st = readProcStat(pid);
  return st !== null && !isDefunct(st);
};

let root: string;
let cluster: SlurmCluster;

beforeAll(async () => {
  root = await mkdtemp(join(os.tmpdir(), 'sb-slurm-'));
  // munged's socket must be reachable by every user; mkdtemp makes 0700.
  await chmod(root, 0o755);
  cluster = await startSlurmCluster({ dir: join(root, 'cluster') });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  if (root) await rm(root, { recursive: true, force: true });
}, 120_000);

async function workDir(name: string, scripts: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'running'), { recursive: true });
  await mkdir(join(dir, 'barrier'), { recursive: true });
  await mkdir(join(dir, 'out'), { recursive: true });
  for (const [file, text] of Object.entries(scripts)) {
    await writeFile(join(dir, file), text);
    await chmod(join(dir, file), 0o755);
  }
  return dir;
}

describe('tools/cli/test/slurm/cluster (a one-node Slurm cluster from Debian packages)', () => {
  it('comes up idle with the node as slurmd measures it', async () => {
    const info = await cluster.client('sinfo', ['-h', '-N', '-o', '%N %T %c']);
    expect(String(info.stdout).trim()).toBe(`${cluster.nodeName} idle ${cluster.cpus}`);
    expect(cluster.cpus).toBe(os.cpus().length);
  });

  it('runs two tasks of an array at once when they fit the node without --exclusive (the control)', async () => {
    expect(cluster.cpus).toBeGreaterThanOrEqual(2);
    const dir = await workDir('barrier', { 'barrier.sh': BARRIER });
    const id = await cluster.sbatch(['--array=0-1', `--output=${dir}/out/%A_%a.out`, join(dir, 'barrier.sh'), dir]);
    const tasks = await cluster.waitJob(id);
    expect(tasks.map((t) => `${t.name} ${t.state}`).sort()).toEqual([`${id}_0 COMPLETED`, `${id}_1 COMPLETED`]);
    expect((await readFile(join(dir, 'barrier.txt'), 'utf8')).trim().split('\n').sort()).toEqual(['0 met', '1 met']);
  }, 120_000);

  it('runs --exclusive array tasks one after another, writes --output where it says, and chains afterany past a failed task', async () => {
    const dir = await workDir('array', { 'task.sh': TASK, 'after.sh': AFTER });
    const array = await cluster.sbatch(['--array=0-2', '--exclusive', `--output=${dir}/out/task-%A_%a.out`, join(dir, 'task.sh'), dir], {
      env: { FAIL_TASK: '1' },
    });
    const after = await cluster.sbatch([`--dependency=afterany:${array}`, `--output=${dir}/out/after.out`, join(dir, 'after.sh'), dir]);
    // afterok is never satisfied once a task failed: the job stays pending (the reason sharebench's merge is chained afterany).
    const afterOk = await cluster.sbatch([`--dependency=afterok:${array}`, `--output=${dir}/out/afterok.out`, '--wrap', 'true']);

    const [afterJob] = await cluster.waitJob(after);
    expect(afterJob?.state).toBe('COMPLETED');
    const tasks = await cluster.jobs(array);
    const byTask = new Map(tasks.map((t) => [t.arrayTaskId, t]));
    expect([...byTask.keys()].sort()).toEqual(['0', '1', '2']);
    // A task whose script exits 1 is FAILED with exit code 1; the others COMPLETED with 0.
    expect(byTask.get('0')).toMatchObject({ state: 'COMPLETED', exitCode: 0 });
    expect(byTask.get('1')).toMatchObject({ state: 'FAILED', exitCode: 1 });
    expect(byTask.get('2')).toMatchObject({ state: 'COMPLETED', exitCode: 0 });
    // The jobcomp file (this cluster's stand-in for sacct) says the same.
    const done = (await cluster.completions()).filter((j) => j.arrayJobId === array);
    expect(done.map((j) => [j.arrayTaskId, j.state, j.exitCode]).sort()).toEqual([
      ['0', 'COMPLETED', 0],
      ['1', 'FAILED', 1],
      ['2', 'COMPLETED', 0],
    ]);

    const lines = parseTasks(await readFile(join(dir, 'tasks.txt'), 'utf8')).sort((a, b) => a.startS - b.startS);
    expect(lines.map((l) => l.task).sort()).toEqual([0, 1, 2]);
    expect(lines.every((l) => l.arrayJobId === array && l.count === 3)).toBe(true);
    // One after another: no task saw another inside, and each started after the previous one ended.
    expect(lines.map((l) => l.others)).toEqual(['', '', '']);
    for (let k = 1; k < lines.length; k++) expect(lines[k]!.startS).toBeGreaterThanOrEqual(lines[k - 1]!.endS);

    // --output=%A_%a: one file per task, where it said, with the task's stdout.
    for (const i of [0, 1, 2]) {
      expect(readFileSync(join(dir, `out/task-${array}_${i}.out`), 'utf8')).toBe(`task ${i} on ${cluster.nodeName}\n`);
    }
    // The afterany job ran after every task ended, failed one included, and saw all three lines.
    const afterText = (await readFile(join(dir, 'after.txt'), 'utf8')).trim().split('\n');
    const afterStartS = Number(afterText[0]!.split(' ')[1]);
    expect(afterStartS).toBeGreaterThanOrEqual(Math.max(...lines.map((l) => l.endS)));
    expect(parseTasks(afterText.slice(1).join('\n')).map((l) => l.task).sort()).toEqual([0, 1, 2]);

    let okJob = (await cluster.jobs(afterOk))[0];
    await pollUntil(
      async () => (okJob = (await cluster.jobs(afterOk))[0])?.reason === 'DependencyNeverSatisfied',
      () => `afterok job ${afterOk}: ${okJob?.state} (${okJob?.reason})`,
    );
    expect(okJob?.state).toBe('PENDING');
    await cluster.scancel(afterOk);
  }, 180_000);

  it("scancel of one running task signals its process group only: the task's other tasks still run, a setsid child escapes", async () => {
    const dir = await workDir('cancel', { 'long.sh': LONG });
    const array = await cluster.sbatch(['--array=0-1', '--exclusive', `--output=${dir}/out/%A_%a.out`, join(dir, 'long.sh'), dir]);
    await pollUntil(() => existsSync(join(dir, 'long-0.ready')), () => `task ${array}_0 did not start`);
    const child = Number(readFileSync(join(dir, 'long-0.child'), 'utf8'));
    const escaped = Number(readFileSync(join(dir, 'long-0.escaped'), 'utf8'));
    try {
      expect(alive(child) && alive(escaped)).toBe(true);
      expect(cluster.processes().map((p) => p.pid)).toEqual(expect.arrayContaining([child, escaped]));

      await cluster.scancel(`${array}_0`);
      const [task0] = await cluster.waitJob(`${array}_0`);
      expect(task0?.state).toBe('CANCELLED');
      // The other task was not cancelled with it.
      const [task1] = await cluster.waitJob(`${array}_1`);
      expect(task1?.state).toBe('COMPLETED');
      expect(existsSync(join(dir, 'long-1.ran'))).toBe(true);

      // proctrack/pgid: the script got SIGTERM and its process group is gone ...
      expect(readFileSync(join(dir, 'long-0.signals'), 'utf8')).toBe('TERM\n');
      await pollUntil(() => !alive(child), () => `child ${child} of the cancelled task still alive`);
      // ... but a process that left the group (setsid, as sharebench's fio and QEMU do) is not
      // tracked: the program itself must stop it on SIGTERM. proctrack/cgroup would catch it.
      expect(alive(escaped)).toBe(true);
      expect(cluster.processes().map((p) => p.pid)).toContain(escaped);
    } finally {
      for (const pid of [child, escaped]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    await pollUntil(() => !alive(escaped), () => `escaped ${escaped} still alive`);
  }, 180_000);

  it('tears down: scontrol shutdown, munged by pid, and no process of the cluster left', async () => {
    const { munged, slurmctld, slurmd } = cluster.pids;
    const { left } = await cluster.stop();
    expect(left).toEqual([]);
    for (const pid of [munged, slurmctld, slurmd]) expect(alive(pid)).toBe(false);
    expect(await cluster.stop()).toEqual({ left: [] });
  }, 120_000);
});
