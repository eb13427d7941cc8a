import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { BoxClient, BoxDeveloperTokenAuth } from 'box-node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, boxApp, bytes } from './helpers';

// The official Box SDK (v10) as the conformance client, over loopback (box-sdk.md §7).
const box = boxApp();
let server: Awaited<ReturnType<typeof box.listen>>;
let client: BoxClient;
beforeAll(async () => {
  server = await box.listen();
  const o = server.origin;
  client = new BoxClient({ auth: new BoxDeveloperTokenAuth({ token: 'test-token' }) }).withCustomBaseUrls({
    baseUrl: o,
    uploadUrl: `${o}/api`,
    oauth2Url: `${o}/oauth2`,
  });
});
afterAll(() => server.close());

describe('box-node-sdk v10 against the Box dialect', () => {
  const size = 20 * MiB + 12345; // over the 20 MB minimum; the last part is short
  const data = bytes(size, 7);
  const sha1 = createHash('sha1').update(data).digest('hex');

  it('uploadBigFile uploads ≥ 20 MiB and the bytes read back are the source', async () => {
    const file = await client.chunkedUploads.uploadBigFile(Readable.from(Buffer.from(data)), 'big.bin', size, '0');
    expect(file).toMatchObject({ type: 'file', name: 'big.bin', size, sha1 });
    expect(file.parent?.id).toBe('0');
    const res = await fetch(`${server.origin}/2.0/files/${file.id}/content`, { headers: { authorization: 'Bearer test-token' } });
    expect(res.status).toBe(200);
    const back = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.compare(back, data)).toBe(0);
    const part = await fetch(`${server.origin}/2.0/files/${file.id}/content`, { headers: { range: 'bytes=8388600-8388615' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 8388600-8388615/${size}`);
    expect(Buffer.compare(new Uint8Array(await part.arrayBuffer()), data.subarray(8388600, 8388616))).toBe(0);
  });

  it('drives the low-level calls: create, get, delete (what Box\'s own tests do)', async () => {
    const s = await client.chunkedUploads.createFileUploadSession({ folderId: '0', fileSize: size, fileName: 'b2.bin' });
    expect(s.partSize).toBe(8 * MiB);
    expect(s.totalParts).toBe(3);
    const got = await client.chunkedUploads.getFileUploadSessionById(s.id!);
    expect(got.id).toBe(s.id);
    expect(got.numPartsProcessed).toBe(0);
    await client.chunkedUploads.deleteFileUploadSessionById(s.id!);
    await expect(client.chunkedUploads.getFileUploadSessionById(s.id!)).rejects.toThrow(/404/);
  });

  it('uploads a new version of the file through the SDK\'s part calls', async () => {
    const first = await client.chunkedUploads.uploadBigFile(Readable.from(Buffer.from(data)), 'versioned.bin', size, '0');
    const next = bytes(size, 8);
    const s = await client.chunkedUploads.createFileUploadSessionForExistingFile(first.id, { fileSize: size });
    const parts = [];
    for (let o = 0; o < size; o += s.partSize!) {
      const chunk = next.subarray(o, Math.min(o + s.partSize!, size));
      const digest = `sha=${createHash('sha1').update(chunk).digest('base64')}`;
      const r = await client.chunkedUploads.uploadFilePartByUrl(s.sessionEndpoints!.uploadPart!, Readable.from(Buffer.from(chunk)), {
        digest,
        contentRange: `bytes ${o}-${o + chunk.length - 1}/${size}`,
      });
      parts.push(r.part!);
    }
    const committed = await client.chunkedUploads.createFileUploadSessionCommitByUrl(
      s.sessionEndpoints!.commit!,
      { parts },
      { digest: `sha=${createHash('sha1').update(next).digest('base64')}` },
    );
    expect(committed!.entries![0]).toMatchObject({ id: first.id, etag: '1' });
    const back = new Uint8Array(await (await fetch(`${server.origin}/2.0/files/${first.id}/content`)).arrayBuffer());
    expect(Buffer.compare(back, next)).toBe(0);
  });
});

describe('box-node-sdk v10: one-request uploads (files under the chunked threshold)', () => {
  it('preflight, uploadFile, uploadFileVersion: the bytes read back are the source, through the 302 download', async () => {
    const small = bytes(9 * MiB + 7, 21); // more than two of the gateway's 4 MiB write pieces
    const check = await client.uploads.preflightFileUploadCheck({ name: 'small.bin', size: small.length, parent: { id: '0' } });
    expect(check.uploadUrl).toBe(`${server.origin}/api/2.0/files/content`);
    const files = await client.uploads.uploadFile({ attributes: { name: 'small.bin', parent: { id: '0' } }, file: Readable.from(Buffer.from(small)) });
    const file = files.entries![0]!;
    expect(file).toMatchObject({ name: 'small.bin', size: small.length, sha1: createHash('sha1').update(small).digest('hex') });
    const back = new Uint8Array(await (await fetch(`${server.origin}/2.0/files/${file.id}/content`)).arrayBuffer());
    expect(Buffer.compare(back, small)).toBe(0);

    const next = bytes(1000, 22);
    const version = (await client.uploads.uploadFileVersion(file.id, { attributes: { name: 'small.bin' }, file: Readable.from(Buffer.from(next)) })).entries![0]!;
    expect(version).toMatchObject({ id: file.id, etag: '1', size: 1000 });
    const again = new Uint8Array(await (await fetch(`${server.origin}/2.0/files/${file.id}/content`)).arrayBuffer());
    expect(Buffer.compare(again, next)).toBe(0);
    // the name is now taken: the preflight says so as Box does
    await expect(client.uploads.preflightFileUploadCheck({ name: 'small.bin', size: 1, parent: { id: '0' } })).rejects.toThrow(/409/);
  });
});
