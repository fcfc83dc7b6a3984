import type { PlannedRun } from '../plan/build-plan.js';

/** What the runner reports as it goes. */
export interface ProgressEvents {
  start(info: { total: number; alreadyDone: number; estimateMs: number }): void;
  env(info: { env: string; phase: 'opening' | 'open' | 'unsupported' | 'failed' | 'closed'; detail?: string }): void;
  runStart(run: PlannedRun, done: number): void;
  runEnd(run: PlannedRun, done: number, outcome: { state: string; wallMs: number; summary: string }): void;
  finish(info: { done: number; total: number; wallMs: number; interrupted: boolean }): void;
  /** Something the user should know that is no run's outcome (a leftover killed, why the campaign stopped). */
  note(text: string): void;
}

const fmtDuration = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
};

/**
 * On a terminal: one redrawn line with a bar, runs done/total, the current cell and an ETA.
 * Otherwise (CI, pipes): one plain line per event.
 */
export function consoleProgress(stream: NodeJS.WriteStream & { isTTY?: boolean }): ProgressEvents {
  const tty = Boolean(stream.isTTY);
  let total = 0;
  let alreadyDone = 0;
  let estimateMs = 0;
  let started = performance.now();
  let msPerRun: number | null = null;
  let executed = 0;
  let executedMs = 0;
  const eta = (done: number) => {
    const left = total - done;
    const per = msPerRun ?? (total > alreadyDone ? estimateMs / (total - alreadyDone) : 0);
    return fmtDuration(left * per);
  };
  const line = (s: string) => (tty ? stream.write(`\r\x1b[2K${s}`) : stream.write(`${s}\n`));
  const bar = (done: number) => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  };
  return {
    start(info) {
      ({ total, alreadyDone, estimateMs } = info);
      started = performance.now();
      stream.write(`${total} runs${alreadyDone ? ` (${alreadyDone} already done)` : ''}, estimated ${fmtDuration(estimateMs)}\n`);
    },
    env({ env, phase, detail }) {
      if (phase === 'opening' && tty) return line(`${env}: starting...`);
      if (tty) stream.write('\r\x1b[2K');
      stream.write(`${env}: ${phase}${detail ? `: ${detail}` : ''}\n`);
    },
    runStart(run, done) {
      if (tty) line(`${bar(done)} ${done}/${total} ${run.id} ETA ${eta(done)}`);
    },
    runEnd(run, done, outcome) {
      executed++;
      executedMs += outcome.wallMs;
      msPerRun = executedMs / executed;
      if (tty) line(`${bar(done)} ${done}/${total} ${run.id}: ${outcome.summary} ETA ${eta(done)}`);
      else line(`[${done}/${total}] ${run.id}: ${outcome.summary} (${(outcome.wallMs / 1000).toFixed(1)} s)`);
    },
    note(text) {
      if (tty) stream.write('\r\x1b[2K');
      stream.write(`note: ${text}\n`);
    },
    finish({ done, total: t, wallMs, interrupted }) {
      if (tty) stream.write('\r\x1b[2K');
      stream.write(`${interrupted ? 'interrupted' : 'finished'}: ${done}/${t} runs in ${fmtDuration(wallMs || performance.now() - started)}\n`);
    },
  };
}

/** No output (tests, --quiet). */
export const silentProgress: ProgressEvents = { start() {}, env() {}, runStart() {}, runEnd() {}, finish() {}, note() {} };
