/**
 * vitest globalSetup for the tests that use real parts: says up front, in one place, which of
 * those parts this machine lacks and the command that installs them, and stops the run there.
 * A test never skips itself because a program is missing.
 */
import { access, constants } from 'node:fs/promises';

/** A file each part installs, and the Debian package it comes from. */
const PARTS: ReadonlyArray<{ what: string; file: string; pkg: string }> = [
  { what: 'fio', file: '/usr/bin/fio', pkg: 'fio' },
  { what: 'QEMU', file: '/usr/bin/qemu-system-x86_64', pkg: 'qemu-system-x86' },
  { what: 'QEMU firmware (qboot)', file: '/usr/share/qemu/qboot.rom', pkg: 'qemu-system-data' },
  { what: 'busybox (static)', file: '/bin/busybox', pkg: 'busybox-static' },
  { what: 'numactl', file: '/usr/bin/numactl', pkg: 'numactl' },
  { what: 'xz', file: '/usr/bin/xz', pkg: 'xz-utils' },
  { what: 'git (the developer loops)', file: '/usr/bin/git', pkg: 'git' },
  { what: 'sqlite3 (the developer loops)', file: '/usr/bin/sqlite3', pkg: 'sqlite3' },
  { what: 'patchelf (relinks the unpacked Rust virtiofsd and QEMU 10)', file: '/usr/bin/patchelf', pkg: 'patchelf' },
  { what: 'Chromium (the report tests)', file: '/usr/bin/chromium', pkg: 'chromium' },
  { what: 'shellcheck (the guest init\'s test)', file: '/usr/bin/shellcheck', pkg: 'shellcheck' },
  { what: 'jsonschema for Python (the campaign schema test)', file: '/usr/lib/python3/dist-packages/jsonschema/__init__.py', pkg: 'python3-jsonschema' },
  { what: 'statsmodels (the pooling tests)', file: '/usr/lib/python3/dist-packages/statsmodels/__init__.py', pkg: 'python3-statsmodels' },
  { what: 'a C compiler (the semantics probe)', file: '/usr/bin/gcc', pkg: 'gcc' },
  { what: 'static glibc (the semantics probe is linked -static)', file: '/usr/lib/x86_64-linux-gnu/libc.a', pkg: 'libc6-dev' },
  { what: 'Slurm controller (the scale-out tests)', file: '/usr/sbin/slurmctld', pkg: 'slurm-wlm' },
  { what: 'Slurm node daemon', file: '/usr/sbin/slurmd', pkg: 'slurm-wlm' },
  { what: 'Slurm clients (sbatch)', file: '/usr/bin/sbatch', pkg: 'slurm-wlm' },
  { what: 'munge (Slurm authentication)', file: '/usr/sbin/munged', pkg: 'munge' },
];

// Debian 12's C virtiofsd; a later release's Rust one on PATH also does.
const VIRTIOFSD = ['/usr/lib/qemu/virtiofsd', '/usr/libexec/virtiofsd', '/usr/bin/virtiofsd'];

const present = (file: string) => access(file, /\.(rom|py|a)$/.test(file) ? constants.R_OK : constants.X_OK).then(() => true, () => false);

export default async function setup(): Promise<void> {
  const missing = [];
  for (const part of PARTS) if (!(await present(part.file))) missing.push(part);
  if (!(await Promise.all(VIRTIOFSD.map(present))).some(Boolean)) missing.push({ what: 'virtiofsd', file: VIRTIOFSD[0]!, pkg: 'qemu-system-common' });
  const notRoot = process.getuid?.() !== 0;
  if (missing.length === 0 && !notRoot) return;
  const packages = [...new Set(missing.map((m) => m.pkg))];
  const lines = [
    '',
    'npm test: the system tests need parts this machine lacks:',
    ...missing.map((m) => `  - ${m.what} (${m.file}, Debian package ${m.pkg})`),
    ...(notRoot ? ['  - root: virtiofsd sandboxes itself with namespaces and the runs drop the host page cache'] : []),
    ...(packages.length > 0 ? ['install them with:', `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`] : []),
    ...(notRoot ? ['and run the tests as root.'] : []),
    '',
  ];
  process.stderr.write(lines.join('\n'));
  throw new Error(`missing for the system tests: ${[...missing.map((m) => m.what), ...(notRoot ? ['root'] : [])].join(', ')} (see above)`);
}
