#!/usr/bin/env node
// The first step of `npm test` (and test:system, test:vm, test:stress): the Debian packages the
// tests need (test/debian-packages.mjs), before vitest starts.
//   root, something missing: installs it with apt-get, saying what and why (apt-get update first
//     only when apt's lists do not know a package; again if the install fails on stale lists)
//   not root: prints what is missing and the one command that installs it, and exits 2
//   `--list`: prints the package names, one a line (for .ci/run), and nothing else
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { TEST_PACKAGES, missingPackages, withoutCandidate } from './debian-packages.mjs';

const say = (text) => process.stderr.write(`npm test: ${text}\n`);

if (process.argv.includes('--list')) {
  process.stdout.write(TEST_PACKAGES.map(([name]) => `${name}\n`).join(''));
  process.exit(0);
}

const isRoot = process.getuid?.() === 0;
const missing = missingPackages();
const names = missing.map(([name]) => name);
const hasApt = existsSync('/usr/bin/apt-get');
const list = (packages) => packages.map(([n, why]) => `  ${n}: ${why}`).join('\n');
const ROOT = 'run the tests as root: virtiofsd sandboxes itself with namespaces, and the runs drop the host page cache';

if (!isRoot || (missing.length > 0 && !hasApt)) {
  if (missing.length > 0) {
    say(`the tests need Debian packages this machine lacks:\n${list(missing)}`);
    if (hasApt) say(`install them with:\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${names.join(' ')}`);
    else say('this is no Debian or Ubuntu machine (no apt-get): install their equivalents');
  }
  if (!isRoot) say(ROOT);
  process.exit(2);
}
if (missing.length > 0) {
  say(`installing with apt-get what the tests need:\n${list(missing)}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env }).status === 0;
  const install = () => apt('install', '-y', '-q', '--no-install-recommends', ...names);
  const unknown = withoutCandidate(names);
  if (unknown.length > 0) say(`apt's package lists do not know ${unknown.join(', ')}: apt-get update first`);
  let ok = (unknown.length === 0 || apt('update', '-q')) && install();
  if (!ok && unknown.length === 0) {
    say('apt-get install failed; its package lists may be stale: apt-get update, then once more');
    ok = apt('update', '-q') && install();
  }
  const still = missingPackages(missing);
  if (!ok || still.length > 0) {
    say(`apt-get could not install ${(still.length > 0 ? still : missing).map(([n]) => n).join(' ')} (see above); fix that and run npm test again`);
    process.exit(2);
  }
}

// A fresh clone: the npm dependencies (npm ci also builds), as `npm run bench` does.
if (!existsSync(new URL('../node_modules/.package-lock.json', import.meta.url))) {
  say('installing the npm dependencies (npm ci)');
  if (spawnSync('npm', ['ci'], { stdio: 'inherit', cwd: new URL('..', import.meta.url) }).status !== 0) process.exit(2);
}
