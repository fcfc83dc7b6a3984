import { type AccelRequest, type Accelerator } from '@sharebench/core';
import { HOST_KVM_PATHS, kvmHostCheck, type KvmHostPaths } from './kvm.js';
import { probeKvm, type KvmProbe, type ProbeOptions, type ProbeTarget } from './kvm-probe.js';
import { message } from '../messages.js';


/** The accelerator a guest runs under and why; `unsupported` when `kvm` was demanded but cannot be had. */
export type AccelChoice =
  | { accel: Accelerator; reason: string; probe: KvmProbe | null }
  | { accel: null; unsupported: string; probe: KvmProbe | null };

export interface AccelOptions extends ProbeOptions {
  /** The probe's target; null when no image is at hand yet (the verdict then rests on the host checks). */
  target: () => Promise<ProbeTarget | null>;
  paths?: KvmHostPaths;
}

/**
 * Decides `auto | kvm | tcg` for a guest: TCG when asked; otherwise KVM only where the host checks
 * pass (see kvmHostCheck) and a probe boot of this very guest shows it fast (see probeKvm). `auto`
 * falls back to TCG with the reason; `kvm` is then unsupported with the reason, decided before
 * the guest boots.
 */
export async function chooseAccel(request: AccelRequest, options: AccelOptions): Promise<AccelChoice> {
  if (request === 'tcg') return { accel: 'tcg', reason: message.accelTcgAsked(), probe: null };
  const host = await kvmHostCheck(options.paths ?? HOST_KVM_PATHS);
  let verdict: { usable: boolean; reason: string } = host;
  let probe: KvmProbe | null = null;
  if (host.usable) {
    const target = await options.target();
    if (target) verdict = probe = await probeKvm(target, options);
  }
  if (verdict.usable) return { accel: 'kvm', reason: verdict.reason, probe };
  if (request === 'kvm') {
    return { accel: null, unsupported: message.accelKvmRefused(verdict.reason), probe };
  }
  return { accel: 'tcg', reason: message.accelKvmNotUsed(verdict.reason), probe };
}
