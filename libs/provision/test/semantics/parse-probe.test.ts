import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '@sharebench/core';
import { parseProbeLine, parseProbeOutput } from '../../src/semantics/parse-probe.js';
import { PROBE_CHECKS, HOST_SIDE_CHECKS } from '../../src/semantics/probe-checks.js';

// Real transcripts of semantics-probe's stdout: on this host's ext4 without a runner (--no-peer),
// and in TCG guests booted by hand (Debian's 6.12 backports kernel, QEMU 7.2): a 9p share with
// cache=none, and a virtio-fs share served by Debian 13's Rust virtiofsd with --cache=never --allow-mmap.
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const at = { source: 'probe.txt', line: 7 };

describe('semantics/parse-probe', () => {
  it('reads a 9p guest transcript: BEGIN, END, 28 rows, requests skipped', () => {
    const out = parseProbeOutput(fixture('9p-cache-none-linux-6.12.txt'), '9p');
    expect(out.begin).toEqual({ protocol: 1, workdir: 'sharebench-probe-YmM8JC', kernel: '6.12.95+deb12-amd64', euid: 0 });
    expect(out.end).toEqual({ rows: 28, clean: true, detail: '' });
    expect(out.rows).toHaveLength(28);
    const byCheck = new Map(out.rows.map((r) => [r.check, r]));
    expect(byCheck.get('mmap_shared_write')).toEqual({
      check: 'mmap_shared_write',
      result: 'fails',
      errno: 'EINVAL',
      detail: 'mmap(MAP_SHARED, PROT_READ|PROT_WRITE): Invalid argument',
    });
    expect(byCheck.get('o_direct')).toMatchObject({ result: 'ok', errno: null });
    expect(byCheck.get('inotify')).toMatchObject({ result: 'differs', errno: null, detail: expect.stringMatching(/^no IN_CREATE within 2000 ms/) });
    // v9fs's statfs passes the server's f_type through: the mount's type says it is 9p.
    expect(byCheck.get('statfs')?.detail).toMatch(/^mount_type=9p f_type=0xef53 fs=ext2\/3\/4 /);
    // The runner answered the HOSTSTAT requests: its rows are not in the probe's own output.
    expect(byCheck.has('owner_on_host')).toBe(false);
  });

  it('reads a virtio-fs guest transcript and a host transcript without a runner', () => {
    const vfs = parseProbeOutput(fixture('virtiofs-rust-never-allow-mmap-linux-6.12.txt'));
    expect(vfs.rows.find((r) => r.check === 'mmap_shared_write')?.result).toBe('ok');
    expect(vfs.rows.find((r) => r.check === 'statfs')?.detail).toMatch(/^mount_type=virtiofs f_type=0x65735546 fs=fuse f_bsize=\d+ /);
    const host = parseProbeOutput(fixture('host-ext4-no-peer.txt'));
    // Without a runner the probe reports the runner's rows itself, as unsupported.
    expect(host.rows.filter((r) => r.result === 'unsupported').map((r) => r.check).sort()).toEqual(['inotify', 'owner_on_host', 'symlink_on_host']);
    expect(host.rows.map((r) => r.check).sort()).toEqual([...PROBE_CHECKS].sort());
  });

  it('types the request lines', () => {
    expect(parseProbeLine('WAIT\tinotify\tsharebench-probe-x/inotify/watched/from-runner', at)).toEqual({
      kind: 'wait',
      check: 'inotify',
      path: 'sharebench-probe-x/inotify/watched/from-runner',
    });
    expect(parseProbeLine('HOSTSTAT\towner_on_host\tw/chown/owned\tfile\t4242\t4242\t0640', at)).toEqual({
      kind: 'hoststat',
      check: 'owner_on_host',
      path: 'w/chown/owned',
      seen: { type: 'file', uid: 4242, gid: 4242, mode: 0o640 },
    });
    expect(HOST_SIDE_CHECKS.every((c) => PROBE_CHECKS.includes(c))).toBe(true);
  });

  it.each([
    ['hard_link\tok\t', /hard_link line has 3 tab-separated fields, want 4/],
    ['hard_link\tfine\t\tx', /result "fine" is not ok, fails, differs or unsupported/],
    ['hard_link\tok\tEPERM\tx', /an errno \(EPERM\) with result ok; only fails carries one/],
    ['hard_link\tfails\tperm\tx', /errno "perm" is not an errno name/],
    ['hardlink\tok\t\tx', /unknown check "hardlink"/],
    ['WAIT\tinotify\t../etc/passwd', /path "..\/etc\/passwd" is not relative names joined by \//],
    ['WAIT\tinotify\t/etc/passwd', /is not relative names joined by/],
    ['HOSTSTAT\towner_on_host\tw/owned\tpipe\t0\t0\t0640', /file type "pipe" is not one of the protocol's/],
    ['HOSTSTAT\towner_on_host\tw/owned\tfile\t0\t0\t0x1a4', /mode "0x1a4" is not octal/],
    ['BEGIN\t2\tw\t6.1\t0', /protocol 2, this runner speaks 1; rebuild the probe from this tree/],
    ['END\t3\tdirty\t', /END state "dirty" is not clean or leftover/],
  ])('refuses %j, naming the source, the line and the text', (text, problem) => {
    const error = (() => {
      try {
        parseProbeLine(text, at);
      } catch (e) {
        return e;
      }
      return null;
    })() as ParseError;
    expect(error).toBeInstanceOf(ParseError);
    expect(error.message).toMatch(problem);
    expect(error.message).toMatch(/^probe\.txt:line 7: /);
    expect(error.message).toContain(JSON.stringify(text));
  });

  it('refuses a transcript that is cut, miscounted, unframed or goes on after END', () => {
    const text = fixture('host-ext4-no-peer.txt');
    const lines = text.split('\n').slice(0, -1); // the final newline; END's empty detail keeps its tab
    expect(() => parseProbeOutput(lines.slice(0, -1).join('\n'), 'cut')).toThrow(/^cut:line 31: the output ends before END: the probe was cut off$/);
    expect(() => parseProbeOutput([...lines.slice(0, 3), lines.at(-1)].join('\n'), 'short')).toThrow(/^short:line 4: END counts 30 rows but 2 came$/);
    expect(() => parseProbeOutput(lines.slice(1).join('\n'), 'headless')).toThrow(/^headless:line 1: the output does not start with BEGIN/);
    expect(() => parseProbeOutput([...lines, lines[1]].join('\n'), 'trailing')).toThrow(/^trailing:line 33: a line after END/);
    expect(() => parseProbeOutput('', 'empty')).toThrow(/^empty: no output \(no BEGIN line\)$/);
  });
});
