import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { readDynamicInfo, type DynamicSymbol } from './elf-dynamic.js';
import { parseLdd, type LoadedObject } from './ldd.js';
import { writeStubLibrary, type StubSymbol } from './stub-library.js';

/** Libraries fio needs for local I/O (sync, psync, libaio, mmap, io_uring, posixaio, numa options). */
const KEEP = /^(libc|libm|libz|libaio|libnuma|libpthread|librt|libdl|libgcc_s|ld-linux[^/]*)\.so/;

/** fio's closure with the engine-only libraries replaced by stubs, ready for the initramfs. */
export interface TrimmedClosure {
  /** Real libraries (and the loader) that stay, as the loader found them. */
  libraries: LoadedObject[];
  /** Stand-ins, each to be placed where the real library was found. */
  stubs: { name: string; path: string; data: Buffer; symbols: number }[];
}

/**
 * Debian's fio links the libraries of its network, cluster and persistent-memory engines (rbd,
 * rados, gfapi, nbd, rdma, pmem: with their own dependencies, ~70 libraries, 80 MB). Loading
 * and binding them (fio is linked BIND_NOW) costs ~0.5 s per fio start under TCG, twice per run.
 * This keeps the libraries local I/O needs and replaces every other library fio names directly
 * by a stub defining just the symbols fio imports from it (calling one stops fio with SIGILL).
 * The result is checked on this host (the same loader the guest gets): the loader must list it
 * and `fio --version` must run; otherwise null, and the caller keeps the full closure.
 */
export async function trimFioClosure(interpreter: string, fio: string, full: readonly LoadedObject[], workDir: string): Promise<TrimmedClosure | null> {
  const program = readDynamicInfo(await readFile(fio), fio);
  const replaced = program.needed.filter((name) => !KEEP.test(name));
  if (replaced.length === 0) return null;
  const stubDir = join(workDir, 'stubs');
  await mkdir(stubDir, { recursive: true });
  // An unversioned import a kept library defines stays theirs, whatever the search order.
  const kept = new Set<string>();
  for (const lib of full.filter((o) => KEEP.test(o.name) && program.needed.includes(o.name))) {
    for (const s of readDynamicInfo(await readFile(lib.path), lib.path).symbols) if (s.defined) kept.add(s.name);
  }
  const imports = program.symbols.filter((s) => !s.defined && !(s.versionFile === null && kept.has(s.name)));
  const stubs: TrimmedClosure['stubs'] = [];
  for (const name of replaced) {
    const real = full.find((o) => o.name === name);
    if (!real) return null;
    const provided = new Set(readDynamicInfo(await readFile(real.path), real.path).symbols.filter((s) => s.defined).map((s) => s.name));
    const symbols = imports.filter((s) => s.versionFile === name || (s.versionFile === null && provided.has(s.name))).map(stubSymbol);
    const data = writeStubLibrary(name, symbols);
    await writeFile(join(stubDir, name), data);
    stubs.push({ name, path: real.path, data, symbols: symbols.length });
  }

  const listed = await execa(interpreter, ['--library-path', stubDir, '--list', fio], { reject: false });
  const smoke = await execa(interpreter, ['--library-path', stubDir, fio, '--version'], { reject: false, timeout: 30_000 });
  if (listed.exitCode !== 0 || smoke.exitCode !== 0 || !smoke.stdout.startsWith('fio-')) return null;
  const libraries = parseLdd(listed.stdout, fio).filter((o) => !o.path.startsWith(`${stubDir}/`));
  if (!libraries.some((o) => o.path === interpreter)) libraries.push({ name: interpreter, path: interpreter });
  return { libraries, stubs };
}

function stubSymbol(symbol: DynamicSymbol): StubSymbol {
  return { name: symbol.name, version: symbol.version };
}
