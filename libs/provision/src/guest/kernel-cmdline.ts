import { encodeCmdlineValue } from './escape.js';

/** A fault the guest init injects on request; for tests of the failure paths only. */
export type GuestFault = 'hang' | 'panic' | 'run-hang' | 'run-panic' | 'run-unmounted';

export interface GuestBootSettings {
  fs: 'virtiofs' | '9p';
  /** The tag the guest mounts (normally the device's tag). */
  tag: string;
  /** `mount -o` options. */
  mountOptions: string;
  fault: GuestFault | null;
}

/**
 * The guest kernel command line: serial console, `panic=-1` (with QEMU's -no-reboot a panic ends
 * QEMU instead of hanging), `oops=panic` (an oops in a file system driver would otherwise leave a
 * half-working guest), and the init's settings, every free-form value base64-encoded.
 */
export function kernelCmdline(settings: GuestBootSettings): string {
  const words = [
    'console=ttyS0',
    'panic=-1',
    'oops=panic',
    'quiet',
    `sharebench.fs=${settings.fs}`,
    `sharebench.tag=${encodeCmdlineValue(settings.tag)}`,
    `sharebench.opts=${encodeCmdlineValue(settings.mountOptions)}`,
  ];
  if (settings.fault) words.push(`sharebench.fault=${settings.fault}`);
  return words.join(' ');
}
