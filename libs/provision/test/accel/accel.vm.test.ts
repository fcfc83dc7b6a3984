import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAccel } from '../../src/accel/accel.js';
import { HOST_KVM_PATHS, kvmHostCheck, type KvmHostPaths } from '../../src/accel/kvm.js';
import { probeKvm, type ProbeTarget } from '../../src/accel/kvm-probe.js';
import { ensureGuestImage } from '../../src/guest/image.js';
import { findQboot, findQemu } from '../../src/guest/qemu-binaries.js';
import { cacheDir } from '@sharebench/provision/testing';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sharebench-accel-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A host tree that stands in for one this test is not running on: /dev/kvm, loaded modules, CPU flags. */
async function hostTree(name: string, facts: { devKvm: boolean; modules: string[]; flags: string }): Promise<KvmHostPaths> {
  const dir = join(root, name);
  await mkdir(join(dir, 'sys', 'module'), { recursive: true });
  for (const m of facts.modules) await mkdir(join(dir, 'sys', 'module', m));
  if (facts.devKvm) await writeFile(join(dir, 'kvm'), '');
  await writeFile(join(dir, 'cpuinfo'), `processor\t: 0\nflags\t\t: ${facts.flags}\n`);
  return { devKvm: join(dir, 'kvm'), sysModule: join(dir, 'sys', 'module'), cpuinfo: join(dir, 'cpuinfo') };
}

// What QEMU 7.2 prints on a PVM host with -cpu host before it aborts.
const QEMU_MSR_ABORT =
  'qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69\n' +
  "qemu-system-x86_64: ../target/i386/kvm/kvm.c:3085: kvm_buf_set_msrs: Assertion `ret == cpu->kvm_msr_buf->nmsrs' failed.\n";

/**
 * A QEMU stand-in (a fault injected beside the real binary): behaves per accelerator as told. A
 * shell script, so that its own start costs milliseconds even on a loaded machine: `slow` takes
 * 2.5 s by its sleep alone, `fast` next to nothing.
 */
async function fakeQemu(name: string, behaviour: { kvm: string; tcg?: string }): Promise<{ path: string; calls: () => Promise<number> }> {
  const path = join(root, `${name}.sh`);
  const log = join(root, `${name}.calls`);
  const body = (b: string) => ({
    abort: `printf '%s' ${shellQuote(QEMU_MSR_ABORT)} >&2; kill -ABRT $$`,
    hang: 'exec sleep 600',
    slow: "sleep 2.5; echo '[    1.0] reboot: Power down'",
    fast: "echo '[    0.1] reboot: Power down'",
  })[b];
  await writeFile(
    path,
    `#!/bin/sh
printf x >> ${shellQuote(log)}
accel=
while [ $# -gt 0 ]; do
  if [ "$1" = -accel ]; then accel=$2; fi
  shift
done
if [ "$accel" = kvm ]; then ${body(behaviour.kvm)}; else ${body(behaviour.tcg ?? 'fast')}; fi
`,
  );
  await chmod(path, 0o755);
  return { path, calls: async () => (await readFile(log, 'utf8').catch(() => '')).length };
}

const shellQuote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

const target = (qemuPath: string, imageKey: string): ProbeTarget => ({
  qemuPath,
  firmwarePath: null,
  kernelPath: '/nonexistent/vmlinux',
  initramfsPath: '/nonexistent/initrd',
  imageKey,
});

describe('system/kvm host checks', () => {
  it('never takes this machine\'s KVM for usable when it is PVM or absent', async () => {
    const verdict = await kvmHostCheck();
    const exists = async (p: string) => access(p).then(() => true, () => false);
    if (!(await exists(HOST_KVM_PATHS.devKvm))) expect(verdict.reason).toMatch(/does not exist/);
    if (await exists('/sys/module/kvm_pvm')) expect(verdict.usable).toBe(false);
    if (verdict.usable) expect(await readFile('/proc/cpuinfo', 'utf8')).toMatch(/\b(vmx|svm)\b/);
  });
});

describe('system/kvm-probe', () => {
  it('judges KVM unusable when QEMU aborts under it, with QEMU\'s own words', async () => {
    const qemu = await fakeQemu('abort', { kvm: 'abort' });
    const probe = await probeKvm(target(qemu.path, 'abort'), { cacheDir: join(root, 'cache-abort') });
    expect(probe.usable).toBe(false);
    expect(probe.reason).toMatch(/under KVM failed: QEMU was killed by SIGABRT: .*kvm_buf_set_msrs: Assertion/);
    expect(probe.kvmMs).toBeNull();
  });

  it('judges KVM unusable when the boot misses the deadline, and keeps the verdict for the next call', async () => {
    const qemu = await fakeQemu('hang', { kvm: 'hang' });
    const options = { cacheDir: join(root, 'cache-hang'), kvmDeadlineMs: 500 };
    const probe = await probeKvm(target(qemu.path, 'hang'), options);
    expect(probe).toMatchObject({ usable: false, reason: expect.stringMatching(/did not finish within 0.5 s/) });
    expect(probe.costMs).toBeGreaterThan(400);
    const again = await probeKvm(target(qemu.path, 'hang'), options);
    expect(again).toMatchObject({ usable: false, reason: probe.reason, costMs: 0 });
    expect(await qemu.calls()).toBe(1);
    // Another guest image is probed anew.
    await probeKvm(target(qemu.path, 'other-image'), options);
    expect(await qemu.calls()).toBe(2);
  });

  it('compares with TCG when KVM is not clearly fast, and keeps KVM only when it wins', async () => {
    // Thresholds the fakes are on either side of by construction: a 2.5 s sleep is never under 1 s.
    const slow = await fakeQemu('slow', { kvm: 'slow', tcg: 'fast' });
    const probe = await probeKvm(target(slow.path, 'slow'), { cacheDir: join(root, 'cache-slow'), clearlyFastMs: 1000 });
    expect(probe.usable).toBe(false);
    expect(probe.reason).toMatch(/took \d+ ms under KVM and \d+ ms under TCG: this KVM runs a stock kernel slower than emulation/);
    expect(probe.kvmMs).toBeGreaterThan(probe.tcgMs!);
    const fast = await fakeQemu('fast', { kvm: 'fast' });
    const ok = await probeKvm(target(fast.path, 'fast'), { cacheDir: join(root, 'cache-fast'), clearlyFastMs: 2000 });
    expect(ok).toMatchObject({ usable: true, tcgMs: null });
    expect(ok.reason).toMatch(/reached userspace and powered off in \d+ ms/);
  });

  it('boots the real guest image under KVM and agrees with this machine', async () => {
    const qemuPath = (await findQemu())!;
    const image = await ensureGuestImage({ cacheDir });
    const real: ProbeTarget = {
      qemuPath,
      firmwarePath: image.bootProtocol === 'pvh' ? await findQboot() : null,
      kernelPath: image.kernelPath,
      initramfsPath: image.initramfsPath,
      imageKey: image.key,
    };
    const probe = await probeKvm(real, { cacheDir: join(root, 'cache-real') });
    const host = await kvmHostCheck();
    // Where the host checks already rule KVM out, the boot cannot succeed either.
    if (!host.usable) expect(probe.usable).toBe(false);
    if (probe.usable) expect(probe.kvmMs).toBeLessThan(10_000);
    else expect(probe.reason).toMatch(/a probe boot of the guest (under KVM (failed|did not finish)|took)/);
  });
}, 120_000);

describe('system/accel', () => {
  it('falls back to TCG with the reason on auto, is unsupported on kvm, and obeys tcg', async () => {
    const pvm = await hostTree('pvm-choice', { devKvm: true, modules: ['kvm_pvm'], flags: 'fpu' });
    const noTarget = async () => null;
    const auto = await chooseAccel('auto', { cacheDir: root, target: noTarget, paths: pvm });
    expect(auto).toMatchObject({ accel: 'tcg', reason: expect.stringMatching(/^KVM not used: .* is PVM/) });
    const kvm = await chooseAccel('kvm', { cacheDir: root, target: noTarget, paths: pvm });
    expect(kvm).toMatchObject({ accel: null, unsupported: expect.stringMatching(/accel "kvm" was asked for but .* is PVM.*use accel "auto"/) });
    expect(await chooseAccel('tcg', { cacheDir: root, target: noTarget })).toMatchObject({ accel: 'tcg', reason: 'accel "tcg" was asked for' });
  });

  it('uses the probe where the host checks pass', async () => {
    const intel = await hostTree('intel-choice', { devKvm: true, modules: ['kvm_intel'], flags: 'fpu vmx' });
    const aborting = await fakeQemu('abort-choice', { kvm: 'abort' });
    const choice = await chooseAccel('auto', { cacheDir: join(root, 'cache-choice'), target: async () => target(aborting.path, 'choice'), paths: intel });
    expect(choice).toMatchObject({ accel: 'tcg', reason: expect.stringMatching(/KVM not used: a probe boot of the guest under KVM failed/) });
    expect(choice.probe).not.toBeNull();
  });
});
