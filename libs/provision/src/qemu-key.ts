import { EXTRA_SUITES, parseQemuPackageRequest } from '@sharebench/guest-image';
import type { GuestOptions } from './spec.js';
import { message } from './messages.js';

/**
 * An env's `"qemu"` value as spec fields: a path (anything with a `/`) to a QEMU binary, or a
 * Debian suite (`bookworm-backports`, `trixie`) or qemu-system-x86 package version to obtain one
 * from; a problem (what to write instead) for anything else.
 */
export function readQemuKey(value: string): Pick<GuestOptions, 'qemuPath' | 'qemuPackage'> | { problem: string } {
  if (value.includes('/')) return { qemuPath: value, qemuPackage: null };
  const request = parseQemuPackageRequest(value);
  if (request) return { qemuPath: null, qemuPackage: request };
  return { problem: message.qemuKeyUnknown(value, EXTRA_SUITES) };
}

/** How a plan line or a message names the QEMU a spec asks for; null: the host's default. */
export function describeQemu(spec: Pick<GuestOptions, 'qemuPath' | 'qemuPackage'>): string | null {
  if (spec.qemuPath !== null) return spec.qemuPath;
  if (spec.qemuPackage !== null) return 'suite' in spec.qemuPackage ? spec.qemuPackage.suite : spec.qemuPackage.version;
  return null;
}
