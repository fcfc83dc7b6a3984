import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, type Accelerator, lastLines } from '@sharebench/core';
import type { KvmVerdict } from './kvm.js';
import { runInGroup } from '@sharebench/host';
import { message } from '../messages.js';

/** What a probe boot boots: the real guest image, with the QEMU and firmware the guests use. */
export interface ProbeTarget {
  qemuPath: string;
  firmwarePath: string | null;
  /** `-L` firmware directories of an obtained QEMU (its suite's ROMs); none for the host's. */
  firmwareDirs?: readonly string[];
  kernelPath: string;
  initramfsPath: string;
  /** The guest image's cache key: a new image is probed anew. */
  imageKey: string;
}

/** A probe's verdict with its measurements, as cached and recorded in provenance. */
export interface KvmProbe extends KvmVerdict {
  /** Boot-to-poweroff wall time under KVM, ms; null when it did not finish. */
  kvmMs: number | null;
  /** The same under TCG, ms; measured only when KVM was not clearly fast. */
  tcgMs: number | null;
  probedAt: string;
  /** Wall time this call spent probing, ms (0 when the verdict came from the cache). */
  costMs: number;
}

export interface ProbeOptions {
  /** Verdicts are kept in `<cacheDir>/accel/`, one per (host boot, QEMU binary, guest image). */
  cacheDir: string;
  /** Past this a KVM boot counts as failed, ms. */
  kvmDeadlineMs?: number;
  /** A KVM boot this fast needs no TCG comparison, ms. */
  clearlyFastMs?: number;
}

// On hardware KVM the guest kernel reaches userspace and powers off in well under a second; TCG
// takes about 2-3 s on one core; a KVM that cannot run a stock kernel (PVM) takes minutes.
const KVM_DEADLINE_MS = 10_000;
const CLEARLY_FAST_MS = 1_500;
const TCG_DEADLINE_MS = 60_000;

/**
 * Boots the guest kernel with `-accel kvm -cpu host` (what the guests will use) to its initramfs,
 * where busybox powers it off at once, and judges KVM by that: usable when the boot finishes and
 * is clearly fast, or faster than the same boot under TCG. A QEMU that aborts, or a boot that
 * misses the deadline, makes KVM unusable with QEMU's own last words as the reason. The verdict
 * is cached per host boot, QEMU binary and guest image, so the cost is paid once.
 */
export async function probeKvm(target: ProbeTarget, options: ProbeOptions): Promise<KvmProbe> {
  const cachePath = join(options.cacheDir, 'accel', `${await probeKey(target)}.json`);
  const cached = await readFile(cachePath, 'utf8').then((t) => JSON.parse(t) as KvmProbe, () => null);
  if (cached && typeof cached.usable === 'boolean') return { ...cached, costMs: 0 };

  const started = performance.now();
  const kvmDeadlineMs = options.kvmDeadlineMs ?? KVM_DEADLINE_MS;
  const kvm = await bootToPoweroff(target, 'kvm', kvmDeadlineMs);
  let verdict: Omit<KvmProbe, 'probedAt' | 'costMs'>;
  if (!kvm.ok) {
    verdict = { usable: false, reason: message.kvmProbeFailed(kvm.why), kvmMs: null, tcgMs: null };
  } else if (kvm.ms <= (options.clearlyFastMs ?? CLEARLY_FAST_MS)) {
    verdict = { usable: true, reason: message.kvmProbeFast(kvm.ms), kvmMs: kvm.ms, tcgMs: null };
  } else {
    const tcg = await bootToPoweroff(target, 'tcg', TCG_DEADLINE_MS);
    const tcgMs = tcg.ok ? tcg.ms : null;
    const faster = tcgMs === null || kvm.ms < tcgMs;
    verdict = {
      usable: faster,
      reason: message.kvmProbeCompared(kvm.ms, tcgMs, tcg.ok ? '' : tcg.why, faster),
      kvmMs: kvm.ms,
      tcgMs,
    };
  }
  const probe: KvmProbe = { ...verdict, probedAt: new Date().toISOString(), costMs: performance.now() - started };
  await writeFileAtomic(cachePath, JSON.stringify(probe, null, 2) + '\n');
  return probe;
}

type Boot = { ok: true; ms: number } | { ok: false; why: string };

async function bootToPoweroff(target: ProbeTarget, accel: Accelerator, deadlineMs: number): Promise<Boot> {
  // rdinit runs busybox with the words after `--` (the kernel hands them to init): `poweroff -f`.
  const argv = [
    '-machine', 'q35',
    '-accel', accel,
    ...(accel === 'kvm' ? ['-cpu', 'host'] : []),
    '-smp', '1',
    '-m', '256M',
    ...(target.firmwareDirs ?? []).flatMap((dir) => ['-L', dir]),
    ...(target.firmwarePath ? ['-bios', target.firmwarePath] : []),
    '-kernel', target.kernelPath,
    '-initrd', target.initramfsPath,
    '-append', 'console=ttyS0 panic=-1 quiet rdinit=/bin/busybox -- poweroff -f',
    '-display', 'none',
    '-nodefaults',
    '-no-user-config',
    '-no-reboot',
    '-serial', 'stdio',
  ];
  const r = await runInGroup(target.qemuPath, argv, { timeoutMs: deadlineMs });
  const said = lastLines(`${r.stderr}\n${r.stdout}`);
  if (r.stopped === 'timedOut') return { ok: false, why: message.probeBootTimedOut(deadlineMs, said) };
  if (r.exitCode !== 0) {
    return { ok: false, why: message.probeBootFailed(r.exitCode, r.signal, said) };
  }
  if (!/reboot: Power down/.test(r.stdout)) return { ok: false, why: message.probeBootNoPowerOff(said) };
  return { ok: true, ms: r.durationMs };
}


async function probeKey(target: ProbeTarget): Promise<string> {
  const bootId = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => 'unknown')).trim();
  const qemu = await stat(target.qemuPath).then((s) => `${s.size}:${s.mtimeMs}`, () => 'missing');
  const parts = [bootId, target.qemuPath, qemu, target.firmwarePath ?? '', target.imageKey];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20);
}
