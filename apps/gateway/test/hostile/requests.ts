import fc from 'fast-check';

/** One hostile request, as plain data so a failure can be printed and replayed. */
export type HostileRequest = {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array<ArrayBuffer>;
};

const hostileSegment = fc.oneof(
  fc.constantFrom('..', '.', '%00', '%2f', '%2F..%2F', '%2e%2e', '%ff', '%', '%zz', '', 'a'.repeat(300), 'é', '😀', '\u202e', 'con', '~', '$', '*', ';', '%0d%0a'),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 8 }).map(encodeURIComponent),
  fc.stringMatching(/^[a-z0-9._-]{1,16}$/),
);
const number = fc.oneof(
  fc.nat({ max: 5000 }),
  fc.constantFrom(-1, 2 ** 53, 2 ** 64, 1e21, Number.NaN, 0),
  fc.bigInt({ min: 0n, max: 10n ** 30n }),
);
const rangeText = fc.oneof(
  fc.tuple(number, number, fc.oneof(number, fc.constant('*'))).map(([a, b, t]) => `bytes ${a}-${b}/${t}`),
  fc.tuple(number, number).map(([a, b]) => `bytes=${a}-${b}`),
  fc.constantFrom('bytes */*', 'bytes */10', 'bytes 0-0/0', 'bytes', '', 'bytes 5-1/10', 'bytes 0-9/10, bytes 0-9/10', 'items 0-1/2', 'bytes=0-', 'bytes=-5', 'bytes=0-1,3-4'),
  fc.string({ maxLength: 40 }),
);
const headerValue = fc.oneof(rangeText, fc.string({ maxLength: 80 }), fc.constant('x'.repeat(9000)), number.map(String));

/** Headers any of the four dialects reads, with hostile values. */
const headers = fc.dictionary(
  fc.constantFrom(
    'content-range', 'range', 'x-upload-range', 'x-upload-totalsize', 'x-upload-done', 'x-upload-checksum', 'x-upload-mtime',
    'digest', 'content-md5', 'want-digest', 'if-match', 'if-none-match', 'if-non-match', 'authorization', 'account', 'ethacc',
    'message', 'signature', 'territory', 'cipher', 'content-type', 'oc-checksum', 'x-oc-mtime', 'depth', 'destination',
  ),
  headerValue,
  { maxKeys: 6 },
);

const jsonBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.record({ folder_id: fc.oneof(fc.constant('0'), fc.string()), file_size: fc.oneof(number, fc.string()), file_name: fc.string() }).map((o) => JSON.stringify(o, (_, v) => (typeof v === 'bigint' ? v.toString() : v))),
  fc.record({ parts: fc.array(fc.record({ part_id: fc.string(), offset: number, size: number, sha1: fc.string() }), { maxLength: 3 }) }).map((o) => JSON.stringify(o, (_, v) => (typeof v === 'bigint' ? v.toString() : v))),
);
const body = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }),
  jsonBody.map((t) => new TextEncoder().encode(t)),
);

/** Requests under `prefixes` (the dialect's own paths, some known routes filled in). */
export function hostileRequests(prefixes: readonly string[], known: readonly string[]): fc.Arbitrary<HostileRequest> {
  const path = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...known) },
    fc.tuple(fc.constantFrom(...prefixes), fc.array(hostileSegment, { maxLength: 5 }), fc.boolean(), fc.string({ maxLength: 30 }))
      .map(([p, segs, slash, q]) => `${p}${segs.length ? `/${segs.join('/')}` : ''}${slash ? '/' : ''}${q ? `?${encodeURIComponent(q).replace(/%3D/g, '=').replace(/%26/g, '&')}` : ''}`),
    fc.tuple(fc.constantFrom(...known), fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,12}$/), { maxLength: 1 })).map(([k, s]) => k + (s[0] ? `/${s[0]}` : '')),
  );
  return fc.record({
    method: fc.constantFrom('GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'PATCH', 'MKCOL', 'PROPFIND', 'MOVE'),
    path,
    headers,
    body: fc.option(body, { nil: undefined }),
  }).map((r) => (r.method === 'GET' || r.method === 'HEAD' ? { ...r, body: undefined } : r)) as fc.Arbitrary<HostileRequest>;
}
