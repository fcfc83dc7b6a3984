import { cacheDir as sharebenchCache } from '@sharebench/host';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvContext, NinepEnvSpec, VirtiofsEnvSpec } from '../../src/spec.js';
import { startedGroupPids } from '../../../host/src/process-group.js';

/** Where VM tests keep the guest image: built once (needs Debian's mirrors), reused afterwards. */
export const cacheDir = sharebenchCache();

/** A scratch root and log directory for one test file; `cleanup` removes them. */
export async function scratch(): Promise<{ ctx: EnvContext; logDir: (name: string) => string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'sharebench-test-'));
  return {
    ctx: { scratchRoot: join(root, 'scratch'), cacheDir },
    logDir: (name) => join(root, 'logs', name),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

const guest = {
  vcpus: 1,
  memoryBytes: 512 * 1024 * 1024,
  numa: null,
  accel: 'auto' as const,
  sharedDir: null,
  tag: 'sharebench',
  qemuPath: null,
  qemuPackage: null,
  guestKernel: null,
};

export function virtiofsSpec(name: string, extra: Partial<VirtiofsEnvSpec> = {}): VirtiofsEnvSpec {
  // The C daemon unless a test asks for another: it is the one Debian 12 has without doctor --fix.
  return {
    ...guest,
    name,
    kind: 'virtiofs',
    daemon: 'c',
    cache: 'auto',
    daxWindowBytes: null,
    threadPoolSize: null,
    xattr: false,
    allowDirectIo: false,
    allowMmap: false,
    inodeFileHandles: null,
    sandbox: 'namespace',
    ...extra,
  };
}

export function ninepSpec(name: string, extra: Partial<NinepEnvSpec> = {}): NinepEnvSpec {
  return { ...guest, name, kind: '9p', cache: 'mmap', msize: 512_000, securityModel: 'mapped-xattr', ...extra };
}

/** A tiny fio job: 1 MiB file, 1 s, 4 KiB random reads. */
export const tinyJob = [
  '--name=tiny',
  '--rw=randread',
  '--bs=4k',
  '--size=1m',
  '--runtime=1s',
  '--time_based',
  '--ioengine=psync',
  '--filename_format=sharebench.$jobnum.$filenum',
];

/** Pids of live processes descended from this one whose command name matches `comm`. */
export async function descendants(comm: RegExp): Promise<number[]> {
  const procs = await processTable();
  const mine = descendantSet(procs);
  return procs.filter((p) => mine.has(p.pid) && p.pid !== process.pid && comm.test(p.comm)).map((p) => p.pid);
}

/**
 * What this test process started that still runs: members of any process group it created
 * (QEMU, virtiofsd and virtiofsd's sandboxed child), and any qemu-system/virtiofsd/fio process
 * descended from it.
 */
export async function leftovers(): Promise<string[]> {
  const groups = new Set(startedGroupPids());
  const procs = await processTable();
  const mine = descendantSet(procs);
  return procs
    .filter((p) => p.pid !== process.pid && (groups.has(p.pgrp) || (mine.has(p.pid) && /qemu-system|virtiofsd|^fio$/.test(p.comm))))
    .map((p) => `${p.pid} ${p.comm} (group ${p.pgrp})`);
}

interface Proc {
  pid: number;
  ppid: number;
  pgrp: number;
  comm: string;
}

async function processTable(): Promise<Proc[]> {
  const procs: Proc[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const [state, ppid, pgrp] = stat.slice(close + 2).split(' ');
    if (state === 'Z') continue;
    procs.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp), comm });
  }
  return procs;
}

function descendantSet(procs: readonly Proc[]): Set<number> {
  const mine = new Set<number>([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!mine.has(p.pid) && mine.has(p.ppid)) {
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  return mine;
}

/** Socket directories this test process created that still exist. */
export async function leftoverSocketDirs(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((d) => d.startsWith(`sb-${process.pid}-`));
}

/**
 * For a suite of guest tests: a scratch directory made before the first test and removed after
 * the last, and after every test the check that no process or socket of ours is left.
 */
export function guestScratch(): { readonly ctx: EnvContext; logDir: (name: string) => string } {
  let env: Awaited<ReturnType<typeof scratch>> | undefined;
  beforeAll(async () => {
    env = await scratch();
  });
  afterAll(async () => {
    await env?.cleanup();
  });
  afterEach(async () => {
    expect(await leftovers()).toEqual([]);
    expect(await leftoverSocketDirs()).toEqual([]);
  });
  return {
    get ctx() {
      return env!.ctx;
    },
    logDir: (name: string) => env!.logDir(name),
  };
}
