import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDynamicInfo } from '../src/elf-dynamic.js';
import { readElf } from '../src/elf.js';
import { parseLdd } from '../src/ldd.js';
import { trimFioClosure } from '../src/trim-fio.js';

// Against this host's real fio and dynamic loader (what the guest image is built from).
describe('image/trim-fio', () => {
  let work: string;
  let interpreter: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharebench-trim-'));
    interpreter = readElf(await readFile('/usr/bin/fio'), 'fio').interpreter!;
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("reads fio's needed libraries and its versioned imports", async () => {
    const info = readDynamicInfo(await readFile('/usr/bin/fio'), 'fio');
    expect(info.needed).toContain('libc.so.6');
    expect(info.symbols.find((s) => s.name === 'strdup' && !s.defined)).toMatchObject({ version: expect.stringMatching(/^GLIBC_/), versionFile: 'libc.so.6' });
  });

  it('keeps what local I/O needs, stubs the rest, and the result runs a real fio job', async () => {
    const full = parseLdd((await execa(interpreter, ['--list', '/usr/bin/fio'])).stdout, 'fio');
    const trimmed = await trimFioClosure(interpreter, '/usr/bin/fio', full, work);
    expect(trimmed).not.toBeNull();
    const kept = trimmed!.libraries.map((l) => l.name);
    expect(kept).toEqual(expect.arrayContaining(['libc.so.6', 'libaio.so.1', interpreter]));
    expect(kept.length).toBeLessThan(full.length);
    for (const stub of trimmed!.stubs) {
      expect(full.find((l) => l.name === stub.name)?.path).toBe(stub.path);
      expect(kept).not.toContain(stub.name);
    }
    const stubDir = join(work, 'stubs');
    const job = ['--name=t', '--rw=randwrite', '--bs=4k', '--size=256k', '--ioengine=libaio', `--directory=${work}`, '--output-format=json'];
    const run = await execa(interpreter, ['--library-path', stubDir, '/usr/bin/fio', ...job]);
    expect(JSON.parse(run.stdout).jobs[0].write.io_bytes).toBe(256 * 1024);
    if (trimmed!.stubs.some((s) => s.name.startsWith('librbd'))) {
      const rbd = await execa(
        interpreter,
        ['--library-path', stubDir, '/usr/bin/fio', '--name=r', '--ioengine=rbd', '--size=1m', `--directory=${work}`],
        { reject: false },
      );
      expect(rbd.signal).toBe('SIGILL');
    }
  });
});
