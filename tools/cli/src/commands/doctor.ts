import { execa } from 'execa';
import { forgetDaemons, packagesToInstall, runDoctor, type DoctorCheck } from '@sharebench/provision';
import { obtainRustVirtiofsd } from '@sharebench/guest-image';
import type { CliIo, ParsedArgs } from '../types.js';
import { cacheDir } from '@sharebench/host';
import { message } from '../messages.js';

function table(checks: readonly DoctorCheck[]): string {
  const rows = checks.map((c) => [
    c.status === 'found' ? 'ok' : c.required ? 'MISSING' : 'missing',
    c.what,
    c.neededBy.join(','),
    c.fixPackage ?? '',
    c.detail,
  ]);
  const head = ['status', 'what', 'needed by', 'package', 'detail'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((s, i) => (i === r.length - 1 ? s : s.padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

/**
 * `sharebench doctor [--fix]`: what each environment kind needs and whether it is here; with --fix,
 * apt-get installs the packages that fix the missing rows. Exit 0 when nothing required is
 * missing, 1 otherwise.
 */
export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const options = { cacheDir: cacheDir() };
  let checks = await runDoctor(options);
  io.stdout.write(`${table(checks)}\n`);
  const packages = packagesToInstall(checks);
  const obtain = checks.some((c) => c.fix === 'obtain-rust-virtiofsd');
  // Packages first: unpacking the Rust virtiofsd needs one of them (patchelf).
  if (args.flags['fix'] && packages.length > 0) {
    if (process.getuid?.() !== 0) {
      io.stderr.write(`${message.fixNeedsRoot(packages)}\n`);
      return 2;
    }
    io.stdout.write(`\n${message.installing(packages)}\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await execa('apt-get', ['update'], { stdio: 'inherit', env });
    await execa('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  } else if (packages.length > 0) {
    io.stdout.write(`\n${message.toInstall(process.getuid?.() === 0, packages)}\n`);
  }
  if (args.flags['fix'] && obtain) {
    io.stdout.write(`\n${message.obtainingRustVirtiofsd()}\n`);
    const daemon = await obtainRustVirtiofsd(options.cacheDir);
    io.stdout.write(`${daemon.version}: ${daemon.argv.join(' ')}\n`);
    forgetDaemons();
  }
  if (args.flags['fix'] && (packages.length > 0 || obtain)) {
    checks = await runDoctor(options);
    io.stdout.write(`\n${table(checks)}\n`);
  }
  return checks.some((c) => c.required && c.status === 'missing') ? 1 : 0;
}
