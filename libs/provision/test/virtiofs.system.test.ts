import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createVirtiofsEnvironment } from '../src/virtiofs.js';
import { EnvironmentError } from '../src/types.js';
import { findQemu, qemuHasDaxWindow } from '../src/guest/qemu-binaries.js';
import { cacheDir, virtiofsSpec } from '@sharebench/provision/testing';

const qemuLacksDax = !(await qemuHasDaxWindow((await findQemu()) ?? 'qemu-system-x86_64'));

// Real QEMU, numactl and the host's KVM facts, but no guest is booted.
describe('virtiofs (before booting)', () => {
  const ctx = { scratchRoot: '/nonexistent/scratch', cacheDir: '/nonexistent/cache' };

  it('is unsupported, before booting, when a DAX window is asked of a QEMU without one (and supported where QEMU has one)', async () => {
    const environment = createVirtiofsEnvironment(virtiofsSpec('vfs-dax', { daxWindowBytes: 2 ** 30 }), ctx);
    expect(environment.meta.dax).toBe(true);
    if (!qemuLacksDax) {
      expect(await environment.unsupportedReason()).toBeNull();
      return;
    }
    expect(await environment.unsupportedReason()).toMatch(/has no DAX window for virtio-fs \(its vhost-user-fs-pci has no cache-size property\)/);
    const error = await environment.open({ logDir: '/nonexistent/logs' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/unsupported here: .*DAX window/);
  });

  it('is unsupported, before booting, when KVM is demanded where it is not usable', async () => {
    // The probe's verdict is kept in the real image cache; the scratch root is never used.
    const environment = createVirtiofsEnvironment(virtiofsSpec('vfs-kvm', { accel: 'kvm' }), { scratchRoot: '/nonexistent/scratch', cacheDir });
    const reason = await environment.unsupportedReason();
    const fallBack = '; use accel "auto" (or --accel auto) to fall back to TCG';
    // Told apart without the code under test: no /dev/kvm, no KVM. With one, only a probe boot can tell.
    if (!existsSync('/dev/kvm')) expect(reason).toBe(`accel "kvm" was asked for but /dev/kvm does not exist (no KVM on this machine)${fallBack}`);
    else expect(reason === null || (reason.startsWith('accel "kvm" was asked for but ') && reason.endsWith(fallBack)), String(reason)).toBe(true);
  });

  it('is unsupported when pinned to a NUMA node the host does not have', async () => {
    // numactl is one of the tests' packages: the reason is the node, never a missing numactl.
    expect(await createVirtiofsEnvironment(virtiofsSpec('vfs-numa', { numa: 4095 }), ctx).unsupportedReason()).toMatch(/no NUMA node 4095/);
  });
});
