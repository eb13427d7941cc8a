import { type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A round-robin load balancer in front of several gateways, as a client meets them in
 * production: each request goes to the next instance, with its Host header kept, so absolute
 * URLs the gateways build (Box's session endpoints, its download URL) point back at the balancer.
 */
export async function roundRobin(targets: readonly string[]): Promise<{ url: string; served: number[]; close(): Promise<void> }> {
  const served = targets.map(() => 0);
  let next = 0;
  const server: Server = createServer((req, res) => {
    const i = next++ % targets.length;
    served[i]!++;
    const target = new URL(targets[i]!);
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.once('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
