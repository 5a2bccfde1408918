/**
 * The load balancer in front of the nodes, reduced to what the tests need: a TCP proxy on 127.0.0.1
 * that hands each new connection to the next node in turn, skipping nodes that refuse it. No sticky
 * sessions, as in the nginx sample: a phone's WebSocket is one connection, so it stays on one node
 * until that connection ends, and its reconnect may land anywhere.
 */
import net from 'node:net';

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

export async function startBalancer(ports: readonly number[]): Promise<Balancer> {
  let next = 0;
  const open = new Set<net.Socket>();

  const forward = (client: net.Socket, attempt: number): void => {
    if (attempt >= ports.length) {
      client.destroy();
      return;
    }
    const port = ports[next++ % ports.length]!;
    const upstream = net.connect(port, '127.0.0.1');
    open.add(upstream);
    let connected = false;
    upstream.on('error', () => {
      upstream.destroy();
      // Refused: this node is down, try the next one. Once connected, an error just ends the pair.
      if (!connected) forward(client, attempt + 1);
    });
    upstream.once('connect', () => {
      connected = true;
      client.pipe(upstream);
      upstream.pipe(client);
      client.once('close', () => upstream.destroy());
      client.resume();
    });
    upstream.once('close', () => {
      open.delete(upstream);
      if (connected) client.destroy();
    });
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.on('error', () => client.destroy());
    client.once('close', () => open.delete(client));
    forward(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
