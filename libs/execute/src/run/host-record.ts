import { createHash } from 'node:crypto';
import os from 'node:os';
import { execa } from 'execa';
import { InputError, type DatasetContext, type HostRecord, type SchedulerRecord, type ShardRecord } from '@sharebench/core';
import { bootId, hostFingerprint, hostId, schedulerProvenance } from '@sharebench/host';
import type { Plan } from '../plan/build-plan.js';
import { message } from '../messages.js';

/** The machine, its boot and its scheduler, for this invocation's context.json and run.json files. */
export interface HostIdentity {
  host_id: string;
  boot_id: string | null;
  hostname: string;
  fingerprint: Record<string, unknown>;
  fingerprint_sha256: string;
  scheduler: SchedulerRecord;
}

/**
 * Who runs this invocation: the host_id (an unsafe `$SHAREBENCH_HOST_ID` is refused), the boot,
 * a fingerprint of the machine (with the versions of fio and of the QEMUs the plan boots), and
 * the scheduler's provenance from the environment.
 */
export async function identifyHost(plan: Plan, shareDir: string): Promise<HostIdentity> {
  let id: string;
  try {
    id = hostId();
  } catch (err) {
    throw new InputError((err as Error).message, { cause: err });
  }
  const qemus = [...new Set(plan.envs.flatMap((e) => (e.kind === 'host' ? [] : [e.qemuPath ?? 'qemu-system-x86_64'])))];
  const tools: Record<string, string | null> = { fio: await version('fio') };
  for (const q of qemus) tools[qemus.length === 1 ? 'qemu' : `qemu ${q}`] = await version(q);
  const fingerprint = { ...hostFingerprint({ shareDir, tools }) } as Record<string, unknown>;
  return {
    host_id: id,
    boot_id: bootId(),
    hostname: os.hostname(),
    fingerprint,
    fingerprint_sha256: fingerprintSha256(fingerprint),
    scheduler: { ...schedulerProvenance(process.env) } as SchedulerRecord,
  };
}

/**
 * sha256 of what in a fingerprint stays put while the machine does (its JSON, keys sorted at every
 * level): the same machine gives the same hash from boot to boot and from dataset to dataset. Left
 * out: the boot id, the share directory's path (each dataset has its own scratch directory) and an
 * anonymous device number (major 0: tmpfs, overlay; numbered as mounted).
 */
export function fingerprintSha256(fingerprint: Record<string, unknown>): string {
  const { boot_id: _boot, share, ...rest } = fingerprint;
  const stable: Record<string, unknown> = { ...rest };
  if (share !== null && typeof share === 'object') {
    const { dir: _dir, device, ...where } = share as Record<string, unknown>;
    stable['share'] = typeof device === 'string' && device.startsWith('0:') ? where : { ...where, device };
  } else if (share !== undefined) stable['share'] = share;
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(stable))).digest('hex');
}

async function version(program: string): Promise<string | null> {
  const r = await execa(program, ['--version'], { reject: false, all: true, timeout: 10_000 });
  return r.exitCode === 0 ? (r.all ?? '').split('\n')[0]!.trim() : null;
}

/**
 * Records this invocation's machine in the context: `host_id` and `scheduler` say who ran last,
 * `hosts` keeps every machine (a host_id seen again with another fingerprint gets its own entry,
 * which a merge refuses: a clone, or a machine that changed between runs).
 */
export function recordHost(ctx: DatasetContext, who: HostIdentity, at: string): void {
  const hosts = ctx.hosts ?? [];
  const known = hosts.find((h) => h.host_id === who.host_id && h.fingerprint_sha256 === who.fingerprint_sha256);
  const sameScheduler = (s: SchedulerRecord) => JSON.stringify(s) === JSON.stringify(who.scheduler);
  if (known) {
    if (who.boot_id !== null && !known.boot_ids.includes(who.boot_id)) known.boot_ids.push(who.boot_id);
    if (who.scheduler.scheduler !== null && !known.schedulers.some(sameScheduler)) known.schedulers.push(who.scheduler);
    known.last_seen_at = at;
  } else {
    const entry: HostRecord = {
      host_id: who.host_id,
      hostname: who.hostname,
      fingerprint: who.fingerprint,
      fingerprint_sha256: who.fingerprint_sha256,
      boot_ids: who.boot_id === null ? [] : [who.boot_id],
      schedulers: who.scheduler.scheduler === null ? [] : [who.scheduler],
      first_seen_at: at,
      last_seen_at: at,
    };
    hosts.push(entry);
  }
  ctx.hosts = hosts;
  ctx.host_id = who.host_id;
  ctx.scheduler = who.scheduler;
}

/**
 * A dataset holds one shard of one split, or the unsharded campaign: runs of another shard (or of
 * the whole campaign) in it would be counted twice by a merge. Refused with what to do.
 */
export function checkShard(ctx: DatasetContext, dataset: string, shard: ShardRecord | null): void {
  if (!ctx.execution) return; // a new dataset
  const had = ctx.shard ?? null;
  const name = (s: ShardRecord | null) => (s === null ? message.wholeCampaign() : message.shardName(s.index, s.count));
  if (had === null && shard === null) return;
  if (had !== null && shard !== null && had.index === shard.index && had.count === shard.count) {
    if (JSON.stringify(had.blocks) === JSON.stringify(shard.blocks)) return;
    throw new InputError(message.shardBlocksMoved(dataset, had.index, had.count, had.blocks, shard.blocks));
  }
  throw new InputError(message.otherShard(dataset, name(had), name(shard), had === null ? message.noShardFlag() : `--shard ${had.index}/${had.count}`));
}
