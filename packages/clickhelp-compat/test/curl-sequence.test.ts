import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, data, listen, setup } from './helpers';

const run = promisify(execFile);

/** One curl call: status, lower-cased headers and body (curl writes them to files we read back). */
async function curl(dir: string, args: string[]) {
  const head = join(dir, 'head.txt');
  const out = join(dir, 'body.txt');
  const { stdout } = await run('curl', ['-sS', '-D', head, '-o', out, '-w', '%{http_code}', ...args]);
  const headers = new Map<string, string>();
  for (const line of readFileSync(head, 'latin1').split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(stdout), headers, body: readFileSync(out, 'utf8') };
}

describe('the vendor-documented sequence, driven by curl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rangeway-clickhelp-'));
  const env = setup({ users: ['admin:s3cret-key'] });
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(env.app);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts, sends 5 chunks of 10 MiB of a 50 MiB file (202 + Range each), and gets the 201 file JSON', async () => {
    const total = 50 * MiB;
    const file = data(total, 7);
    const url = `${server.url}/api/v1/storage/manuals/manual.docx?format=resumable`;
    const auth = ['-u', 'admin:s3cret-key'];

    const start = await curl(dir, [...auth, '-X', 'POST', `${url}&isOverwrite=false`]);
    expect(start.status).toBe(200);
    expect(start.body).toBe('');
    expect(start.headers.get('content-length')).toBe('0');

    const chunk = 10 * MiB;
    for (let i = 0; i < 5; i++) {
      const first = i * chunk;
      const last = first + chunk - 1;
      const part = join(dir, `chunk-${i}`);
      writeFileSync(part, file.subarray(first, last + 1));
      const r = await curl(dir, [...auth, '-T', part, '-H', `Content-Range: bytes ${first}-${last}/${total}`, url]);
      if (i < 4) {
        expect(r.status).toBe(202);
        expect(r.headers.get('range')).toBe(`bytes=0-${last}`);
        expect(r.body).toBe('');
      } else {
        expect(r.status).toBe(201);
        expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(r.headers.has('location')).toBe(false);
        expect(r.body).toBe(
          '{"content":null,"fileFullName":"Storage\\\\manuals\\\\manual.docx","fileName":"manual.docx","isFolder":false,' +
            '"modifiedBy":"admin","modifiedOn":"2025-10-29T13:21:28","size":52428800}',
        );
      }
      rmSync(part);
    }
    expect(Buffer.from(await env.stored('manuals/manual.docx')).equals(Buffer.from(file))).toBe(true);

    // the stored file reads back through GET as the same JSON object, in the GET samples' order
    const info = await curl(dir, [...auth, `${server.url}/api/v1/storage/manuals/manual.docx`]);
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toEqual({
      fileName: 'manual.docx',
      fileFullName: 'Storage\\manuals\\manual.docx',
      content: null,
      modifiedBy: 'admin',
      modifiedOn: '2025-10-29T13:21:28',
      size: total,
      isFolder: false,
    });
    expect(Object.keys(JSON.parse(info.body))).toEqual(['fileName', 'fileFullName', 'content', 'modifiedBy', 'modifiedOn', 'size', 'isFolder']);
  });

  it('answers curl without credentials with 401 and a Basic challenge', async () => {
    const r = await curl(dir, ['-X', 'POST', `${server.url}/api/v1/storage/x.bin?format=resumable`]);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Basic realm="ClickHelp"');
    expect(JSON.parse(r.body).message).toEqual(expect.any(String));
  });
});
