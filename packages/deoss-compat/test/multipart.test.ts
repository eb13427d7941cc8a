import { describe, expect, it } from 'vitest';
import { MultipartError, boundaryOf, multipartField } from '../src/multipart';
import { SIGNED, data, expectEnvelope, range, setup } from './helpers';

const utf8 = new TextEncoder();
const BOUNDARY = '------------------------d74496d66958873e';

function form(parts: { name: string; filename?: string; body: Uint8Array }[], boundary = BOUNDARY): Uint8Array {
  const pieces: Uint8Array[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    pieces.push(utf8.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`), p.body, utf8.encode('\r\n'));
  }
  pieces.push(utf8.encode(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

/** The body cut into pieces of `size` bytes, as a network might deliver it. */
async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function field(bytes: Uint8Array, size: number, name = 'file'): Promise<Uint8Array> {
  const out: Uint8Array[] = [];
  for await (const chunk of multipartField(pieces(bytes, size), BOUNDARY, name)) out.push(chunk);
  return Buffer.concat(out);
}

describe('streaming multipart extraction', () => {
  // content full of CR, LF and boundary look-alikes
  const tricky = Buffer.concat([utf8.encode(`\r\n--${BOUNDARY.slice(0, -1)}x\r\n\r\n--`), data(3000, 4), utf8.encode('\r\n-')]);
  const body = form([
    { name: 'note', body: utf8.encode('ignored') },
    { name: 'file', filename: 'test.log', body: tricky },
    { name: 'after', body: utf8.encode('ignored too') },
  ]);

  it('finds the file part whatever the network chunking', async () => {
    for (const size of [1, 2, 3, 7, 41, 42, 43, 100, 4096, body.length])
      expect(Buffer.from(await field(body, size)).equals(tricky), `pieces of ${size}`).toBe(true);
  });

  it('takes an empty file part, and fails when there is none or the body ends early', async () => {
    expect((await field(form([{ name: 'file', body: new Uint8Array(0) }]), 5)).length).toBe(0);
    await expect(field(form([{ name: 'other', body: utf8.encode('x') }]), 5)).rejects.toBeInstanceOf(MultipartError);
    await expect(field(body.subarray(0, body.length - 400), 50)).rejects.toBeInstanceOf(MultipartError);
  });

  it('reads the boundary from Content-Type, quoted or not; other types are raw', () => {
    expect(boundaryOf(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(boundaryOf('Multipart/Form-Data; charset=utf-8; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/octet-stream')).toBeUndefined();
    expect(boundaryOf(undefined)).toBeUndefined();
    expect(() => boundaryOf('multipart/form-data')).toThrow(MultipartError);
  });

  it('over HTTP: the file field is the chunk, and a broken form is "Failed to receive data"', async () => {
    const env = setup();
    const type = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
    const ok = await env.put('a.bin', { ...SIGNED, ...type, ...range(0, 3, 8) }, form([{ name: 'file', body: utf8.encode('abcd') }]));
    expect(ok.status).toBe(308);
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, ...type, ...range(4, 7, 8) }, form([{ name: 'data', body: utf8.encode('efgh') }])), 400, 'Failed to receive data');
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, 'content-type': 'multipart/form-data', ...range(4, 7, 8) }, 'efgh'), 400, 'Failed to receive data');
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, ...type, ...range(4, 7, 8) }, form([{ name: 'file', body: utf8.encode('efg') }])), 400, 'received less file content');
    const last = await env.put('a.bin', { ...SIGNED, ...type, territory: 't', ...range(4, 7, 8) }, form([{ name: 'file', body: utf8.encode('efgh') }]));
    expect((await last.json()).code).toBe(200);
  });
});
