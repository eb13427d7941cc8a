import { request } from 'node:http';

/**
 * Sends an EOS piece one byte every `everyMs` for `bytes` bytes (several idle timeouts long in all);
 * resolves with its status and what the server then holds of the file.
 */
export async function slowPiece(url: string, bytes: number, everyMs: number): Promise<{ status: number; body: string }> {
  const req = request(`${url}/eos/slow/a.bin`, {
    method: 'PUT',
    headers: { 'content-length': bytes, 'x-upload-range': `bytes=0-${bytes - 1}`, 'x-upload-totalsize': bytes },
  });
  const answered = new Promise<number>((resolve, reject) => {
    req.once('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.once('error', reject);
  });
  req.flushHeaders();
  for (let i = 0; i < bytes; i++) {
    await new Promise((r) => setTimeout(r, everyMs));
    req.write('s');
  }
  req.end();
  const status = await answered;
  return { status, body: await (await fetch(`${url}/eos/slow/a.bin`)).text() };
}
