import { CACHE_CLASS, FsKind, OPS_DIRECTION, RunStatus, isCacheMode, type EnvMeta, type SessionRecord } from '@sharebench/core';
import type { SpeedupRow, SummaryRow } from '../schema.js';
import { ratioOfMeans } from '../stats/ratio-of-means.js';
import { isReason, Reason } from '../reasons.js';
import { message } from '../messages.js';

/** Why two envs are compared: the comparison family a pair belongs to. */
export type Family = 'dax' | 'fs' | 'daemon' | 'qemu' | 'kernel' | 'host' | 'explicit';

export interface EnvPair {
  candidate: string;
  baseline: string;
  family: Family;
}

/** An env as pairing sees it: what it is, and (once it ran) the stack it ran on. */
export type PairableEnv = EnvMeta & { session?: SessionRecord | null };

/**
 * The comparisons the seed study made, derived from env metadata: DAX vs the same configuration
 * without DAX; virtio-fs vs 9p of the same cache class (none/none, auto/mmap, always/loose) and
 * NUMA pinning; virtio-fs vs the network filesystems of the seed's later study (sshfs, nfs);
 * every env vs `host` when there is one.
 */
export function defaultPairs(envs: readonly PairableEnv[]): EnvPair[] {
  const pairs: EnvPair[] = [];
  const seen = new Set<string>();
  const add = (candidate: EnvMeta, baseline: EnvMeta, family: Family) => {
    const key = `${candidate.name}\u0000${baseline.name}`;
    if (candidate.name === baseline.name || seen.has(key)) return;
    seen.add(key);
    pairs.push({ candidate: candidate.name, baseline: baseline.name, family });
  };
  const cls = (e: EnvMeta) => (e.cache && isCacheMode(e.cache) ? CACHE_CLASS[e.cache] : null);
  for (const c of envs) {
    if (c.fs === FsKind.virtiofs && c.dax) {
      for (const b of envs) {
        if (b.fs === FsKind.virtiofs && !b.dax && b.cache === c.cache && b.numa === c.numa) add(c, b, 'dax');
      }
    }
  }
  for (const c of envs) {
    if (c.fs !== FsKind.virtiofs) continue;
    for (const b of envs) {
      if (b.fs === FsKind.ninep && cls(b) !== null && cls(b) === cls(c) && b.numa === c.numa) add(c, b, 'fs');
      if ((b.fs === FsKind.sshfs || b.fs === FsKind.nfs) && b.numa === c.numa) add(c, b, 'fs');
    }
  }
  // The Rust virtiofsd against the C one, at the same cache class on the same QEMU, kernel and window.
  for (const c of envs) {
    if (daemonOf(c) !== 'rust') continue;
    for (const b of envs) {
      const comparable = cls(b) === cls(c) && b.dax === c.dax && b.numa === c.numa && sameExcept(c, b, ['daemon', 'cache', 'thread_pool_size']);
      if (daemonOf(b) === 'c' && comparable) add(c, b, 'daemon');
    }
  }
  // Envs that differ only in the QEMU or only in the guest kernel: the newer against the older.
  const qemuOf = (e: PairableEnv) => (e.session && e.session.kind !== 'host' ? e.session.qemu.version : null);
  const kernelOf = (e: PairableEnv) => (e.session && e.session.kind !== 'host' ? e.session.kernel : null);
  for (const [axis, of] of [['qemu', qemuOf], ['kernel', kernelOf]] as const) {
    for (const c of envs) {
      for (const b of envs) {
        const vc = of(c);
        const vb = of(b);
        if (vc && vb && vc !== vb && newer(vc, vb) && sameExcept(c, b, [axis])) add(c, b, axis);
      }
    }
  }
  const host = envs.find((e) => e.name === 'host') ?? envs.find((e) => e.fs === FsKind.host);
  if (host) for (const c of envs) add(c, host, 'host');
  return pairs;
}

function daemonOf(e: PairableEnv): 'c' | 'rust' | null {
  return e.session?.kind === 'virtiofs' ? e.session.daemon.flavour : null;
}

type Axis = 'daemon' | 'cache' | 'thread_pool_size' | 'qemu' | 'kernel';

// What makes two envs' stacks comparable: every setting but the axes being compared.
function stackSignature(e: PairableEnv, except: readonly Axis[]): string | null {
  const s = e.session;
  if (!s || s.kind === 'host') return null;
  const skip = new Set<string>(except);
  const common = {
    fs: e.fs,
    dax: e.dax,
    numa: e.numa,
    accel: s.accel,
    vcpus: s.vcpus,
    memory_bytes: s.memory_bytes,
    qemu: skip.has('qemu') ? null : s.qemu.version,
    kernel: skip.has('kernel') ? null : s.kernel,
    cache: skip.has('cache') ? null : s.cache,
  };
  const own =
    s.kind === 'virtiofs'
      ? {
          daemon: skip.has('daemon') ? null : s.daemon.version,
          thread_pool_size: skip.has('thread_pool_size') ? null : s.thread_pool_size,
          xattr: s.xattr,
          allow_direct_io: s.allow_direct_io,
          allow_mmap: s.allow_mmap,
          inode_file_handles: s.inode_file_handles,
        }
      : { msize: s.msize };
  return JSON.stringify({ ...common, ...own });
}

function sameExcept(a: PairableEnv, b: PairableEnv, except: readonly Axis[]): boolean {
  const sa = stackSignature(a, except);
  return sa !== null && sa === stackSignature(b, except);
}

// Version strings compared by their numbers: "6.12.95+deb12-amd64" is newer than "6.1.0-57-amd64".
function newer(a: string, b: string): boolean {
  const nums = (v: string) => (v.match(/\d+/g) ?? []).map(Number);
  const [x, y] = [nums(a), nums(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) > (y[i] ?? -1);
  }
  return false;
}

/**
 * Ratio of means (candidate / baseline) of the row family's metric (bw_bytes for I/O jobs,
 * ops_per_s for metadata and tree jobs, whose direction is `ops`) for every pair on the same job,
 * direction, client host and machine (host_id: a pair never crosses hosts), with a 95% CI from
 * the delta method on the log ratio and Welch's degrees of freedom (ratioOfMeans).
 */
export function speedups(summary: readonly SummaryRow[], pairs: readonly EnvPair[]): SpeedupRow[] {
  const byCell = new Map<string, SummaryRow>();
  const cellKey = (env: string, r: Pick<SummaryRow, 'campaign' | 'host_id' | 'job' | 'direction' | 'hostname'>) =>
    [r.campaign, r.host_id ?? '', env, r.job, r.direction, r.hostname ?? ''].join('\u0000');
  for (const r of summary) byCell.set(cellKey(r.env, r), r);
  const out: SpeedupRow[] = [];
  for (const p of pairs) {
    for (const c of summary) {
      if (c.env !== p.candidate) continue;
      const b = byCell.get(cellKey(p.baseline, c));
      if (b) out.push(compare(c, b, p.family));
    }
  }
  return out;
}

function compare(c: SummaryRow, b: SummaryRow, family: Family): SpeedupRow {
  const metric = c.direction === OPS_DIRECTION ? 'ops_per_s' : 'bw_bytes';
  const stat = (r: SummaryRow) => ({ mean: r[`${metric}_mean`], sd: r[`${metric}_sd`], n: r[`${metric}_samples`].length });
  const [cs, bs] = [stat(c), stat(b)];
  const base = {
    campaign: c.campaign,
    job: c.job,
    workload: c.workload,
    ioengine: c.ioengine,
    numjobs: c.numjobs,
    direction: c.direction,
    hostname: c.hostname,
    host_id: c.host_id ?? null,
    metric,
    family,
    candidate: c.env,
    baseline: b.env,
    candidate_mean: cs.mean,
    baseline_mean: bs.mean,
    candidate_n: cs.n,
    baseline_n: bs.n,
  };
  const none = { ratio: null, log2_ratio: null, ratio_ci95_lo: null, ratio_ci95_hi: null, log_ratio_se: null, ratio_df: null, significant: null };
  const below_resolution = c.below_resolution === null && b.below_resolution === null ? null : c.below_resolution === true || b.below_resolution === true;
  const missing = [c, b].find((r) => !((stat(r).mean ?? 0) > 0));
  if (missing) {
    const status = missing.status === RunStatus.ok ? RunStatus.failed : missing.status;
    const reason =
      missing.status !== RunStatus.ok
        ? (isReason(missing.status) ? missing.status : Reason.failed)
        : stat(missing).mean === null
          ? Reason.no_samples
          : missing === b
            ? Reason.zero_baseline
            : Reason.zero_candidate;
    const what = metric === 'bw_bytes' ? 'bandwidth' : 'operations per second';
    const error = missing.error ?? (reason === Reason.no_samples ? message.noMetricRecorded(what) : message.meanOfZero(what));
    return { ...base, ...none, status, reason, reason_env: missing.env, below_resolution, error };
  }
  const r = ratioOfMeans({ mean: cs.mean!, sd: cs.sd, n: base.candidate_n }, { mean: bs.mean!, sd: bs.sd, n: base.baseline_n });
  const single = [c, b].find((x) => stat(x).n < 2);
  const reason = single
    ? Reason.one_sample
    : below_resolution
      ? Reason.below_resolution
      : r.log_ratio_se === 0
        ? Reason.zero_variance
        : null;
  const errorText: Record<string, string> = {
    [Reason.one_sample]: message.oneSampleNoCi(),
    [Reason.below_resolution]: message.belowResolution(),
    [Reason.zero_variance]: message.zeroVarianceNoCi(),
  };
  return {
    ...base,
    ratio: r.ratio,
    log2_ratio: Math.log2(r.ratio),
    ratio_ci95_lo: r.ci95_lo,
    ratio_ci95_hi: r.ci95_hi,
    log_ratio_se: r.log_ratio_se,
    ratio_df: r.df,
    significant: r.significant,
    status: RunStatus.ok,
    reason,
    reason_env: single ? single.env : null,
    below_resolution,
    error: reason === null ? null : errorText[reason]!,
  };
}
