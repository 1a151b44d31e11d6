import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between the service and MariaDB that a test can break the way production breaks:
 * `stall()` keeps every connection open but forwards nothing (a database that hangs: a frozen
 * VM, a full disk, a network partition), `down()` refuses connections (a stopped server), and
 * `restore()` goes back to forwarding. The shared MariaDB itself is never touched.
 */
export interface TcpProxy {
  port: number;
  /** Rewrites a mysql:// URL to go through the proxy. */
  route(url: string): string;
  stall(): void;
  down(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let stalled = false;
  let server: Server;
  let port = 0;

  const onConnection = (client: Socket) => {
    const upstream = createConnection(target);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
    if (stalled) {
      client.pause();
      upstream.pause();
    }
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(onConnection);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        if (typeof address === 'object' && address) port = address.port;
        resolve();
      });
    });
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));

  await listen();
  let listening = true;
  return {
    get port() {
      return port;
    },
    route: (url) => url.replace(/@[^/@]+\//, `@127.0.0.1:${port}/`),
    stall() {
      stalled = true;
      for (const [client, upstream] of pairs) {
        // Unpiping as well as pausing: a paused readable still delivers what pipe() already buffered.
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    async down() {
      if (listening) await Promise.all([stopListening(), ...[...pairs].map(([client]) => Promise.resolve(client.destroy()))]);
      listening = false;
    },
    async restore() {
      // Piping a pair twice would send every byte twice: only a stall undid the pipes.
      const wasStalled = stalled;
      stalled = false;
      if (wasStalled) {
        for (const [client, upstream] of pairs) {
          client.pipe(upstream);
          upstream.pipe(client);
          client.resume();
          upstream.resume();
        }
      }
      if (!listening) await listen();
      listening = true;
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      if (listening) await stopListening();
      listening = false;
    },
  };
}
