import { NotFoundError, type Interval } from '@rangeway/core';
import { AwsClient } from 'aws4fetch';
import type { MultipartUpload, ObjectInfo, ObjectStore, PartSource } from './object-store';
import { S3Error } from './s3-error';
import { element, elements, escapeXml } from './xml';

export type S3Options = {
  /** e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:7480 (path-style addressing) */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region?: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** the fetch to use (tests, runtimes); default globalThis.fetch */
  readonly fetch?: typeof fetch;
};

const UNSIGNED = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };

/** workerd's stream of announced length; its fetch sends any other stream chunked, which S3 refuses (411). */
type FixedLength = new (length: number) => TransformStream<Uint8Array, Uint8Array>;
const FixedLengthStream = (globalThis as { FixedLengthStream?: FixedLength }).FixedLengthStream;

/** A streamed body that the runtime's fetch will send with its Content-Length. */
function sized(body: ReadableStream<Uint8Array> | Uint8Array, length: number): ReadableStream<Uint8Array> | Uint8Array {
  return FixedLengthStream && body instanceof ReadableStream ? body.pipeThrough(new FixedLengthStream(length)) : body;
}
const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

/**
 * S3 through aws4fetch (SigV4 on the Web Crypto API, no SDK): runs on Node, Bun and workerd.
 * Bodies stream with an exact Content-Length and an unsigned payload, so memory stays flat.
 */
export class AwsObjectStore implements ObjectStore {
  private readonly client: AwsClient;
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: S3Options) {
    this.client = new AwsClient({
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      ...(options.sessionToken && { sessionToken: options.sessionToken }),
      service: 's3',
      region: options.region ?? 'us-east-1',
      retries: 0,
    });
    this.base = `${options.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(options.bucket)}`;
    this.fetch = options.fetch ?? ((...a) => globalThis.fetch(...a));
  }

  private async call(method: string, key: string, query: string, init: { headers?: Record<string, string>; body?: BodyInit } = {}): Promise<Response> {
    const url = `${this.base}${key ? `/${encodeKey(key)}` : ''}${query ? `?${query}` : ''}`;
    const req = await this.client.sign(url, { method, headers: init.headers ?? {}, ...(init.body !== undefined && { body: init.body, duplex: 'half' }) } as RequestInit);
    return this.fetch(req);
  }

  private async ok(res: Response, what: string): Promise<Response> {
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    throw new S3Error(res.status, element(text, 'Code') ?? `HTTP${res.status}`, `${what}: ${element(text, 'Message') ?? text.slice(0, 200)}`);
  }

  async put(key: string, body: ReadableStream<Uint8Array> | Uint8Array, length: number): Promise<void> {
    const headers = { 'content-length': String(length), ...(body instanceof Uint8Array ? {} : UNSIGNED) };
    const res = await this.call('PUT', key, '', { headers, body: sized(body, length) as BodyInit });
    await (await this.ok(res, `PUT ${key}`)).arrayBuffer();
  }

  async get(key: string, range?: Interval): Promise<ReadableStream<Uint8Array>> {
    if (range && range.end <= range.start) return emptyStream();
    const headers: Record<string, string> = range ? { range: `bytes=${range.start}-${range.end - 1}` } : {};
    const res = await this.call('GET', key, '', { headers });
    if (res.status === 404) {
      await res.arrayBuffer();
      throw new NotFoundError(`no object ${key}`);
    }
    if (res.status === 416) {
      await res.arrayBuffer();
      return emptyStream();
    }
    await this.ok(res, `GET ${key}`);
    return res.body ?? emptyStream();
  }

  async head(key: string): Promise<number | undefined> {
    const res = await this.call('HEAD', key, '');
    if (res.status === 404) return undefined;
    await this.ok(res, `HEAD ${key}`);
    return Number(res.headers.get('content-length'));
  }

  async delete(keys: readonly string[]): Promise<void> {
    // one DELETE per key, a few at a time: DeleteObjects would need a Content-MD5
    const queue = [...keys];
    const worker = async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        const res = await this.call('DELETE', key, '');
        if (res.status !== 404) await this.ok(res, `DELETE ${key}`);
        await res.arrayBuffer().catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    do {
      const q = new URLSearchParams({ 'list-type': '2', prefix, ...(token && { 'continuation-token': token }) });
      const xml = await (await this.ok(await this.call('GET', '', q.toString()), `LIST ${prefix}`)).text();
      for (const c of elements(xml, 'Contents'))
        yield { key: element(c, 'Key')!, size: Number(element(c, 'Size')), lastModified: Date.parse(element(c, 'LastModified') ?? '') };
      token = element(xml, 'IsTruncated') === 'true' ? element(xml, 'NextContinuationToken') : undefined;
    } while (token);
  }

  async check(): Promise<void> {
    const res = await this.call('HEAD', '', '');
    await res.arrayBuffer().catch(() => undefined);
    if (res.status === 404) throw new S3Error(404, 'NoSuchBucket', `bucket ${this.options.bucket} does not exist`);
    if (res.status === 403) throw new S3Error(403, 'AccessDenied', `the credentials are refused for bucket ${this.options.bucket}`);
    await this.ok(res, `HEAD bucket ${this.options.bucket}`);
  }

  async multipart(key: string): Promise<MultipartUpload> {
    const created = await (await this.ok(await this.call('POST', key, 'uploads='), `CreateMultipartUpload ${key}`)).text();
    const uploadId = element(created, 'UploadId');
    if (!uploadId) throw new S3Error(500, 'NoUploadId', `CreateMultipartUpload ${key} answered without an UploadId`);
    const etags = new Map<number, string>();
    const q = (extra = '') => `${extra}uploadId=${encodeURIComponent(uploadId)}`;
    return {
      uploadId,
      part: async (n: number, source: PartSource) => {
        etags.set(n, await this.uploadPart(key, q(`partNumber=${n}&`), source));
      },
      complete: async () => {
        const parts = [...etags].sort(([a], [b]) => a - b).map(([n, etag]) => `<Part><PartNumber>${n}</PartNumber><ETag>${escapeXml(etag)}</ETag></Part>`);
        const body = `<CompleteMultipartUpload>${parts.join('')}</CompleteMultipartUpload>`;
        const res = await this.ok(await this.call('POST', key, q(), { body }), `CompleteMultipartUpload ${key}`);
        // S3 may answer 200 and report the failure in the body
        const text = await res.text();
        if (text.includes('<Error>')) throw new S3Error(500, element(text, 'Code') ?? 'InternalError', `CompleteMultipartUpload ${key}: ${element(text, 'Message') ?? ''}`);
      },
      abort: async () => {
        const res = await this.call('DELETE', key, q());
        if (res.status !== 404) await this.ok(res, `AbortMultipartUpload ${key}`);
        await res.arrayBuffer().catch(() => undefined);
      },
    };
  }

  private async uploadPart(key: string, query: string, source: PartSource): Promise<string> {
    if (source.kind === 'bytes') {
      const headers = { 'content-length': String(source.length), ...UNSIGNED };
      const res = await this.ok(await this.call('PUT', key, query, { headers, body: sized(source.body, source.length) as BodyInit }), `UploadPart ${key}`);
      await res.arrayBuffer();
      return res.headers.get('etag') ?? '';
    }
    const headers = {
      'x-amz-copy-source': `/${encodeURIComponent(this.options.bucket)}/${encodeKey(source.key)}`,
      'x-amz-copy-source-range': `bytes=${source.range.start}-${source.range.end - 1}`,
    };
    const text = await (await this.ok(await this.call('PUT', key, query, { headers }), `UploadPartCopy ${key}`)).text();
    if (text.includes('<Error>')) throw new S3Error(500, element(text, 'Code') ?? 'InternalError', `UploadPartCopy ${key}`);
    return element(text, 'ETag') ?? '';
  }
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (c) => c.close() });
}
