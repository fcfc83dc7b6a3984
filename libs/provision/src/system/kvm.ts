import { open } from 'node:fs/promises';

/**
 * Whether /dev/kvm exists and this process may open it read-write, which is what QEMU's
 * `-accel kvm` needs; when not, guests run under TCG (slower, but correct).
 */
export async function kvmUsable(): Promise<{ usable: boolean; detail: string }> {
  try {
    const handle = await open('/dev/kvm', 'r+');
    await handle.close();
    return { usable: true, detail: '/dev/kvm opens read-write' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { usable: false, detail: code === 'ENOENT' ? '/dev/kvm does not exist' : `/dev/kvm cannot be opened (${code})` };
  }
}
