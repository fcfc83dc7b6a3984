import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { moduleDependencies } from './elf.js';
import { moduleLoadOrder, normalizeModuleName } from './module-order.js';
import { message } from './messages.js';

/** A module ready for the initramfs: uncompressed, so busybox insmod can load it. */
export interface GuestModule {
  name: string;
  /** Where it came from in the kernel package. */
  source: string;
  data: Buffer;
}

/**
 * Reads `wanted` modules and everything they depend on from an unpacked kernel's module tree, in
 * load order. Modules Debian ships compressed (.ko.xz on newer kernels) are decompressed here:
 * busybox insmod takes plain ELF only.
 */
export async function readGuestModules(modulesDir: string, wanted: readonly string[], optional: readonly string[] = []): Promise<GuestModule[]> {
  const files = new Map<string, string>();
  for (const path of await walk(join(modulesDir, 'kernel'))) {
    if (/\.ko(\.(xz|gz|zst))?$/.test(path)) files.set(normalizeModuleName(basename(path)), path);
  }
  const builtinText = await readFile(join(modulesDir, 'modules.builtin'), 'utf8').catch(() => '');
  const builtin = new Set(builtinText.split('\n').filter(Boolean).map((l) => normalizeModuleName(basename(l))));

  // A module this kernel has neither as a file nor built in is dropped when it is optional.
  wanted = wanted.filter((m) => !optional.includes(m) || files.has(normalizeModuleName(m)) || builtin.has(normalizeModuleName(m)));
  const loaded = new Map<string, Buffer>();
  // Only modules reachable from `wanted` are read.
  const depsOf = new Map<string, string[]>();
  const pending: string[] = [...wanted.map(normalizeModuleName)];
  while (pending.length) {
    const name = pending.pop()!;
    if (depsOf.has(name) || builtin.has(name) || !files.has(name)) continue;
    const path = files.get(name)!;
    const data = await readModule(path);
    loaded.set(name, data);
    const deps = moduleDependencies(data, path).map(normalizeModuleName);
    depsOf.set(name, deps);
    pending.push(...deps);
  }
  const order = moduleLoadOrder(wanted, (name) => {
    if (builtin.has(name) && !files.has(name)) return { builtin: true };
    const depends = depsOf.get(name);
    return depends ? { builtin: false, depends } : null;
  });
  return order.map((name) => ({ name, source: files.get(name)!, data: loaded.get(name)! }));
}

async function readModule(path: string): Promise<Buffer> {
  const raw = await readFile(path);
  if (path.endsWith('.ko')) return raw;
  if (path.endsWith('.gz')) return gunzipSync(raw);
  const tool = path.endsWith('.xz') ? ['xz', '--decompress', '--stdout'] : ['zstd', '--decompress', '--stdout'];
  const result = await execa(tool[0]!, tool.slice(1), { input: raw, encoding: 'buffer', reject: false }).catch((err: unknown) => ({
    exitCode: -1,
    stdout: new Uint8Array(0),
    stderr: String(err),
  }));
  if (result.exitCode !== 0) throw new Error(message.cannotDecompressModule(tool[0]!, path));
  return Buffer.from(result.stdout);
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}
