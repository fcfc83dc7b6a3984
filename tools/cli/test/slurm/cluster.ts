/**
 * A one-node Slurm cluster on 127.0.0.1 for tests, from Debian 12's packages (slurm-wlm 22.05,
 * munge 0.5.15), without systemd: munged, slurmctld and slurmd run in the foreground as children
 * of this process, with every file they write (key, socket, state, spool, logs, pid files) under
 * one directory the caller owns.
 *
 *   mungekey -> munged -F ------------------------------.
 *   slurmd -C (the node as slurmd sees it) -> slurm.conf -+-> slurmctld -D, slurmd -D -> sinfo: idle
 *   stop(): scancel all -> queue empty -> scontrol shutdown -> munged SIGTERM -> /proc: none of ours left
 *
 * Processes "of this cluster" are told apart from other engineers' clusters on the same machine by
 * what they inherited: every daemon, slurmstepd and job process carries SLURM_CONF=<this conf> in
 * /proc/<pid>/environ (sbatch exports the submitting environment), and munged has the directory
 * on its command line. Zombies are ignored: PID 1 here reaps no orphans, and slurmstepd double-forks.
 */
import { execa, type Result, type ResultPromise } from 'execa';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { allProcStats, isDefunct } from '@sharebench/host';

/** The Debian packages' programs (slurm-wlm, munge). */
export const SLURM_PROGRAMS = {
  mungekey: '/usr/sbin/mungekey',
  munged: '/usr/sbin/munged',
  slurmctld: '/usr/sbin/slurmctld',
  slurmd: '/usr/sbin/slurmd',
  sbatch: '/usr/bin/sbatch',
  squeue: '/usr/bin/squeue',
  scontrol: '/usr/bin/scontrol',
  scancel: '/usr/bin/scancel',
  sinfo: '/usr/bin/sinfo',
  srun: '/usr/bin/srun',
} as const;

/** Job states after which a job does nothing more (squeue(1), JOB STATE CODES). */
export const TERMINAL_STATES: ReadonlySet<string> = new Set([
  'BOOT_FAIL',
  'CANCELLED',
  'COMPLETED',
  'DEADLINE',
  'FAILED',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'PREEMPTED',
  'TIMEOUT',
]);

export interface SlurmClusterOptions {
  /** An empty directory for everything the cluster writes; the caller removes it after stop(). */
  dir: string;
  /** Partition name (the default partition). */
  partition?: string;
  /** How long the node may take to become idle, ms (a bound on a readiness poll, not a delay). */
  readyWithinMs?: number;
}

/** One job (or array task) as `scontrol show job -o` or the jobcomp file records it. */
export interface SlurmJob {
  /** Slurm's own id of this record ("20"); for an array task, also see arrayJobId/arrayTaskId. */
  jobId: string;
  arrayJobId: string | null;
  /** "1" for a task; "1-2" for the record of an array's still-pending tasks. */
  arrayTaskId: string | null;
  /** "A_i" for an array task, else the job id: what scancel and scontrol accept. */
  name: string;
  state: string;
  reason: string | null;
  /** The batch script's exit status (ExitCode=status:signal), null when unknown. */
  exitCode: number | null;
  exitSignal: number | null;
  nodeList: string | null;
  stdout: string | null;
  /** Every key=value of the record, as Slurm wrote it. */
  fields: Readonly<Record<string, string>>;
}

/** A live process of this cluster, found in /proc. */
export interface ClusterProcess {
  pid: number;
  ppid: number;
  comm: string;
  state: string;
  cmdline: string;
}

export interface SlurmCluster {
  readonly dir: string;
  /** Path of slurm.conf. */
  readonly conf: string;
  /** The environment every Slurm client command needs (SLURM_CONF), merged into `clientEnv`. */
  readonly env: Readonly<Record<string, string>>;
  /** process.env without any outer SLURM_ and SBATCH_ variables, plus `env`: give it to every client call. */
  readonly clientEnv: Readonly<Record<string, string>>;
  readonly nodeName: string;
  readonly cpus: number;
  readonly partition: string;
  /** The daemons' pids: munged, slurmctld, slurmd. */
  readonly pids: Readonly<{ munged: number; slurmctld: number; slurmd: number }>;
  /** Runs a Slurm client (`sbatch`, `squeue`, `srun`, ...) with this cluster's environment; never rejects. */
  client(program: keyof typeof SLURM_PROGRAMS, args: readonly string[], options?: ClientOptions): Promise<Result>;
  /** `sbatch --parsable ...args`; resolves to the job id; throws with sbatch's stderr on refusal. */
  sbatch(args: readonly string[], options?: ClientOptions): Promise<string>;
  /** The queue: pending, running and completing jobs (finished ones are not listed). */
  squeue(): Promise<Array<{ name: string; state: string; reason: string }>>;
  /** `scontrol show job -o <id>`: every record of a job or array (records are kept MinJobAge=3600 s). */
  jobs(id: string): Promise<SlurmJob[]>;
  /** The jobcomp file: one record per finished job or array task (sacct needs accounting storage, which this cluster has not). */
  completions(): Promise<SlurmJob[]>;
  /** `scancel <target>` (a job, an array, or one task "A_i"); throws on refusal. */
  scancel(target: string): Promise<void>;
  /** Polls `scontrol show job` until every record of `id` is in a terminal state ('ended') or has started ('started'). */
  waitJob(id: string, options?: { until?: 'started' | 'ended'; withinMs?: number }): Promise<SlurmJob[]>;
  /** The live (non-zombie) processes of this cluster now: daemons, slurmstepd, job processes and whatever they left behind. */
  processes(): ClusterProcess[];
  /**
   * Cancels every job, waits for the queue to empty, `scontrol shutdown`, stops munged by pid, then
   * lists the processes of this cluster still alive (`left`, expected empty) and SIGKILLs them, so
   * nothing stays behind even when the caller's assertion fails. Idempotent.
   */
  stop(): Promise<{ left: ClusterProcess[] }>;
  /** The last lines of the daemons' logs, for error messages. */
  logTail(lines?: number): string;
}

export interface ClientOptions {
  cwd?: string;
  /** Added to clientEnv. */
  env?: Record<string, string>;
}

const READY_WITHIN_MS = 30_000;
const STOP_WITHIN_MS = 60_000;
const POLL_MS = 100;

/** Starts munged, slurmctld and slurmd under `dir` and resolves once the node is idle; tears down what it started on failure. */
export async function startSlurmCluster(options: SlurmClusterOptions): Promise<SlurmCluster> {
  const dir = options.dir;
  const partition = options.partition ?? 'test';
  const paths = layout(dir);
  if (Buffer.byteLength(paths.mungeSocket) > 107) {
    throw new Error(`slurm cluster: ${paths.mungeSocket} is longer than a unix socket path may be (107 bytes); use a shorter dir`);
  }
  for (const d of [paths.munge, paths.state, paths.spool, paths.log]) await mkdir(d, { recursive: true });
  // munged refuses a socket that not every user can reach: each directory above it needs o+x.
  await chmod(paths.munge, 0o755);
  for (let d = dirname(paths.munge); d !== dirname(d); d = dirname(d)) {
    if (((await stat(d)).mode & 0o001) === 0) {
      throw new Error(`slurm cluster: munged needs every directory above its socket enterable by all users, and ${d} is not; chmod o+x ${d}`);
    }
  }

  const env = { SLURM_CONF: paths.conf };
  const clientEnv = cleanEnv(env);
  const children: Daemon[] = [];
  const tearDown = async () => {
    for (const c of children.reverse()) await c.stop();
  };
  try {
    await execa(SLURM_PROGRAMS.mungekey, ['--create', '--keyfile', paths.mungeKey]);
    children.push(
      daemon('munged', SLURM_PROGRAMS.munged, [
        '--foreground',
        `--socket=${paths.mungeSocket}`,
        `--key-file=${paths.mungeKey}`,
        `--pid-file=${join(paths.munge, 'munged.pid')}`,
        `--log-file=${join(paths.log, 'munged.log')}`,
        `--seed-file=${join(paths.munge, 'munged.seed')}`,
      ], clientEnv, join(paths.log, 'munged.out')),
    );
    const node = await nodeLine();
    const [ctldPort, slurmdPort] = await freePorts(2);
    await writeFile(paths.conf, slurmConf({ dir, paths, node, partition, ctldPort: ctldPort!, slurmdPort: slurmdPort! }));
    // slurmctld and slurmd talk through munged: its socket must exist before they start.
    await until(() => isSocket(paths.mungeSocket), 10_000, () => `munged did not create ${paths.mungeSocket}`, children);
    children.push(daemon('slurmctld', SLURM_PROGRAMS.slurmctld, ['-D'], clientEnv, join(paths.log, 'slurmctld.out')));
    children.push(daemon('slurmd', SLURM_PROGRAMS.slurmd, ['-D'], clientEnv, join(paths.log, 'slurmd.out')));
    let seen = '';
    await until(
      async () => {
        const r = await execa(SLURM_PROGRAMS.sinfo, ['-h', '-o', '%T'], { env: clientEnv, extendEnv: false, reject: false });
        seen = String(r.stdout).trim() || String(r.stderr).trim();
        return seen === 'idle';
      },
      options.readyWithinMs ?? READY_WITHIN_MS,
      () => `node ${node.name} not idle (sinfo: ${seen || 'nothing'})`,
      children,
    );
    return cluster({ dir, partition, paths, env, clientEnv, node, children });
  } catch (err) {
    const tail = logTail(paths.log, 15);
    await tearDown();
    throw new Error(`slurm cluster in ${dir} did not start: ${(err as Error).message}\n${tail}`, { cause: err });
  }
}

interface Paths {
  conf: string;
  munge: string;
  mungeKey: string;
  mungeSocket: string;
  state: string;
  spool: string;
  log: string;
  jobcomp: string;
}

function layout(dir: string): Paths {
  const munge = join(dir, 'munge');
  const log = join(dir, 'log');
  return {
    conf: join(dir, 'slurm.conf'),
    munge,
    mungeKey: join(munge, 'munge.key'),
    mungeSocket: join(munge, 'munge.socket'),
    state: join(dir, 'state'),
    spool: join(dir, 'spool'),
    log,
    jobcomp: join(log, 'jobcomp.txt'),
  };
}

interface NodeLine {
  name: string;
  cpus: number;
  /** `NodeName=... CPUs=... Boards=... RealMemory=...` as `slurmd -C` printed it. */
  line: string;
}

/** The node as slurmd measures it: a slurm.conf that says less (or other sockets/cores) drains it. */
async function nodeLine(): Promise<NodeLine> {
  const r = await execa(SLURM_PROGRAMS.slurmd, ['-C'], { env: cleanEnv({}), extendEnv: false });
  const line = String(r.stdout).split('\n').find((l) => l.startsWith('NodeName='));
  const name = line && /^NodeName=(\S+)/.exec(line)?.[1];
  const cpus = line && Number(/\bCPUs=(\d+)/.exec(line)?.[1]);
  if (!line || !name || !cpus) throw new Error(`slurmd -C printed no node line: ${String(r.stdout)}`);
  return { name, cpus, line: line.trim() };
}

function slurmConf(c: { dir: string; paths: Paths; node: NodeLine; partition: string; ctldPort: number; slurmdPort: number }): string {
  const p = c.paths;
  return [
    '# written by tools/cli/test/slurm/cluster.ts: a one-node test cluster on 127.0.0.1',
    'ClusterName=sharebench-test',
    `SlurmctldHost=${c.node.name}(127.0.0.1)`,
    `SlurmctldPort=${c.ctldPort}`,
    `SlurmdPort=${c.slurmdPort}`,
    'SlurmUser=root',
    'SlurmdUser=root',
    'AuthType=auth/munge',
    'CredType=cred/munge',
    `AuthInfo=socket=${p.mungeSocket}`,
    `StateSaveLocation=${p.state}`,
    `SlurmdSpoolDir=${p.spool}`,
    `SlurmctldPidFile=${join(c.dir, 'slurmctld.pid')}`,
    `SlurmdPidFile=${join(c.dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(p.log, 'slurmctld.log')}`,
    `SlurmdLogFile=${join(p.log, 'slurmd.log')}`,
    // No systemd and cgroup v1 here: track a job by its process group, bind no CPUs.
    'ProctrackType=proctrack/pgid',
    'TaskPlugin=task/none',
    // cons_tres, not linear: select/linear gives every job the whole node, so array tasks would
    // run one at a time with or without --exclusive, and a test of --exclusive could not fail.
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_CPU',
    'MpiDefault=none',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'JobCompType=jobcomp/filetxt',
    `JobCompLoc=${p.jobcomp}`,
    // Finished jobs stay visible to `scontrol show job` for an hour (default 300 s).
    'MinJobAge=3600',
    // Start the next task as soon as the node is free (the defaults leave 2-3 s between array tasks).
    'SchedulerParameters=sched_min_interval=0,batch_sched_delay=0',
    'ReturnToService=2',
    `${c.node.line} NodeAddr=127.0.0.1 State=UNKNOWN`,
    `PartitionName=${c.partition} Nodes=${c.node.name} Default=YES MaxTime=60 State=UP`,
    '',
  ].join('\n');
}

interface Daemon {
  name: string;
  pid: number;
  exited: Promise<Result>;
  done(): boolean;
  /** SIGTERM (unless `term` is false: it was asked to end otherwise), then SIGKILL if it is still there after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number, term?: boolean): Promise<void>;
}

function daemon(name: string, file: string, args: string[], env: Record<string, string>, outFile: string): Daemon {
  const child: ResultPromise = execa(file, args, {
    env,
    extendEnv: false,
    stdin: 'ignore',
    stdout: { file: outFile, append: true },
    stderr: { file: outFile, append: true },
    reject: false,
  });
  if (child.pid === undefined) throw new Error(`${file} did not start`);
  let ended = false;
  const exited = child.then((r) => {
    ended = true;
    return r;
  });
  return {
    name,
    pid: child.pid,
    exited,
    done: () => ended,
    async stop(graceMs = 10_000, term = true) {
      if (ended) return;
      if (term) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function cluster(c: {
  dir: string;
  partition: string;
  paths: Paths;
  env: Record<string, string>;
  clientEnv: Record<string, string>;
  node: NodeLine;
  children: Daemon[];
}): SlurmCluster {
  const [munged, slurmctld, slurmd] = c.children as [Daemon, Daemon, Daemon];
  const client: SlurmCluster['client'] = (program, args, options = {}) =>
    execa(SLURM_PROGRAMS[program], args, {
      env: { ...c.clientEnv, ...options.env },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
  const must = async (program: keyof typeof SLURM_PROGRAMS, args: readonly string[], options?: ClientOptions) => {
    const r = await client(program, args, options);
    if (r.exitCode !== 0) throw new Error(`${program} ${args.join(' ')}: exit ${r.exitCode}: ${String(r.stderr).trim()}`);
    return String(r.stdout);
  };
  const jobs = async (id: string) => parseJobRecords(await must('scontrol', ['show', 'job', '-o', id]));
  const processes = () => clusterProcesses(c.dir, c.paths.conf);
  let stopping: Promise<{ left: ClusterProcess[] }> | undefined;

  return {
    dir: c.dir,
    conf: c.paths.conf,
    env: c.env,
    clientEnv: c.clientEnv,
    nodeName: c.node.name,
    cpus: c.node.cpus,
    partition: c.partition,
    pids: { munged: munged.pid, slurmctld: slurmctld.pid, slurmd: slurmd.pid },
    client,
    async sbatch(args, options) {
      const out = await must('sbatch', ['--parsable', ...args], options);
      // --parsable prints "id" or "id;cluster".
      const id = out.trim().split(';')[0];
      if (!id || !/^\d+$/.test(id)) throw new Error(`sbatch printed no job id: ${out}`);
      return id;
    },
    async squeue() {
      const out = await must('squeue', ['-h', '-o', '%i|%T|%r']);
      return out
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const [name = '', state = '', reason = ''] = l.split('|');
          return { name, state, reason };
        });
    },
    jobs,
    async completions() {
      let text: string;
      try {
        text = await readFile(c.paths.jobcomp, 'utf8');
      } catch {
        return [];
      }
      return parseJobRecords(text);
    },
    async scancel(target) {
      await must('scancel', [target]);
    },
    async waitJob(id, options = {}) {
      const until_ = options.until ?? 'ended';
      const done = (j: SlurmJob) => TERMINAL_STATES.has(j.state) || (until_ === 'started' && j.state !== 'PENDING');
      let last: SlurmJob[] = [];
      await until(
        async () => {
          last = await jobs(id);
          return last.length > 0 && last.every(done);
        },
        options.withinMs ?? 300_000,
        () => `job ${id} not ${until_}: ${last.map((j) => `${j.name} ${j.state} (${j.reason ?? ''})`).join(', ') || 'no record'}`,
        c.children,
      );
      return last;
    },
    processes,
    stop() {
      stopping ??= (async () => {
        if (!slurmctld.done()) {
          await client('scancel', ['--user', 'root']);
          // Cancelled jobs get SIGTERM, then SIGKILL after KillWait (30 s).
          await until(async () => (await client('squeue', ['-h'])).stdout === '', STOP_WITHIN_MS, () => 'jobs still queued', []).catch(() => {});
          // slurmstepd ends a little after its job leaves the queue. The daemons and their helpers
          // (slurmctld's slurmscriptd) stay; slurmstepd double-forks, so it is no daemon's child.
          const daemons = new Set([munged.pid, slurmctld.pid, slurmd.pid]);
          const jobSide = () => processes().filter((p) => !daemons.has(p.pid) && !daemons.has(p.ppid));
          await until(() => jobSide().length === 0, STOP_WITHIN_MS, () => 'job processes still there', []).catch(() => {});
          await client('scontrol', ['shutdown']);
        }
        // `scontrol shutdown` ends both daemons; whichever is still there after 30 s is killed.
        await Promise.all([slurmctld.stop(30_000, false), slurmd.stop(30_000, false)]);
        await munged.stop();
        const left = processes();
        for (const p of left) {
          try {
            process.kill(p.pid, 'SIGKILL');
          } catch {
            // ESRCH: gone meanwhile.
          }
        }
        return { left };
      })();
      return stopping;
    },
    logTail: (lines = 15) => logTail(c.paths.log, lines),
  };
}

/** Parses `scontrol show job -o` output or jobcomp/filetxt lines: one record per line, space-separated key=value pairs. */
export function parseJobRecords(text: string): SlurmJob[] {
  const out: SlurmJob[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('JobId=')) continue;
    const fields: Record<string, string> = {};
    // Values hold no spaces in what we read (ids, states, paths we choose); a key starts after a space.
    for (const m of line.matchAll(/(?:^|\s)([A-Za-z][\w/:]*)=(\S*)/g)) fields[m[1]!] = m[2]!;
    const nil = (v: string | undefined) => (v === undefined || v === '' || v === '(null)' ? null : v);
    const [status, signal] = (fields['ExitCode'] ?? '').split(':');
    const jobId = fields['JobId']!;
    const arrayJobId = nil(fields['ArrayJobId']);
    const arrayTaskId = nil(fields['ArrayTaskId']);
    out.push({
      jobId,
      arrayJobId,
      arrayTaskId,
      name: arrayJobId !== null && arrayTaskId !== null ? `${arrayJobId}_${arrayTaskId}` : jobId,
      state: fields['JobState'] ?? '?',
      reason: nil(fields['Reason']),
      exitCode: status === undefined || status === '' ? null : Number(status),
      exitSignal: signal === undefined || signal === '' ? null : Number(signal),
      nodeList: nil(fields['NodeList']),
      stdout: nil(fields['StdOut']),
      fields,
    });
  }
  return out;
}

/** The live processes that carry this cluster's SLURM_CONF in their environment, or its directory on their command line. */
function clusterProcesses(dir: string, conf: string): ClusterProcess[] {
  const marker = `SLURM_CONF=${conf}`;
  const out: ClusterProcess[] = [];
  for (const st of allProcStats()) {
    if (isDefunct(st) || st.pid === process.pid) continue;
    let environ: string[];
    let cmdline: string;
    try {
      environ = readFileSync(`/proc/${st.pid}/environ`, 'utf8').split('\0');
      cmdline = readFileSync(`/proc/${st.pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      continue; // gone meanwhile
    }
    if (environ.includes(marker) || cmdline.includes(`${dir}/`)) out.push({ pid: st.pid, ppid: st.ppid, comm: st.comm, state: st.state, cmdline });
  }
  return out;
}

/** process.env without an outer Slurm job's variables (tests may themselves run under Slurm), plus `extra`. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(SLURM|SBATCH|SALLOC|SRUN|SQUEUE|SINFO|SCONTROL)_/.test(k)) continue;
    out[k] = v;
  }
  // The daemons live in /usr/sbin, which a non-login PATH may lack.
  if (!(out['PATH'] ?? '').split(':').includes('/usr/sbin')) out['PATH'] = `${out['PATH'] ?? '/usr/bin:/bin'}:/usr/sbin`;
  return { ...out, ...extra };
}

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((ok, fail) => {
      const s = createServer();
      s.once('error', fail);
      s.listen(0, '127.0.0.1', () => ok(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

async function isSocket(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isSocket(), () => false);
}

/** Polls `check` every 100 ms until it holds; throws `what()` once `withinMs` has passed (a bound on waiting for an event). */
export function pollUntil(check: () => boolean | Promise<boolean>, what: () => string, withinMs = 60_000): Promise<void> {
  return until(check, withinMs, what, []);
}

/**
 * Polls `check` every 100 ms until it holds; throws `what()` once `withinMs` has passed, or at once
 * when one of `daemons` exits meanwhile (a readiness poll ends on the first of those events).
 */
async function until(check: () => boolean | Promise<boolean>, withinMs: number, what: () => string, daemons: readonly Daemon[]): Promise<void> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    const dead = daemons.find((d) => d.done());
    if (dead) throw new Error(`${dead.name} exited (${what()})`);
    if (await check()) return;
    if (performance.now() > deadline) throw new Error(`${what()} after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function logTail(logDir: string, lines: number): string {
  const out: string[] = [];
  for (const f of ['munged.log', 'munged.out', 'slurmctld.log', 'slurmctld.out', 'slurmd.log', 'slurmd.out']) {
    try {
      const text = readFileSync(join(logDir, f), 'utf8').trimEnd().split('\n').slice(-lines);
      if (text.join('').trim()) out.push(`--- ${join(logDir, f)}`, ...text);
    } catch {
      // not written
    }
  }
  return out.join('\n');
}
