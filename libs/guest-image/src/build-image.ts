import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { execa } from 'execa';
import { encodeCpioEntry, type CpioEntry } from './cpio.js';
import { fetchKernel } from './fetch-kernel.js';
import { checkTool, type ImageTool } from './guest-tools.js';
import { OPTIONAL_GUEST_MODULES, type ImageInputs } from './image-inputs.js';
import { readGuestModules } from './kernel-modules.js';
import type { KernelPackage } from './kernel-package.js';
import { trimFioClosure } from './trim-fio.js';
import { extractVmlinux } from './vmlinux.js';

/** A built guest image: what QEMU boots. Stored as manifest.json beside the files. */
export interface GuestImage {
  key: string;
  dir: string;
  /** An uncompressed vmlinux (booted through PVH) or, when that could not be had, the bzImage. */
  kernelPath: string;
  bootProtocol: 'pvh' | 'bzimage';
  initramfsPath: string;
  initramfsBytes: number;
  kernelPackage: KernelPackage;
  /** `uname -r` of the guest kernel. */
  kernelRelease: string;
  /** Modules the init loads, in load order. */
  modules: string[];
  fioPath: string;
  /** `trimmed` when fio's engine-only libraries were replaced by stubs (see trimFioClosure). */
  fioClosure: 'trimmed' | 'full';
  /** The libraries replaced by stubs; calling into one stops fio with SIGILL. */
  stubbedLibraries: string[];
  /** The developer loops' tools the guest carries (the host's binaries), each checked with --version. */
  tools: ImageTool[];
  builtAt: string;
}

// A file of the initramfs whose bytes are read from the host only while the archive is written.
type PlannedEntry = CpioEntry | { type: 'copy'; path: string; source: string; mode: number };

/**
 * Builds the guest image for `inputs` into `outDir`, using `workDir` for the downloaded kernel
 * package; the returned description already names `finalDir`, where the caller renames `outDir`.
 */
export async function buildGuestImage(inputs: ImageInputs, key: string, workDir: string, outDir: string, finalDir: string): Promise<GuestImage> {
  await mkdir(outDir, { recursive: true });
  await mkdir(workDir, { recursive: true });
  // finalDir is <cache>/guest/<key>; a kernel from another suite comes through <cache>/apt.
  const kernel = await fetchKernel(inputs.kernel, workDir, dirname(dirname(finalDir)));

  const bzImage = await readFile(kernel.bzImagePath);
  const config = await readFile(kernel.configPath, 'utf8').catch(() => '');
  const vmlinux = /^CONFIG_PVH=y$/m.test(config) ? await extractVmlinux(bzImage) : null;
  const kernelFile = vmlinux ? 'vmlinux' : 'vmlinuz';
  if (vmlinux) await writeFile(join(outDir, kernelFile), vmlinux);
  else await copyFile(kernel.bzImagePath, join(outDir, kernelFile));

  const modules = await readGuestModules(kernel.modulesDir, inputs.modules, OPTIONAL_GUEST_MODULES);
  const applets = (await execa(inputs.busybox.path, ['--list-full'])).stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const trimmed =
    inputs.fio.closure === 'trimmed' && inputs.fio.interpreter !== null
      ? await trimFioClosure(inputs.fio.interpreter, inputs.fio.path, inputs.fio.libraries, workDir)
      : null;
  const toolLibraries = inputs.tools.flatMap((t) => t.libraries);
  // A library fio and a tool share (libc, libz) goes in once; one a tool needs is never a stub (fio then loads the real one).
  const stubs = (trimmed?.stubs ?? []).filter((s) => !toolLibraries.some((l) => l.path === s.path));
  // (The tool's closure holds that library's own dependencies too: the loader lists them all.)
  const libraries = [...new Map([...(trimmed?.libraries ?? inputs.fio.libraries), ...toolLibraries].map((l) => [l.path, l])).values()];
  const tools: ImageTool[] = [];
  for (const tool of inputs.tools) tools.push({ name: tool.name, path: tool.path, version: await checkTool(tool, tool.libraries) });
  const libraryDirs = [...new Set([...libraries, ...stubs].map((l) => dirname(l.path)))];

  const entries: PlannedEntry[] = [
    { type: 'char', path: 'dev/console', major: 5, minor: 1, mode: 0o600 },
    { type: 'file', path: 'init', data: Buffer.from(inputs.initScript), mode: 0o755 },
    { type: 'copy', path: 'bin/busybox', source: inputs.busybox.path, mode: 0o755 },
    ...applets.filter((a) => a !== 'bin/busybox').map((a): CpioEntry => ({ type: 'symlink', path: a, target: '/bin/busybox' })),
    { type: 'copy', path: inputs.fio.path, source: inputs.fio.path, mode: 0o755 },
    ...inputs.tools.map((t): PlannedEntry => ({ type: 'copy', path: t.path, source: t.path, mode: 0o755 })),
    ...libraries.map((l): PlannedEntry => ({ type: 'copy', path: l.path, source: l.path, mode: 0o755 })),
    ...stubs.map((s): CpioEntry => ({ type: 'file', path: s.path, data: s.data, mode: 0o755 })),
    ...modules.map((m): CpioEntry => ({ type: 'file', path: `lib/modules/${m.name}.ko`, data: m.data, mode: 0o644 })),
    {
      type: 'file',
      path: 'etc/sharebench/env',
      data: Buffer.from(`MODULES="${modules.map((m) => m.name).join(' ')}"\nexport LD_LIBRARY_PATH=${libraryDirs.join(':')}\n`),
      mode: 0o644,
    },
  ];
  const dirs = ['dev', 'proc', 'sys', 'tmp', 'mnt', 'root', 'etc', 'lib/modules', ...entries.map((e) => dirname(e.path.replace(/^\/+/, '')))];
  const initramfsPath = join(outDir, 'initramfs.cpio.gz');
  await writeInitramfs([...withParents(dirs).map((path): CpioEntry => ({ type: 'dir', path })), ...entries], initramfsPath);

  const image: GuestImage = {
    key,
    dir: finalDir,
    kernelPath: join(finalDir, kernelFile),
    bootProtocol: vmlinux ? 'pvh' : 'bzimage',
    initramfsPath: join(finalDir, 'initramfs.cpio.gz'),
    initramfsBytes: (await stat(initramfsPath)).size,
    kernelPackage: inputs.kernel,
    kernelRelease: kernel.release,
    modules: modules.map((m) => m.name),
    fioPath: inputs.fio.path,
    fioClosure: trimmed ? 'trimmed' : 'full',
    stubbedLibraries: stubs.map((s) => s.name),
    tools,
    builtAt: new Date().toISOString(),
  };
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify({ image, inputs }, null, 2)}\n`);
  return image;
}

async function writeInitramfs(entries: PlannedEntry[], path: string): Promise<void> {
  async function* bytes(): AsyncGenerator<Buffer> {
    let ino = 1;
    for (const entry of entries) {
      const resolved: CpioEntry = entry.type === 'copy' ? { type: 'file', path: entry.path, data: await readFile(entry.source), mode: entry.mode } : entry;
      yield* encodeCpioEntry(resolved, ino++);
    }
    yield* encodeCpioEntry({ type: 'trailer' }, 0);
  }
  await pipeline(Readable.from(bytes()), createGzip({ level: 6 }), createWriteStream(path));
}

function withParents(dirs: string[]): string[] {
  const all = new Set<string>();
  for (const dir of dirs) {
    const parts = dir.replace(/^\/+/, '').split('/').filter((p) => p !== '' && p !== '.');
    for (let i = 1; i <= parts.length; i++) all.add(parts.slice(0, i).join('/'));
  }
  return [...all].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}
