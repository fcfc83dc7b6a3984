import type { DoctorCheck } from './doctor.js';

/**
 * The Debian packages that would fix the missing rows, each once, in table order (for
 * `sharebench doctor --fix`: `apt-get install <these>`).
 */
export function packagesToInstall(checks: readonly DoctorCheck[]): string[] {
  return [...new Set(checks.filter((c) => c.status === 'missing' && c.fixPackage !== null).map((c) => c.fixPackage!))];
}
