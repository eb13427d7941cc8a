import { request } from 'node:http';
import type { Served } from './harness';

/**
 * Sends half of a 4 MiB EOS piece, SIGTERMs the server, sends the rest during the drain; resolves
 * with the piece's status and the server's exit code.
 */
export async function sigtermDuringUpload(served: Served): Promise<{ status: number; code: number | null }> {
  const total = 4 * 1024 * 1024;
  const req = request(`${served.url}/eos/shutdown/a.bin`, {
    method: 'PUT',
    headers: { 'content-length': total, 'x-upload-range': `bytes=0-${total - 1}`, 'x-upload-totalsize': total },
  });
  const answered = new Promise<number>((resolve, reject) => {
    req.once('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.once('error', reject);
  });
  await new Promise<void>((r) => req.write(Buffer.alloc(total / 2, 1), () => r()));
  await new Promise((r) => setTimeout(r, 200));
  const exited = new Promise<number | null>((r) => served.child.once('exit', (code) => r(code)));
  served.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  req.end(Buffer.alloc(total / 2, 2));
  const status = await answered;
  return { status, code: await exited };
}
