// The Debian packages the tests need, one line each: [package, what the tests use it for].
// This list is the only one: `npm test` installs what is missing from it (test/prepare.mjs),
// `.ci/run` installs it, and the system tests' global setup checks it. Adding a package to the
// tests is adding its line here. Plain JavaScript with Node's own modules only: it runs before `npm ci`.
import { spawnSync } from 'node:child_process';

export const TEST_PACKAGES = [
  ['fio', 'fio, on the host and copied into the guest image'],
  ['qemu-system-x86', 'QEMU, to boot the guests'],
  ['qemu-system-common', "virtiofsd (Debian 12's C daemon)"],
  ['qemu-system-data', "QEMU's firmware (qboot)"],
  ['busybox-static', "the guest's /init and the tree operations"],
  ['numactl', 'NUMA pinning of guests'],
  ['xz-utils', 'unpacking Debian packages for the guest image'],
  ['patchelf', "relinking the Debian binaries the VM tests unpack (Debian 13's virtiofsd, QEMU 10)"],
  ['chromium', "the report's browser tests (driven by playwright-core)"],
  ['python3-jsonschema', 'the campaign schema test (Debian python: /usr/bin/python3)'],
  ['python3-statsmodels', "the pooling's independent check (Debian python: /usr/bin/python3)"],
  ['gcc', 'building the semantics probe (a static C program)'],
  ['libc6-dev', "the semantics probe's static glibc (libc.a)"],
  ['slurm-wlm', 'the one-node Slurm cluster of the scale-out tests'],
  ['munge', 'Slurm authentication for that cluster'],
  ['git', 'the developer loops (git status, diff, checkout, commit), on the host and copied into the guest image'],
  ['sqlite3', 'the developer loops (inserts in WAL mode) and the semantics matrix'],
  ['shellcheck', "the guest init's test (init.sh clean under shellcheck)"],
];

/** The packages of `list` that dpkg does not have installed ("ii"), in the list's order. */
export function missingPackages(list = TEST_PACKAGES) {
  const names = list.map(([name]) => name);
  const q = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\n', ...names], { encoding: 'utf8' });
  if (q.error) return list; // no dpkg: nothing can be shown installed
  const installed = new Set(
    q.stdout
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([, status]) => status?.startsWith('ii'))
      .map(([name]) => name),
  );
  return list.filter(([name]) => !installed.has(name));
}

/** Of `names`, those apt has no installation candidate for (its package lists lack them): `apt-get update` is needed first. */
export function withoutCandidate(names) {
  const r = spawnSync('apt-cache', ['policy', ...names], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return names;
  const candidates = new Map();
  let current = null;
  for (const line of r.stdout.split('\n')) {
    const head = /^(\S+):$/.exec(line);
    if (head) current = head[1];
    const cand = /^\s+Candidate: (.*)$/.exec(line);
    if (cand && current) candidates.set(current, cand[1].trim());
  }
  return names.filter((n) => !candidates.has(n) || candidates.get(n) === '(none)');
}
