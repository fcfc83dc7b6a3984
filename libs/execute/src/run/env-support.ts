import type { Environment } from '@sharebench/provision';

/**
 * Which of `envs` this machine cannot run, and why, decided before anything boots (a DAX window
 * QEMU lacks, KVM asked for where it is not usable, a guest larger than the host, ...).
 */
export async function unsupportedEnvs(envs: ReadonlyMap<string, Environment>): Promise<Map<string, string>> {
  const unsupported = new Map<string, string>();
  for (const [name, env] of envs) {
    const why = await env.unsupportedReason();
    if (why) unsupported.set(name, why);
  }
  return unsupported;
}
