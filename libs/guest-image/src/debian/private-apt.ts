import { lastLines } from '@sharebench/core';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { message } from '../messages.js';

/** Suites sharebench may fetch from beside the host's own: newer daemons, QEMUs and kernels. */
export const EXTRA_SUITES = ['bookworm-backports', 'trixie'] as const;
export type ExtraSuite = (typeof EXTRA_SUITES)[number];

/** Environment variable naming the Debian mirror for the extra suites (default deb.debian.org). */
export const DEBIAN_MIRROR_ENV = 'SHAREBENCH_DEBIAN_MIRROR';

// Lists older than this are fetched again before a lookup.
const LISTS_MAX_AGE_MS = 24 * 3600 * 1000;

/**
 * An apt state of sharebench's own (`<cacheDir>/apt/`: its sources list, package lists and
 * archives) for looking up and downloading packages of other Debian suites. It never touches the
 * system's sources or installs anything: packages are only downloaded, then unpacked with
 * `dpkg-deb -x` by their users.
 */
export class PrivateApt {
  private constructor(readonly dir: string) {}

  static async open(cacheDir: string): Promise<PrivateApt> {
    const apt = new PrivateApt(join(cacheDir, 'apt'));
    await mkdir(join(apt.dir, 'lists', 'partial'), { recursive: true });
    await mkdir(join(apt.dir, 'archives', 'partial'), { recursive: true });
    const mirror = process.env[DEBIAN_MIRROR_ENV] ?? 'http://deb.debian.org/debian';
    const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';
    const sources = EXTRA_SUITES.map((suite) => `deb [signed-by=${keyring}] ${mirror} ${suite} main`).join('\n');
    await writeFile(join(apt.dir, 'sources.list'), `${sources}\n`);
    return apt;
  }

  /** The `-o` options that point apt at this state instead of the system's. */
  private options(): string[] {
    const o = (k: string, v: string) => ['-o', `${k}=${v}`];
    return [
      ...o('Dir::Etc::sourcelist', join(this.dir, 'sources.list')),
      ...o('Dir::Etc::sourceparts', join(this.dir, 'sources.list.d')),
      ...o('Dir::State::Lists', join(this.dir, 'lists')),
      ...o('Dir::Cache::archives', join(this.dir, 'archives')),
      ...o('Dir::Cache::pkgcache', ''),
      ...o('Dir::Cache::srcpkgcache', ''),
      ...o('APT::Sandbox::User', 'root'),
    ];
  }

  /** Fetches the package lists when they are missing or older than a day. */
  async update(force = false): Promise<void> {
    const lists = await readdir(join(this.dir, 'lists')).catch(() => [] as string[]);
    const newest = Math.max(
      0,
      ...(await Promise.all(lists.filter((f) => f.endsWith('Packages')).map((f) => stat(join(this.dir, 'lists', f)).then((s) => s.mtimeMs)))),
    );
    if (!force && Date.now() - newest < LISTS_MAX_AGE_MS) return;
    const r = await execa('apt-get', [...this.options(), 'update'], { reject: false, all: true });
    if (r.exitCode !== 0) {
      throw new Error(message.aptUpdateFailed(EXTRA_SUITES, r.exitCode, lastLines(r.all ?? '', 3)));
    }
  }

  /** The version apt would take of `pkg` from `suite`, or null when the suite has no such package. */
  async version(pkg: string, suite: ExtraSuite): Promise<string | null> {
    await this.update();
    const r = await execa('apt-cache', [...this.options(), 'show', `${pkg}/${suite}`], { reject: false });
    return r.exitCode === 0 ? (/^Version:\s*(\S+)/m.exec(r.stdout)?.[1] ?? null) : null;
  }

  /** The first package `pkg` depends on whose name matches `pattern`, in `suite` (resolves metapackages). */
  async dependency(pkg: string, suite: ExtraSuite, pattern: RegExp): Promise<string | null> {
    await this.update();
    const r = await execa('apt-cache', [...this.options(), 'show', `${pkg}/${suite}`], { reject: false });
    const depends = /^Depends:\s*(.*)$/m.exec(r.stdout)?.[1] ?? '';
    return depends.split(/,\s*/).map((d) => d.split(/\s/)[0]!).find((name) => pattern.test(name)) ?? null;
  }

  /**
   * The control fields (Version, Depends, ...) of `pkg` from `suite`, or at exactly `version`;
   * null when there is no such (real) package.
   */
  async control(pkg: string, at: { suite: ExtraSuite } | { version: string }): Promise<Record<string, string> | null> {
    await this.update();
    const spec = 'suite' in at ? `${pkg}/${at.suite}` : `${pkg}=${at.version}`;
    const r = await execa('apt-cache', [...this.options(), 'show', spec], { reject: false });
    if (r.exitCode !== 0 || r.stdout.trim() === '') return null;
    // The first stanza: apt prints the selected version first.
    const fields: Record<string, string> = {};
    let last = '';
    for (const line of r.stdout.split('\n\n')[0]!.split('\n')) {
      if (/^\s/.test(line) && last) fields[last] += `\n${line.trim()}`;
      else {
        const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
        if (m) fields[(last = m[1]!)] = m[2]!;
      }
    }
    return fields;
  }

  /** Every version of `pkg` the extra suites have, with the suite it is in, newest first as apt lists them. */
  async versions(pkg: string): Promise<Array<{ version: string; suite: ExtraSuite }>> {
    await this.update();
    const r = await execa('apt-cache', [...this.options(), 'madison', pkg], { reject: false });
    const out: Array<{ version: string; suite: ExtraSuite }> = [];
    for (const line of r.exitCode === 0 ? r.stdout.split('\n') : []) {
      const [, version, source] = line.split('|').map((f) => f.trim());
      const suite = EXTRA_SUITES.find((s) => source?.split(/\s+/)[1]?.startsWith(`${s}/`));
      if (version && suite) out.push({ version, suite });
    }
    return out;
  }

  /** Downloads `pkg=version` for each given package into `dir` (no install); returns the .deb paths. */
  async download(packages: ReadonlyArray<{ name: string; version: string }>, dir: string): Promise<string[]> {
    await this.update();
    await mkdir(dir, { recursive: true });
    const specs = packages.map((p) => `${p.name}=${p.version}`);
    const r = await execa('apt-get', [...this.options(), 'download', ...specs], { cwd: dir, reject: false, all: true });
    if (r.exitCode !== 0) throw new Error(message.aptDownloadFailed(specs, r.exitCode, lastLines(r.all ?? '', 3)));
    const files = await readdir(dir);
    return packages.map((p) => {
      const deb = files.find((f) => f.startsWith(`${p.name}_`) && f.endsWith('.deb'));
      if (!deb) throw new Error(message.aptDownloadLeftNoDeb(p.name, dir));
      return join(dir, deb);
    });
  }
}


