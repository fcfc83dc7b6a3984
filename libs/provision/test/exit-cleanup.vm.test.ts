import { execa } from 'execa';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupMembers, processesMatching } from '@sharebench/host';
import { bundleScript, outputOf, until } from '@sharebench/host/testing';
import { cacheDir, scratch } from '@sharebench/provision/testing';

// A Node process that gets SIGINT or SIGTERM while a guest starts or runs must take QEMU,
// virtiofsd and the socket directory with it. The child is this repo's source, bundled.
describe('system/exit-cleanup', { timeout: 240_000 }, () => {
  let env: Awaited<ReturnType<typeof scratch>>;
  let bundle: string;
  beforeAll(async () => {
    env = await scratch();
    bundle = bundleScript(new URL('./fixtures/guest-child.ts', import.meta.url), join(env.ctx.scratchRoot, '..', 'guest-child.mjs'));
  });
  afterAll(async () => {
    await env.cleanup();
  });

  // SIGINT once both groups (virtiofsd, QEMU) exist and the guest boots; SIGTERM once fio's timed part runs in the guest.
  for (const [signal, phase, marker] of [
    ['SIGINT', 'open', /^GROUPS \d+,\d+$/m],
    ['SIGTERM', 'run', /^RUNNING$/m],
  ] as const) {
    it(`${signal} during ${phase} leaves no process and no socket behind`, async () => {
      const child = execa('node', [bundle, phase, env.ctx.scratchRoot, cacheDir, env.logDir(`signal-${phase}`)], { reject: false, buffer: true });
      const out = outputOf(child, ['stdout']);
      await out.waitFor(marker);
      child.kill(signal);
      const result = await child;
      expect(result.signal).toBe(signal);
      const groups = [...out.text.matchAll(/^GROUPS (.*)$/gm)].at(-1)![1]!.split(',').map(Number);
      expect(groups.length).toBe(2);
      // The child SIGKILLed both groups on its way out; they are gone once the kernel has reaped them.
      const members = () => groups.flatMap((g) => groupMembers(g).map((m) => m.pid));
      await until('every member of the two groups is gone', () => members().length === 0);
      expect(processesMatching((p) => groups.includes(p.pid))).toEqual([]);
      expect((await readdir(tmpdir())).filter((d) => d.startsWith(`sb-${child.pid}-`))).toEqual([]);
    });
  }
});
