#!/usr/bin/env node
// `npm run bench`: the one command a new user types. It must work before `npm ci`, so it uses
// nothing but Node's own modules, and runs every command as an argv (no shell).
//
//   1. Debian packages: install what is missing (root), or print the exact command and stop
//   2. npm dependencies and the build: `npm ci` when node_modules is missing, else `npm run build`
//   3. run the quick campaign (resumable: a second `npm run bench` finishes what is left)
//   4. write its report and print the path of reports/quick/index.html
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'tools', 'cli', 'bin', 'sharebench.js');
/** Debian package -> a file it installs that sharebench uses. */
const PACKAGES = {
  fio: '/usr/bin/fio',
  'qemu-system-x86': '/usr/bin/qemu-system-x86_64',
  'qemu-system-common': '/usr/lib/qemu/virtiofsd',
  'qemu-system-data': '/usr/share/qemu/qboot.rom',
  'xz-utils': '/usr/bin/xz',
  'busybox-static': '/bin/busybox',
  numactl: '/usr/bin/numactl',
};

function run(file, args, options = {}) {
  const r = spawnSync(file, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function step(text) {
  process.stderr.write(`\n==> ${text}\n`);
}

function isInstalled(pkg, file) {
  if (existsSync(file)) return true;
  const q = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return q.status === 0 && q.stdout.includes('install ok installed');
}

// 1.
const missing = Object.entries(PACKAGES).filter(([pkg, file]) => !isInstalled(pkg, file)).map(([pkg]) => pkg);
if (missing.length > 0) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    const cmd = hasApt
      ? `sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`
      : `install these Debian/Ubuntu packages (or their equivalents): ${missing.join(' ')}`;
    process.stderr.write(`sharebench: missing system packages: ${missing.join(', ')}\nrun:\n  ${cmd}\nthen run 'npm run bench' again\n`);
    process.exit(2);
  }
  step(`installing ${missing.join(' ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update'], { env }) !== 0 || run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env }) !== 0) {
    process.stderr.write('sharebench: apt-get failed (see above); fix it and run npm run bench again\n');
    process.exit(2);
  }
}

// 2.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!existsSync(join(ROOT, 'node_modules', '.package-lock.json'))) {
  step('installing npm dependencies (npm ci)');
  if (run(npm, ['ci']) !== 0) process.exit(2);
} else {
  step('building (npm run build)');
  if (run(npm, ['run', 'build', '--silent']) !== 0) process.exit(2);
}

// 3.
step('running the quick campaign (data/quick): host, virtio-fs and 9p guests');
const code = run(process.execPath, [CLI, 'run', join('data', 'quick')]);
if (code === 130 || code === 2) process.exit(code);

// 4.
step('writing the report');
if (run(process.execPath, [CLI, 'report', join('data', 'quick'), '--out', join('reports', 'quick')], { stdio: ['ignore', 'ignore', 'inherit'] }) !== 0) {
  process.exit(2);
}
console.log(join(ROOT, 'reports', 'quick', 'index.html'));
process.exit(code);
