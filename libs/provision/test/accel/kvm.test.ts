import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kvmHostCheck, type KvmHostPaths } from '../../src/accel/kvm.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sharebench-kvm-'));
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

describe('accel/kvm host checks', () => {
  it('recognizes PVM, a CPU without vmx/svm, a missing /dev/kvm, and hardware KVM', async () => {
    const pvm = await kvmHostCheck(await hostTree('pvm', { devKvm: true, modules: ['kvm', 'kvm_pvm'], flags: 'fpu sse2 hypervisor' }));
    expect(pvm.usable).toBe(false);
    expect(pvm.reason).toMatch(/is PVM \(kvm_pvm module\).*~1000x slower there than under TCG/);
    const novmx = await kvmHostCheck(await hostTree('novmx', { devKvm: true, modules: ['kvm'], flags: 'fpu sse2 hypervisor' }));
    expect(novmx).toMatchObject({ usable: false, reason: expect.stringMatching(/no hardware virtualization \(no vmx or svm flag/) });
    const none = await kvmHostCheck(await hostTree('nokvm', { devKvm: false, modules: [], flags: 'fpu vmx' }));
    expect(none).toMatchObject({ usable: false, reason: expect.stringMatching(/does not exist/) });
    expect(await kvmHostCheck(await hostTree('intel', { devKvm: true, modules: ['kvm', 'kvm_intel'], flags: 'fpu vmx sse2' }))).toMatchObject({ usable: true });
    expect(await kvmHostCheck(await hostTree('amd', { devKvm: true, modules: ['kvm', 'kvm_amd'], flags: 'fpu svm sse2' }))).toMatchObject({ usable: true });
  });

});
