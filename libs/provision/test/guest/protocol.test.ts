import { describe, expect, it } from 'vitest';
import { encodeGo, encodeRunRequest, encodeTreeRequest, GuestMessageReader } from '../../src/guest/protocol.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('guest/protocol', () => {
  it('packs the fio argv into one base64 token of NUL-terminated arguments', () => {
    const args = ['--name=x', '', 'with space', "quote ' \" $(reboot) `id` ;", 'trailing newline\n', '--filename_format=sharebench.$jobnum.$filenum'];
    const line = encodeRunRequest('7', args);
    expect(line).toMatch(/^RUN 7 [A-Za-z0-9+/=]+ layout\n$/);
    expect(encodeRunRequest('8', args, 'laidout')).toMatch(/^RUN 8 [A-Za-z0-9+/=]+ laidout\n$/);
    const token = line.trim().split(' ')[2]!;
    expect(Buffer.from(token, 'base64').toString('utf8').split('\0')).toEqual([...args, '']);
    expect(encodeGo('7')).toBe('GO 7\n');
  });

  it('says when a run makes its files itself, and in which workdir of the share', () => {
    expect(encodeRunRequest('9', ['--name=x'], 'none', { name: 'sharebench.filecreate', fresh: true })).toMatch(
      /^RUN 9 [A-Za-z0-9+/=]+ none sharebench\.filecreate fresh\n$/,
    );
    expect(encodeRunRequest('9', ['--name=x'], 'layout', { name: 'sharebench.filestat', fresh: false })).toMatch(/ layout sharebench\.filestat keep\n$/);
    expect(encodeTreeRequest('10', 'walk')).toBe('TREE 10 walk\n');
  });

  it('refuses what the line protocol cannot carry', () => {
    expect(() => encodeRunRequest('a b', [])).toThrow(/not a protocol token/);
    expect(() => encodeRunRequest('1', ['a\0b'])).toThrow(/NUL/);
    for (const name of ['..', '.', 'a/b', 'a b', '']) expect(() => encodeRunRequest('1', [], 'none', { name, fresh: true })).toThrow(/not one safe name/);
    expect(() => encodeTreeRequest('1', 'rm -rf /' as 'walk')).toThrow(/not a tree operation/);
  });

  it('reads messages split anywhere across chunks, with base64 data blocks', () => {
    const stdout = '{\n  "jobs" : []\n}\n'.repeat(20);
    const encoded = Buffer.from(stdout).toString('base64').replace(/.{76}/g, '$&\n');
    const stream =
      `SB READY ${b64('sharebench /mnt/share virtiofs rw,relatime 0 0')} ${b64('6.1.0-56-amd64')} ${b64('fio-3.33')} ${b64('cpus=1')}\n` +
      'SB PREPARED 1 0 812\n' +
      'SB RESULT 1 0 1043\n' +
      `SB DATA stdout\n${encoded}\nSB ENDDATA stdout\n` +
      'SB DATA stderr\nSB ENDDATA stderr\n' +
      'SB END 1\n';
    const reader = new GuestMessageReader();
    const messages = [];
    for (let i = 0; i < stream.length; i += 7) messages.push(...reader.push(Buffer.from(stream.slice(i, i + 7))));
    expect(messages).toEqual([
      { kind: 'ready', mount: 'sharebench /mnt/share virtiofs rw,relatime 0 0', kernel: '6.1.0-56-amd64', fioVersion: 'fio-3.33', resources: 'cpus=1' },
      { kind: 'prepared', id: '1', exitCode: 0, layoutMs: 812 },
      { kind: 'result', id: '1', exitCode: 0, durationMs: 1043 },
      { kind: 'data', name: 'stdout', text: stdout },
      { kind: 'data', name: 'stderr', text: '' },
      { kind: 'end', id: '1' },
    ]);
  });

  it('decodes failure reasons', () => {
    expect(new GuestMessageReader().push(`SB FAIL ${b64('mount failed: No such device')}\n`)).toEqual([
      { kind: 'fail', reason: 'mount failed: No such device' },
    ]);
    expect(new GuestMessageReader().push(`SB REFUSED 3 ${b64('share gone')}\n`)).toEqual([{ kind: 'refused', id: '3', reason: 'share gone' }]);
  });
});
