import { EXTRA_SUITES, parseQemuPackageRequest } from '@sharebench/guest-image';
import type { GuestOptions } from './spec.js';

/**
 * An env's `"qemu"` value as spec fields: a path (anything with a `/`) to a QEMU binary, or a
 * Debian suite (`bookworm-backports`, `trixie`) or qemu-system-x86 package version to obtain one
 * from; a problem (what to write instead) for anything else.
 */
export function readQemuKey(value: string): Pick<GuestOptions, 'qemuPath' | 'qemuPackage'> | { problem: string } {
  if (value.includes('/')) return { qemuPath: value, qemuPackage: null };
  const request = parseQemuPackageRequest(value);
  if (request) return { qemuPath: null, qemuPackage: request };
  return {
    problem:
      `${JSON.stringify(value)} is neither a path to a qemu-system-x86_64, nor a Debian suite (${EXTRA_SUITES.join(', ')}), ` +
      'nor a qemu-system-x86 package version such as "1:10.0.2+ds-2+deb13u1~bpo12+1"; give one of these',
  };
}

/** How a plan line or a message names the QEMU a spec asks for; null: the host's default. */
export function describeQemu(spec: Pick<GuestOptions, 'qemuPath' | 'qemuPackage'>): string | null {
  if (spec.qemuPath !== null) return spec.qemuPath;
  if (spec.qemuPackage !== null) return 'suite' in spec.qemuPackage ? spec.qemuPackage.suite : spec.qemuPackage.version;
  return null;
}
