import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { GuestChannel } from '../src/guest/channel.js';
import { initScript } from '../src/guest/init-script.js';
import type { GuestMessage } from '../src/guest/protocol.js';
import { nextMessage, stopSignals } from '../src/guest/run-exchange.js';
import { busyboxToolPath } from '../src/host/tool-path.js';

// Applets the harness never offers the script, whatever it does: it runs as root on the test machine.
const WITHHELD = new Set(['poweroff', 'reboot', 'halt', 'insmod', 'rmmod', 'modprobe', 'mount', 'umount', 'swapoff', 'switch_root', 'pivot_root']);

/** A long limit for one message, so a broken script fails the test instead of hanging it. */
export const MESSAGE_LIMIT_MS = 120_000;

export interface InitUnderTest {
  channel: GuestChannel;
  /** The READY line the script sent once attached. */
  ready: Extract<GuestMessage, { kind: 'ready' }>;
  /** The share: a directory of the host. */
  mnt: string;
  /** The file standing in for /proc/sys/vm/drop_caches. */
  dropCaches: string;
  /** What the script printed on its console (stdout and stderr). */
  console: () => string;
  /** Once the script has exited and its console is read to the end. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ends the script if it still runs and removes its directories. */
  stop: () => Promise<void>;
}

export interface InitOptions {
  /** The mount line the script is to take as checked at boot (default: none, which a directory matches). */
  mountLine?: string;
  /** The tree's tarball (default: none there). */
  treeTar?: string;
  /** The developer loops' kit directory (default: none there). */
  devloopKit?: string;
  /** The semantics probe (default: none there). */
  probe?: string;
}

/**
 * The real init.sh (constants written in, as the image gets it) under the host's busybox sh, not
 * as PID 1: it attaches to fd 3, a socketpair standing in for the virtio-serial port, and serves a
 * directory of the host as its share. Its PATH is busybox's applets (none that mounts, loads
 * modules or powers off), fio, git and sqlite3; the host side is the real GuestChannel.
 */
export async function startInit(options: InitOptions = {}): Promise<InitUnderTest> {
  const root = await mkdtemp(join(tmpdir(), 'sharebench-init-'));
  const bin = join(root, 'bin');
  const mnt = join(root, 'share');
  const dropCaches = join(root, 'drop_caches');
  await mkdir(mnt);
  const where = async (program: string) => (await execa('which', [program])).stdout.trim();
  const programs = { fio: await where('fio'), git: await where('git'), sqlite3: await where('sqlite3') };
  await busyboxToolPath(bin, '/bin/busybox', programs, WITHHELD);
  const script = join(root, 'init');
  await writeFile(script, initScript(), { mode: 0o755 });

  const env: Record<string, string> = { PATH: bin, SB_MNT: mnt, SB_DROP_CACHES: dropCaches, HOME: root };
  if (options.mountLine !== undefined) env['SB_MOUNT_LINE'] = options.mountLine;
  env['SB_TREE_TAR'] = options.treeTar ?? join(root, 'no-tree.tar');
  env['SB_DEVLOOP_KIT'] = options.devloopKit ?? join(root, 'no-kit');
  env['SB_PROBE'] = options.probe ?? join(root, 'no-probe');
  const child: ChildProcess = spawn('/bin/busybox', ['sh', script], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], env, cwd: root });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  const channel = GuestChannel.over(child.stdio[3] as Socket);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await channel.close();
    await rm(root, { recursive: true, force: true });
  };
  const first = await nextMessage(channel, stopSignals(MESSAGE_LIMIT_MS, undefined, new AbortController().signal));
  if (!('kind' in first) || first.kind !== 'ready') {
    await stop();
    throw new Error(`init.sh did not attach: got ${JSON.stringify(first)}; its console:\n${output}`);
  }
  return { channel, ready: first, mnt, dropCaches, console: () => output, exited, stop };
}
