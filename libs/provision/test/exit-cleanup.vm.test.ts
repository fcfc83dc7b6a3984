import { execa } from 'execa';
import { buildSync } from 'esbuild';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDir, scratch } from './helpers/guest.js';

// A Node process that gets SIGINT or SIGTERM while a guest starts or runs must take QEMU,
// virtiofsd and the socket directory with it. The child is this repo's source, bundled.
describe('system/exit-cleanup', { timeout: 240_000 }, () => {
  let env: Awaited<ReturnType<typeof scratch>>;
  let bundle: string;
  beforeAll(async () => {
    env = await scratch();
    bundle = join(env.ctx.scratchRoot, '..', 'guest-child.cjs');
    buildSync({
      entryPoints: [fileURLToPath(new URL('./fixtures/guest-child.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'error',
    });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  for (const [signal, phase, waitFor] of [
    ['SIGINT', 'open', /^GROUPS \d+,\d+$/m],
    ['SIGTERM', 'run', /^RUNNING$/m],
  ] as const) {
    it(`${signal} during ${phase} leaves no process and no socket behind`, async () => {
      const child = execa('node', [bundle, phase, env.ctx.scratchRoot, cacheDir, env.logDir(`signal-${phase}`)], { reject: false, buffer: true });
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (waitFor.test(out)) resolve();
        });
        void child.then((r) => reject(new Error(`child ended early: ${r.exitCode} ${r.stderr}`)));
      });
      // QEMU has been started (two groups: virtiofsd, QEMU) or the run is going on.
      await new Promise((r) => setTimeout(r, phase === 'run' ? 2000 : 500));
      child.kill(signal);
      const result = await child;
      expect(result.signal).toBe(signal);
      const groups = [...out.matchAll(/^GROUPS (.*)$/gm)].at(-1)![1]!.split(',').map(Number);
      expect(groups.length).toBe(2);
      await new Promise((r) => setTimeout(r, 300));
      expect(await membersOf(groups)).toEqual([]);
      expect((await readdir(tmpdir())).filter((d) => d.startsWith(`sb-${child.pid}-`))).toEqual([]);
    });
  }
});

async function membersOf(groups: number[]): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && groups.includes(Number(fields[2]))) found.push(`${entry} ${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}`);
  }
  return found;
}
