/**
 * A TCP relay between a browser and the server whose "radio" can be switched off: asleep, it reads
 * nothing from either side, so bytes and closes wait in the kernel's buffers as they would while a
 * phone is out of reach, and arrive, in order, once it wakes.
 */
import net from 'node:net';

export interface SleepyLink {
  /** The server's URL as reached through the relay. */
  url: string;
  sleep(): void;
  wake(): void;
  close(): Promise<void>;
}

/** Unpiped and paused, a socket reads nothing: what arrives stays in the kernel until it is piped again. */
function disconnect([phone, server]: [net.Socket, net.Socket]): void {
  phone.unpipe(server);
  server.unpipe(phone);
  phone.pause();
  server.pause();
}

function connect([phone, server]: [net.Socket, net.Socket]): void {
  phone.pipe(server);
  server.pipe(phone);
}

export async function startSleepyLink(target: string): Promise<SleepyLink> {
  const { hostname, port } = new URL(target);
  const pairs = new Set<[net.Socket, net.Socket]>();
  let asleep = false;
  const relay = net.createServer((phone) => {
    const server = net.connect(Number(port), hostname);
    const pair: [net.Socket, net.Socket] = [phone, server];
    pairs.add(pair);
    if (!asleep) connect(pair);
    const drop = () => {
      phone.destroy();
      server.destroy();
      pairs.delete(pair);
    };
    phone.on('error', drop).on('close', drop);
    server.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    sleep() {
      asleep = true;
      for (const pair of pairs) disconnect(pair);
    },
    wake() {
      asleep = false;
      for (const pair of pairs) connect(pair);
    },
    close() {
      for (const [phone, server] of pairs) {
        phone.destroy();
        server.destroy();
      }
      return new Promise((resolve) => relay.close(() => resolve()));
    },
  };
}
