import { isDevloopOp, isTreeOp, type DevloopOp, type TreeOp } from '@sharebench/core';

/**
 * The host side of the line protocol the guest init speaks on its virtio-serial port (see
 * init.sh for the guest side). Every variable field travels base64-encoded, so no
 * byte of an fio argument or output is ever seen by a shell; the rest are tokens checked on both
 * sides (run ids, workdir names, tree operations).
 */

export type GuestMessage =
  | { kind: 'ready'; mount: string; kernel: string; fioVersion: string; resources: string }
  | { kind: 'fail'; reason: string }
  | { kind: 'refused'; id: string; reason: string }
  | { kind: 'prepared'; id: string; exitCode: number; layoutMs: number }
  | { kind: 'result'; id: string; exitCode: number; durationMs: number }
  | { kind: 'data'; name: string; text: string }
  /** One line of the semantics probe's stdout, relayed as it comes (`SB LINE <id> <b64>`). */
  | { kind: 'line'; id: string; text: string }
  | { kind: 'end'; id: string };

/** How a RUN prepares its files: lay them out, or not (`laidout`: the host saw them there; `none`: the job creates them). */
export type LayoutMode = 'layout' | 'laidout' | 'none';

/** A subdirectory of the share a RUN's files are in: one safe name, no path. */
export const WORKDIR_NAME = /^(?!\.\.?$)[A-Za-z0-9._-]+$/;

/**
 * `RUN <id> <b64> <layout|laidout|none> [<workdir> <fresh|keep>]`: the arguments, each followed
 * by a NUL (what `xargs -0` reads), as one base64 token. An argument may hold any byte but NUL,
 * which no argv can carry. `laidout` tells the guest the test files are already there at full
 * size (the host checked the shared directory), `none` that the job makes them itself (fio's
 * filecreate): either way it skips the layout run and only syncs and drops caches. A workdir is
 * made in the share first (emptied first when `fresh`).
 */
export function encodeRunRequest(
  id: string,
  args: readonly string[],
  layout: LayoutMode = 'layout',
  workdir: { name: string; fresh: boolean } | null = null,
): string {
  if (!/^[0-9A-Za-z_-]+$/.test(id)) throw new Error(`run id ${JSON.stringify(id)} is not a protocol token`);
  if (args.some((a) => a.includes('\0'))) throw new Error('a fio argument contains a NUL byte');
  if (workdir && !WORKDIR_NAME.test(workdir.name)) throw new Error(`workdir ${JSON.stringify(workdir.name)} is not one safe name`);
  const packed = Buffer.concat(args.map((a) => Buffer.from(`${a}\0`, 'utf8')));
  return `RUN ${id} ${packed.toString('base64')} ${layout}${workdir ? ` ${workdir.name} ${workdir.fresh ? 'fresh' : 'keep'}` : ''}\n`;
}

/** `TREE <id> <op>`: one tree operation on the tree the guest was booted with (see init.sh). */
export function encodeTreeRequest(id: string, op: TreeOp): string {
  if (!/^[0-9A-Za-z_-]+$/.test(id)) throw new Error(`run id ${JSON.stringify(id)} is not a protocol token`);
  if (!isTreeOp(op)) throw new Error(`${JSON.stringify(op)} is not a tree operation`);
  return `TREE ${id} ${op}\n`;
}

/** `DEVLOOP <id> <op>`: one developer-loop operation with the kit the guest was booted with (see init.sh). */
export function encodeDevloopRequest(id: string, op: DevloopOp): string {
  if (!/^[0-9A-Za-z_-]+$/.test(id)) throw new Error(`run id ${JSON.stringify(id)} is not a protocol token`);
  if (!isDevloopOp(op)) throw new Error(`${JSON.stringify(op)} is not a developer-loop operation`);
  return `DEVLOOP ${id} ${op}\n`;
}

/**
 * `PROBE <id> <b64 of the probe's arguments, each NUL-terminated>`: the semantics probe on the
 * share with these arguments after the directory, its stdout relayed line by line (`SB LINE`),
 * the host's replies to its requests sent back as `REPLY <id> <b64 line>` (encodeProbeReply).
 */
export function encodeProbeRequest(id: string, args: readonly string[]): string {
  if (!/^[0-9A-Za-z_-]+$/.test(id)) throw new Error(`run id ${JSON.stringify(id)} is not a protocol token`);
  if (args.some((a) => a.includes('\0'))) throw new Error('a probe argument contains a NUL byte');
  const packed = Buffer.concat(args.map((a) => Buffer.from(`${a}\0`, 'utf8')));
  return `PROBE ${id} ${packed.length > 0 ? packed.toString('base64') : '-'}\n`;
}

/** `REPLY <id> <b64>`: one line for the probe's stdin (its newline is added in the guest). */
export function encodeProbeReply(id: string, line: string): string {
  return `REPLY ${id} ${Buffer.from(line.replace(/\n$/, ''), 'utf8').toString('base64')}\n`;
}

export function encodeGo(id: string): string {
  return `GO ${id}\n`;
}

export const QUIT_REQUEST = 'QUIT\n';

/**
 * Turns the guest's byte stream into messages. Text outside `SB ...` lines (there should be none)
 * is ignored; a `SB DATA` block is collected until its `SB ENDDATA` and decoded.
 */
export class GuestMessageReader {
  private pending = '';
  private block: { name: string; lines: string[] } | null = null;

  push(chunk: Buffer | string): GuestMessage[] {
    this.pending += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    const out: GuestMessage[] = [];
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl).replace(/\r$/, '');
      this.pending = this.pending.slice(nl + 1);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): GuestMessage | null {
    if (this.block) {
      if (line === `SB ENDDATA ${this.block.name}`) {
        const { name, lines } = this.block;
        this.block = null;
        return { kind: 'data', name, text: Buffer.from(lines.join(''), 'base64').toString('utf8') };
      }
      this.block.lines.push(line);
      return null;
    }
    const [tag, kind, ...fields] = line.split(' ');
    if (tag !== 'SB') return null;
    const text = (i: number) => Buffer.from(fields[i] ?? '', 'base64').toString('utf8');
    const int = (i: number) => Number.parseInt(fields[i] ?? '', 10);
    switch (kind) {
      case 'READY':
        return { kind: 'ready', mount: text(0), kernel: text(1), fioVersion: text(2), resources: text(3) };
      case 'FAIL':
        return { kind: 'fail', reason: text(0) };
      case 'REFUSED':
        return { kind: 'refused', id: fields[0] ?? '', reason: text(1) };
      case 'PREPARED':
        return { kind: 'prepared', id: fields[0] ?? '', exitCode: int(1), layoutMs: int(2) };
      case 'RESULT':
        return { kind: 'result', id: fields[0] ?? '', exitCode: int(1), durationMs: int(2) };
      case 'DATA':
        this.block = { name: fields[0] ?? '', lines: [] };
        return null;
      case 'END':
        return { kind: 'end', id: fields[0] ?? '' };
      case 'LINE':
        return { kind: 'line', id: fields[0] ?? '', text: text(1) };
      default:
        return null;
    }
  }
}
