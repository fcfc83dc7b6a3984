import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { SEMANTICS_RECORD_SCHEMA, semanticsDir, writeFileAtomic, type SemanticsRecord } from '@sharebench/core';
import { SEMANTICS_CHECKS, type ProbeRunRequest, type Session } from '@sharebench/provision';

/** Bounds of a probe run: the probe's defaults on the host, more room in a guest (TCG makes each syscall slow). */
export function probeRequest(guest: boolean): ProbeRunRequest {
  return guest
    ? { checkTimeoutMs: 30_000, peerTimeoutMs: 60_000, eventMs: 3000, timeoutMs: 20 * 60_000 }
    : { checkTimeoutMs: 10_000, peerTimeoutMs: 30_000, eventMs: 2000, timeoutMs: 10 * 60_000 };
}

/** Whether env's semantics probe has a record in the dataset (then it does not run again). */
export async function semanticsDone(dataset: string, env: string): Promise<boolean> {
  return access(join(dataset, semanticsDir(env), 'semantics.json')).then(() => true, () => false);
}

/**
 * Runs the semantics probe in an open session (or records why it could not: the environment was
 * unsupported or did not come up) and writes raw/semantics/<env>/: semantics.json last, the
 * probe's relayed stdout (transcript.txt) and stderr beside it. Returns the record.
 */
export async function recordSemantics(
  dataset: string,
  campaign: string,
  env: string,
  session: Session | { state: 'unsupported' | 'failed' | 'interrupted'; reason: string },
  signal?: AbortSignal,
): Promise<SemanticsRecord> {
  const startedAt = new Date().toISOString();
  const base = { schema: SEMANTICS_RECORD_SCHEMA as typeof SEMANTICS_RECORD_SCHEMA, campaign, env, checks: [...SEMANTICS_CHECKS], started_at: startedAt };
  const dir = join(dataset, semanticsDir(env));
  let record: SemanticsRecord;
  if ('state' in session) {
    const none = { rows: [], kernel: null, mount: null, command: [], duration_ms: null, finished_at: startedAt };
    record = { ...base, ...none, state: session.state, reason: session.reason };
  } else {
    const run = await session.runProbe(probeRequest(session.info.accel !== null), signal);
    record = {
      ...base,
      state: run.state,
      reason: run.reason,
      rows: run.rows,
      kernel: run.begin?.kernel ?? session.info.kernel,
      mount: session.info.mount,
      command: run.command,
      duration_ms: Math.round(run.durationMs),
      finished_at: new Date().toISOString(),
    };
    if (run.transcript) await writeFileAtomic(join(dir, 'transcript.txt'), run.transcript);
    await writeFileAtomic(join(dir, 'stderr.txt'), run.stderr);
  }
  // An interrupted probe is not recorded: it runs again on resume.
  if (record.state !== 'interrupted') await writeFileAtomic(join(dir, 'semantics.json'), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}
