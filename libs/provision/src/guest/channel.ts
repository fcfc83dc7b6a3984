import { createServer, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { GuestMessageReader, type GuestMessage } from './protocol.js';

/**
 * The host end of the guest's virtio-serial port: a Unix socket QEMU connects to at start
 * (`-chardev socket,path=...`, QEMU as the client). Messages are queued until asked for, so none
 * is lost between two `receive()` calls. When this end closes, the guest's read sees EOF and it
 * powers off: the guest never outlives its host process for long.
 */
export class GuestChannel {
  private socket: Duplex | null = null;
  private readonly reader = new GuestMessageReader();
  private readonly queue: GuestMessage[] = [];
  private readonly waiters: ((m: GuestMessage | null) => void)[] = [];
  private ended = false;

  private constructor(private readonly server: Server | null) {
    server?.on('connection', (socket) => {
      if (this.socket) socket.destroy();
      else this.attach(socket);
    });
  }

  private attach(socket: Duplex): void {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const message of this.reader.push(chunk)) this.deliver(message);
    });
    socket.on('close', () => this.end());
    socket.on('error', () => this.end());
  }

  /** Listens on `path` (which must not exist). */
  static async listen(path: string): Promise<GuestChannel> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new GuestChannel(server);
  }

  /** The same over a stream that is already connected (the tests' stand-in for the port: a socketpair to init.sh on the host). */
  static over(socket: Duplex): GuestChannel {
    const channel = new GuestChannel(null);
    channel.attach(socket);
    return channel;
  }

  /** Sends one protocol line; false when the guest side is not (or no longer) connected. */
  send(line: string): boolean {
    if (!this.socket || this.ended) return false;
    this.socket.write(line);
    return true;
  }

  /** The next message; null once the channel has closed and every queued message was taken. */
  receive(): Promise<GuestMessage | null> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Closes the socket and the listening server; idempotent. */
  async close(): Promise<void> {
    this.socket?.destroy();
    this.end();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private deliver(message: GuestMessage): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(message);
    else this.queue.push(message);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const waiter of this.waiters.splice(0)) waiter(null);
  }
}
