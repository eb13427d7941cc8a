import { NotFoundError, collectBytes, type Interval } from '@rangeway/core';
import { type MultipartUpload, type ObjectInfo, type ObjectStore, type PartRules, type PartSource, S3_RULES } from './object-store';
import { S3Error } from './s3-error';

type Stored = { readonly bytes: Uint8Array; readonly lastModified: number };

/**
 * S3 in memory for tests, strict where S3 is: non-last parts of at least `minPart`, at most
 * `maxParts`, parts unreadable until Complete, copy ranges inside their source, and (with
 * `equalParts`) R2's rule that every part but the last has one size.
 */
export class FakeObjectStore implements ObjectStore {
  private readonly objects = new Map<string, Stored>();
  private readonly uploads = new Map<string, { key: string; parts: Map<number, Uint8Array> }>();
  private nextUpload = 0;
  /** counters for tests: how the store was used */
  readonly calls = { put: 0, get: 0, partBytes: 0, partCopy: 0, complete: 0 };

  constructor(
    readonly rules: PartRules = S3_RULES,
    private readonly clock: () => number = Date.now,
  ) {}

  async put(key: string, body: ReadableStream<Uint8Array> | Uint8Array, length: number): Promise<void> {
    const bytes = body instanceof Uint8Array ? body : await collectBytes(body);
    if (bytes.length !== length) throw new S3Error(400, 'IncompleteBody', `${bytes.length} bytes sent, ${length} declared`);
    this.calls.put++;
    this.objects.set(key, { bytes: bytes.slice(), lastModified: this.clock() });
  }

  async get(key: string, range?: Interval): Promise<ReadableStream<Uint8Array>> {
    const o = this.objects.get(key);
    if (!o) throw new NotFoundError(`no object ${key}`);
    this.calls.get++;
    const bytes = range ? o.bytes.slice(range.start, Math.min(range.end, o.bytes.length)) : o.bytes.slice();
    return new ReadableStream({
      start(c) {
        if (bytes.length) c.enqueue(bytes);
        c.close();
      },
    });
  }

  async head(key: string): Promise<number | undefined> {
    return this.objects.get(key)?.bytes.length;
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const k of keys) this.objects.delete(k);
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    for (const key of keys) {
      const o = this.objects.get(key);
      if (o) yield { key, size: o.bytes.length, lastModified: o.lastModified };
    }
  }

  /** Multipart uploads neither completed nor aborted (tests check none is left behind). */
  get openMultipartUploads(): number {
    return this.uploads.size;
  }

  async check(): Promise<void> {}

  async multipart(key: string): Promise<MultipartUpload> {
    const uploadId = `fake-${++this.nextUpload}`;
    const upload = { key, parts: new Map<number, Uint8Array>() };
    this.uploads.set(uploadId, upload);
    const live = () => {
      if (!this.uploads.has(uploadId)) throw new S3Error(404, 'NoSuchUpload', uploadId);
    };
    return {
      uploadId,
      part: async (n: number, source: PartSource) => {
        live();
        if (n < 1 || n > this.rules.maxParts) throw new S3Error(400, 'InvalidArgument', `part number ${n}`);
        upload.parts.set(n, await this.partBytes(source));
      },
      complete: async () => {
        live();
        const numbers = [...upload.parts.keys()].sort((a, b) => a - b);
        const sizes = numbers.map((n) => upload.parts.get(n)!.length);
        if (numbers.length === 0) throw new S3Error(400, 'MalformedXML', 'no parts');
        sizes.forEach((size, i) => {
          const last = i === sizes.length - 1;
          if (!last && size < this.rules.minPart) throw new S3Error(400, 'EntityTooSmall', `part ${numbers[i]} has ${size} bytes`);
          if (size > this.rules.maxPart) throw new S3Error(400, 'EntityTooLarge', `part ${numbers[i]}`);
          if (this.rules.equalParts && !last && size !== sizes[0]) throw new S3Error(400, 'InvalidPart', 'parts differ in size');
          if (this.rules.equalParts && last && size > sizes[0]!) throw new S3Error(400, 'InvalidPart', 'last part is larger');
        });
        const total = sizes.reduce((a, b) => a + b, 0);
        const bytes = new Uint8Array(total);
        let at = 0;
        for (const n of numbers) {
          bytes.set(upload.parts.get(n)!, at);
          at += upload.parts.get(n)!.length;
        }
        this.calls.complete++;
        this.objects.set(key, { bytes, lastModified: this.clock() });
        this.uploads.delete(uploadId);
      },
      abort: async () => {
        this.uploads.delete(uploadId);
      },
    };
  }

  private async partBytes(source: PartSource): Promise<Uint8Array> {
    if (source.kind === 'bytes') {
      const bytes = await collectBytes(source.body);
      if (bytes.length !== source.length) throw new S3Error(400, 'IncompleteBody', 'part length');
      this.calls.partBytes++;
      return bytes;
    }
    const o = this.objects.get(source.key);
    if (!o) throw new S3Error(404, 'NoSuchKey', source.key);
    if (source.range.end > o.bytes.length || source.range.start >= source.range.end)
      throw new S3Error(416, 'InvalidRange', `${source.range.start}-${source.range.end} of ${o.bytes.length}`);
    this.calls.partCopy++;
    return o.bytes.slice(source.range.start, source.range.end);
  }
}
