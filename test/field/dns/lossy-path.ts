import { createSocket } from 'node:dgram';
import { connect, createServer, type Socket } from 'node:net';

/**
 * A network path in front of a real DNS server that loses IP fragments, as overlay networks
 * (VXLAN, IPsec) and firewalls do: a UDP datagram larger than `maxUdp` bytes never arrives.
 * Loopback has a 64 KiB MTU and never fragments, so the loss is applied here, per datagram.
 * TCP is relayed whole (TCP segments fit the path). Listens on `host`, one port for both.
 */
export async function lossyPath(
  host: string,
  upstream: { host: string; port: number },
  maxUdp: number,
): Promise<{ address: string; dropped: () => number; close(): Promise<void> }> {
  let dropped = 0;
  const front = createSocket('udp4');
  front.on('message', (query, client) => {
    const back = createSocket('udp4');
    back.on('message', (answer) => {
      back.close();
      if (answer.length > maxUdp) dropped++;
      else front.send(answer, client.port, client.address);
    });
    back.send(query, upstream.port, upstream.host);
  });
  await new Promise<void>((resolve) => front.bind(0, host, resolve));
  const port = front.address().port;
  const sockets = new Set<Socket>();
  const tcp = createServer((client) => {
    const server = connect(upstream.port, upstream.host);
    sockets.add(client).add(server);
    client.pipe(server).pipe(client);
    const end = () => {
      client.destroy();
      server.destroy();
      sockets.delete(client);
      sockets.delete(server);
    };
    client.on('error', end).on('close', end);
    server.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, host, resolve);
  });
  return {
    address: `${host}:${port}`,
    dropped: () => dropped,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((resolve) => front.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}
