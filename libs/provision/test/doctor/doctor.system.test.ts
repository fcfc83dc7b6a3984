import { describe, expect, it } from 'vitest';
import { runDoctor, type DoctorCheck } from '../../src/doctor/doctor.js';
import { packagesToInstall } from '../../src/doctor/packages-to-install.js';
import { cacheDir } from '@sharebench/provision/testing';
import { cachedDebianQemus } from '@sharebench/guest-image';

describe('doctor/doctor', () => {
  it('checks every tool and feature the environments need, with the package that fixes each', async () => {
    const rows = await runDoctor({ cacheDir });
    // QEMUs from Debian packages: a row each (after the host's QEMU), or one saying how to get one.
    const obtained = await cachedDebianQemus(cacheDir);
    const debianRows = rows.filter((r) => r.what.startsWith('QEMU '));
    expect(rows.indexOf(debianRows[0]!)).toBe(1);
    if (obtained.length === 0) expect(debianRows).toMatchObject([{ what: 'QEMU from Debian packages', status: 'missing', required: false }]);
    else {
      expect(debianRows.map((r) => r.what)).toEqual(obtained.map((q) => `QEMU ${q.packageVersion}`));
      for (const [i, q] of obtained.entries()) {
        expect(debianRows[i]).toMatchObject({ status: 'found', required: false });
        expect(debianRows[i]!.detail).toContain(`${q.path}: ${q.version}, from ${q.suite}`);
      }
    }
    expect(rows.filter((r) => !debianRows.includes(r)).map((r) => r.what)).toEqual([
      'qemu-system-x86_64',
      'virtiofsd',
      'virtiofsd (Rust)',
      'patchelf',
      'fio',
      'git',
      'sqlite3',
      'busybox-static',
      'numactl',
      'accelerator (KVM)',
      'root',
      'virtio-fs DAX window',
      'xz',
      'qboot firmware',
      'guest image',
    ]);
    const byWhat = new Map(rows.map((r) => [r.what, r]));
    expect(byWhat.get('qemu-system-x86_64')).toMatchObject({ fixPackage: 'qemu-system-x86', required: true, neededBy: ['virtiofs', '9p'] });
    expect(byWhat.get('busybox-static')?.fixPackage).toBe('busybox-static');
    // The developer loops' tools: optional, on every kind (the host env runs the same binaries).
    expect(byWhat.get('sqlite3')).toMatchObject({ fixPackage: 'sqlite3', required: false, neededBy: ['host', 'virtiofs', '9p'], status: 'found' });
    expect(byWhat.get('git')!.detail).toMatch(/^\/usr\/bin\/git: git version \d.* \(guest images carry this same binary\)$/);
    expect(byWhat.get('patchelf')).toMatchObject({ fixPackage: 'patchelf', required: false });
    // Without KVM guests still run (TCG): not required, no package can fix it, and the row says why.
    const accel = byWhat.get('accelerator (KVM)')!;
    expect(accel).toMatchObject({ required: false, fixPackage: null });
    expect(accel.detail).toMatch(accel.status === 'found' ? /^guests use KVM: / : /^guests run under TCG .*: KVM not used: /);
    expect(byWhat.get('virtio-fs DAX window')).toMatchObject({ required: false, neededBy: ['virtiofs'] });
    // Both daemons are shown; the Rust one is optional, and doctor --fix can obtain it.
    expect(byWhat.get('virtiofsd')!.detail).toMatch(/^C: /);
    const rust = byWhat.get('virtiofsd (Rust)')!;
    expect(rust).toMatchObject({ required: false, neededBy: ['virtiofs'] });
    expect(rust.detail).toMatch(rust.status === 'found' ? /^Rust: .*virtiofsd \d/ : /doctor --fix unpacks Debian 13's virtiofsd/);
    expect(rust.fix ?? null).toBe(rust.status === 'found' ? null : 'obtain-rust-virtiofsd');
    for (const row of rows) {
      expect(['found', 'missing']).toContain(row.status);
      expect(row.detail.length).toBeGreaterThan(0);
    }
    // What the VM tests need is here (they run on this machine).
    for (const what of ['qemu-system-x86_64', 'virtiofsd', 'fio', 'busybox-static', 'patchelf', 'guest image']) {
      expect(byWhat.get(what)?.status).toBe('found');
    }
  });
});

describe('doctor/packages-to-install', () => {
  it('lists the packages of missing rows once each, in table order, skipping rows no package fixes', () => {
    const row = (what: string, status: DoctorCheck['status'], fixPackage: string | null): DoctorCheck => ({
      what,
      neededBy: ['9p'],
      required: true,
      status,
      detail: 'x',
      fixPackage,
    });
    expect(
      packagesToInstall([
        row('qemu-system-x86_64', 'missing', 'qemu-system-x86'),
        row('fio', 'found', 'fio'),
        row('/dev/kvm', 'missing', null),
        row('numactl', 'missing', 'numactl'),
        row('again', 'missing', 'qemu-system-x86'),
      ]),
    ).toEqual(['qemu-system-x86', 'numactl']);
  });
});
