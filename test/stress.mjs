#!/usr/bin/env node
// `npm run test:stress`: the system and VM projects while every core is kept busy by a CPU hog,
// to find the tests that race the clock. The hog is Debian's stress-ng (installed with apt-get
// as root when missing), else one busy Node loop per core. Prints, for each run, its result and
// duration and each project's counts and summed file times.
//   --runs N   run the projects N times in a row under the hog, stopping at the first failure (default 1)
//   --project P  only project P (system or vm; repeatable; default both)
//   FILTER...  only test files whose path contains one of these (as vitest takes them)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { missingPackages, withoutCandidate } from './debian-packages.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const { values, positionals: filters } = parseArgs({
  options: { runs: { type: 'string', default: '1' }, project: { type: 'string', multiple: true } },
  allowPositionals: true,
});
const runs = Number(values.runs);
const projects = values.project ?? ['system', 'vm'];
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`test:stress: --runs ${values.runs}: not a whole number of runs from 1\n`);
  process.exit(2);
}
const say = (text) => process.stderr.write(`test:stress: ${text}\n`);

/** stress-ng when it is here or apt-get can install it (as root), else null. */
function stressNg() {
  const hog = ['stress-ng', 'a CPU hog for npm run test:stress'];
  if (missingPackages([hog]).length === 0) return '/usr/bin/stress-ng';
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return null;
  say('installing stress-ng with apt-get (the CPU hog)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env }).status === 0;
  if (withoutCandidate(['stress-ng']).length > 0) apt('update', '-q');
  return apt('install', '-y', '-q', '--no-install-recommends', 'stress-ng') ? '/usr/bin/stress-ng' : null;
}

/** Starts the hog on every core, in its own process group; returns what it is and how to stop it. */
function startHog() {
  const cores = os.availableParallelism();
  const ng = stressNg();
  const children = ng
    ? [spawn(ng, ['--cpu', String(cores), '--quiet'], { detached: true, stdio: 'ignore' })]
    : Array.from({ length: cores }, () => spawn(process.execPath, ['-e', 'for (;;);'], { detached: true, stdio: 'ignore' }));
  const what = ng ? `stress-ng --cpu ${cores}` : `${cores} busy Node loops (stress-ng could not be had)`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const c of children) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  };
  process.on('exit', stop);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (stop(), process.exit(130)));
  return { what, pids: children.map((c) => c.pid), stop };
}

/** Per project (by file name): test counts by state, and the sum of its files' durations. */
function summarize(report) {
  const out = {};
  for (const file of report.testResults) {
    const project = file.name.endsWith('.vm.test.ts') ? 'vm' : file.name.endsWith('.system.test.ts') ? 'system' : 'unit';
    const p = (out[project] ??= { files: 0, passed: 0, failed: 0, skipped: 0, file_s: 0 });
    p.files++;
    p.file_s += Math.max(0, (file.endTime ?? 0) - (file.startTime ?? 0)) / 1000;
    for (const t of file.assertionResults) {
      if (t.status === 'passed') p.passed++;
      else if (t.status === 'failed') p.failed++;
      else p.skipped++;
    }
  }
  return out;
}

const hog = startHog();
say(`CPU hog: ${hog.what} (pids ${hog.pids.join(', ')}); projects ${projects.join(', ')}; ${runs} run(s)`);
const tmp = mkdtempSync(join(os.tmpdir(), 'sharebench-stress-'));
const results = [];
let failed = false;
for (let i = 1; i <= runs && !failed; i++) {
  const json = join(tmp, `run-${i}.json`);
  const t0 = performance.now();
  const vitest = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'vitest'),
    ['run', ...projects.flatMap((p) => ['--project', p]), ...filters, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const seconds = (performance.now() - t0) / 1000;
  const passed = vitest.status === 0;
  failed = !passed;
  const byProject = existsSync(json) ? summarize(JSON.parse(readFileSync(json, 'utf8'))) : {};
  results.push({ run: i, result: passed ? 'passed' : `failed (exit ${vitest.status ?? vitest.signal})`, seconds, byProject });
}
hog.stop();
rmSync(tmp, { recursive: true, force: true });
say(`under ${hog.what}:`);
for (const r of results) {
  say(`run ${r.run}: ${r.result} in ${r.seconds.toFixed(0)} s`);
  for (const [name, p] of Object.entries(r.byProject)) {
    say(`  ${name}: ${p.files} files, ${p.passed} passed, ${p.failed} failed, ${p.skipped} skipped; files' durations sum to ${p.file_s.toFixed(0)} s`);
  }
}
console.log(JSON.stringify({ hog: hog.what, runs: results }));
process.exit(failed ? 1 : 0);
