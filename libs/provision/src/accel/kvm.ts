import { access, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { message } from '../messages.js';

/** Whether guests may use KVM here, and why (or why not), in words a report can show. */
export interface KvmVerdict {
  usable: boolean;
  reason: string;
}

/**
 * Where the host's facts about KVM are read. Tests point these at a prepared tree to stand in
 * for a host they are not running on (a PVM host, a CPU without vmx/svm).
 */
export interface KvmHostPaths {
  devKvm: string;
  sysModule: string;
  cpuinfo: string;
}

export const HOST_KVM_PATHS: KvmHostPaths = { devKvm: '/dev/kvm', sysModule: '/sys/module', cpuinfo: '/proc/cpuinfo' };

/**
 * The checks that need no boot. A /dev/kvm that opens is not enough: PVM (`kvm_pvm`) is a
 * software hypervisor that runs a stock kernel ~1000x slower than TCG, and QEMU's `-cpu host`
 * aborts on it (MSR 0x10a); a CPU without vmx/svm has no hardware virtualization to offer. A
 * verdict of usable here still needs the probe boot (see probeKvm) before it is trusted.
 */
export async function kvmHostCheck(paths: KvmHostPaths = HOST_KVM_PATHS): Promise<KvmVerdict> {
  try {
    const handle = await open(paths.devKvm, 'r+');
    await handle.close();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { usable: false, reason: message.kvmNoDevice(paths.devKvm) };
    return { usable: false, reason: message.kvmCannotOpen(paths.devKvm, code) };
  }
  if (await access(join(paths.sysModule, 'kvm_pvm')).then(() => true, () => false)) {
    return { usable: false, reason: message.kvmIsPvm(paths.devKvm) };
  }
  const cpuinfo = await readFile(paths.cpuinfo, 'utf8').catch(() => '');
  const flags = /^flags\s*:(.*)$/m.exec(cpuinfo)?.[1]?.split(/\s+/) ?? [];
  if (!flags.includes('vmx') && !flags.includes('svm')) {
    return { usable: false, reason: message.kvmNoCpuFlag(paths.devKvm, paths.cpuinfo) };
  }
  return { usable: true, reason: message.kvmHostUsable(paths.devKvm, flags.includes('vmx') ? 'vmx' : 'svm') };
}
