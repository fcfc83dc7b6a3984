import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { outputOf, until } from '@sharebench/host/testing';

const node = (script: string) => execa(process.execPath, ['-e', script], { reject: false, stdin: 'pipe' });

describe('host/testing: waits that end with the child', () => {
  it('resolves a marker printed later, on either stream, and one already printed', async () => {
    const child = node("console.log('one'); process.stdin.once('data', () => { console.error('MARK 42'); process.exit(0); });");
    const out = outputOf(child);
    await out.waitFor(/^one$/m);
    child.stdin!.write('go\n');
    expect((await out.waitFor(/^MARK (\d+)$/m))[1]).toBe('42');
    expect((await out.waitFor(/^one$/m))[0]).toBe('one');
    await child;
  });

  it('rejects a marker wait as soon as the child exits without printing it, with its status and output', async () => {
    const child = node("console.log('started'); process.exit(3);");
    await expect(outputOf(child).waitFor(/^never$/m)).rejects.toThrow(/exited with code 3 before printing \/\^never\$\/m; its output ended with:\nstarted/);
    const killed = node('setInterval(() => {}, 1000);');
    const waiting = outputOf(killed).waitFor(/never/);
    killed.kill('SIGKILL');
    await expect(waiting).rejects.toThrow(/was killed by SIGKILL before printing/);
  });

  it('until: resolves with the first truthy value, rejects when the process it waits on has exited', async () => {
    let n = 0;
    expect(await until('three polls', () => (++n >= 3 ? n : 0), { pollMs: 1 })).toBe(3);
    const child = node('process.exit(0)');
    await child;
    await expect(until('something that never holds', () => false, { while: child })).rejects.toThrow(/exited \(code 0\) before something that never holds/);
  });
});
