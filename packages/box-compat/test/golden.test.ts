import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DATA, SIZE, sha, smallBox as setup } from './helpers';

// Golden answers for spec §10, on a small configuration: 10-byte minimum, 4-byte parts.
const hex = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');

async function expectError(res: Response, status: number, code: string, context?: unknown) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = await res.json();
  expect(Object.keys(body)).toEqual(['type', 'status', 'code', 'message', 'context_info', 'help_url', 'request_id']);
  expect(body).toMatchObject({ type: 'error', status, code, help_url: 'http://developers.box.com/docs/#errors' });
  expect(body.message).toEqual(expect.any(String));
  expect(body.request_id).toMatch(/^[0-9a-f]{12}$/);
  if (context !== undefined) expect(body.context_info).toEqual(context);
  return body;
}

describe('Box create errors (spec §5.1, §10)', () => {
  it.each([
    [{ file_size: SIZE, file_name: 'a' }, 400, 'missing_destination'],
    [{ folder_id: 'x1', file_size: SIZE, file_name: 'a' }, 400, 'invalid_folder_id'],
    [{ folder_id: '0', file_size: SIZE, file_name: 'a/b' }, 400, 'item_name_invalid'],
    [{ folder_id: '0', file_size: SIZE, file_name: '..' }, 400, 'item_name_invalid'],
    [{ folder_id: '0', file_name: 'a' }, 400, 'missing_file_size'],
    [{ folder_id: '0', file_size: '10', file_name: 'a' }, 400, 'invalid_file_size'],
    [{ folder_id: '0', file_size: 9, file_name: 'a' }, 400, 'file_size_too_small'],
    [{ folder_id: '0', file_size: SIZE }, 400, 'missing_file_name'],
    [{ folder_id: '42', file_size: SIZE, file_name: 'a' }, 404, 'invalid_parameter'],
  ])('%j → %i %s', async (body, status, code) => {
    await expectError(await setup().create(body), status, code);
  });

  it('answers a session object the SDK accepts', async () => {
    const res = await setup().create();
    expect(res.status).toBe(201);
    const s = await res.json();
    expect(s).toEqual({
      id: expect.stringMatching(/^[0-9A-F]{32}$/),
      type: 'upload_session',
      session_expires_at: '2026-11-29T22:03:17Z',
      part_size: 4,
      total_parts: 3,
      num_parts_processed: 0,
      session_endpoints: {
        upload_part: `http://127.0.0.1/api/2.0/files/upload_sessions/${s.id}`,
        commit: `http://127.0.0.1/api/2.0/files/upload_sessions/${s.id}/commit`,
        abort: `http://127.0.0.1/api/2.0/files/upload_sessions/${s.id}`,
        list_parts: `http://127.0.0.1/api/2.0/files/upload_sessions/${s.id}/parts`,
        status: `http://127.0.0.1/api/2.0/files/upload_sessions/${s.id}`,
        log_event: `http://127.0.0.1/api/2.0/files/upload_sessions/${s.id}/log`,
      },
    });
  });

  it('409 item_name_in_use at create and commit, with the conflicting file', async () => {
    const t = setup();
    const a = await t.session();
    const b = await t.session(); // a second session for the same name is allowed until one commits
    const file = (await (await t.commit(a.id, await t.upload(a.id))).json()).entries[0];
    await expectError(await t.create(), 409, 'item_name_in_use', { conflicts: { type: 'file', id: file.id, name: 'f.bin', etag: null, sequence_id: null } });
    await expectError(await t.commit(b.id, await t.upload(b.id)), 409, 'item_name_in_use');
  });
});

describe('Box part errors', () => {
  it('416 range_overlaps_existing_part with the stored part, for an identical repeat too (parts are immutable)', async () => {
    const t = setup();
    const { id } = await t.session();
    const first = (await (await t.part(id, 0, 3)).json()).part;
    expect(first).toEqual({ part_id: expect.stringMatching(/^[0-9A-F]{8}$/), offset: 0, size: 4, sha1: hex(DATA.subarray(0, 4)) });
    // Box's own clients take this answer, with the same offset and size, as "already uploaded"
    await expectError(await t.part(id, 0, 3), 416, 'range_overlaps_existing_part', { conflicting_part: first });
    const changed = DATA.slice(0, 4);
    changed[0] ^= 1;
    await expectError(await t.part(id, 0, 3, changed), 416, 'range_overlaps_existing_part', { conflicting_part: first });
    // parts are fixed-size and aligned, so a shifted part is a layout error, not an overlap
    await expectError(await t.part(id, 2, 5), 416, 'range_not_satisfiable');
  });

  it.each([
    ['a malformed Content-Range', { 'content-range': 'bytes 0-3' }],
    ['another total', { 'content-range': 'bytes 0-3/11' }],
    ['a misaligned start', { 'content-range': 'bytes 1-4/10' }],
    ['a short non-last part', { 'content-range': 'bytes 0-2/10' }],
    ['an end past the file', { 'content-range': 'bytes 8-10/10' }],
  ])('416 range_not_satisfiable for %s', async (_, headers) => {
    const t = setup();
    const { id } = await t.session();
    await expectError(await t.call('PUT', `/api/2.0/files/upload_sessions/${id}`, { body: DATA.subarray(0, 4), headers: { digest: `sha=${sha(DATA.subarray(0, 4))}`, ...headers } }), 416, 'range_not_satisfiable');
  });

  it('accepts the unit-less Content-Range of one Box sample, and chunked bodies', async () => {
    const t = setup();
    const { id } = await t.session();
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(DATA.subarray(0, 2));
        c.enqueue(DATA.subarray(2, 4));
        c.close();
      },
    });
    const res = await t.app.request(`/api/2.0/files/upload_sessions/${id}`, {
      method: 'PUT',
      body: stream,
      headers: { 'content-range': '0-3/10', digest: `SHA=${sha(DATA.subarray(0, 4))}` },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
  });

  it('412 precondition_failed without a usable Digest; 400 bad_digest on a wrong one; 400 on a wrong length', async () => {
    const t = setup();
    const { id } = await t.session();
    await expectError(await t.part(id, 0, 3, undefined, { digest: '' }), 412, 'precondition_failed');
    await expectError(await t.part(id, 0, 3, undefined, { digest: 'md5=abc' }), 412, 'precondition_failed');
    await expectError(await t.part(id, 0, 3, undefined, { digest: `sha=${sha(DATA)}` }), 400, 'bad_digest');
    await expectError(await t.part(id, 0, 3, DATA.subarray(0, 3), { digest: `sha=${sha(DATA.subarray(0, 4))}` }), 400, 'bad_request');
    const strict = setup({ digestMismatchStatus: 412 });
    const s2 = await strict.session();
    await expectError(await strict.part(s2.id, 0, 3, undefined, { digest: `sha=${sha(DATA)}` }), 412, 'bad_digest');
  });

  it('404 not_found for unknown and aborted sessions, 410 session_expired after expiry; 409 conflict after commit', async () => {
    const t = setup();
    await expectError(await t.part('0'.repeat(32), 0, 3), 404, 'not_found');
    const a = await t.session();
    expect((await t.call('DELETE', `/api/2.0/files/upload_sessions/${a.id}`)).status).toBe(204);
    await expectError(await t.part(a.id, 0, 3), 404, 'not_found');
    await expectError(await t.call('DELETE', `/api/2.0/files/upload_sessions/${a.id}`), 404, 'not_found');
    const e = await t.session();
    t.clock.advance(7 * 24 * 3600_000);
    await expectError(await t.part(e.id, 0, 3), 410, 'session_expired');
    await expectError(await t.call('GET', `/api/2.0/files/upload_sessions/${e.id}`), 410, 'session_expired');
    await expectError(await t.commit(e.id, []), 410, 'session_expired');
    const c = await t.session();
    await t.commit(c.id, await t.upload(c.id));
    await expectError(await t.part(c.id, 0, 3), 409, 'conflict');
  });
});

describe('Box list parts, commit and abort', () => {
  it('pages parts by offset and limit, clamps a limit over 1000, and refuses bad paging', async () => {
    const t = setup();
    const { id } = await t.session();
    const parts = await t.upload(id);
    const page = await (await t.call('GET', `/api/2.0/files/upload_sessions/${id}/parts?offset=1&limit=1`)).json();
    expect(page).toEqual({ entries: [parts[1]], offset: 1, limit: 1, total_count: 3, order: [{ by: 'offset', direction: 'ASC' }] });
    const all = await (await t.call('GET', `/2.0/files/upload_sessions/${id}/parts`)).json();
    expect(all.entries).toEqual(parts);
    await expectError(await t.call('GET', `/api/2.0/files/upload_sessions/${id}/parts?offset=10001`), 400, 'bad_request');
    const clamped = await (await t.call('GET', `/api/2.0/files/upload_sessions/${id}/parts?limit=5000`)).json();
    expect(clamped).toMatchObject({ entries: parts, limit: 1000 });
    await expectError(await t.call('GET', `/api/2.0/files/upload_sessions/${id}/parts?limit=0`), 400, 'bad_request');
    await expectError(await t.call('GET', `/api/2.0/files/upload_sessions/${id}/parts?limit=x`), 400, 'bad_request');
    const s = await (await t.call('GET', `/api/2.0/files/upload_sessions/${id}`)).json();
    expect(s.num_parts_processed).toBe(3);
  });

  it('400 digest_mismatch with Box\'s Actual/Expected message; 400 for a wrong parts list', async () => {
    const t = setup();
    const { id } = await t.session();
    const parts = await t.upload(id);
    const wrong = sha(DATA.subarray(1));
    const body = await expectError(await t.commit(id, parts, `sha=${wrong}`), 400, 'digest_mismatch');
    expect(body.message).toBe(`File digest was incorrect. Actual: ${sha(DATA)} Expected: ${wrong}`);
    await expectError(await t.commit(id, parts.slice(0, 2)), 400, 'bad_request');
    await expectError(await t.commit(id, [parts[1], parts[0], parts[2]]), 400, 'bad_request');
    await expectError(await t.commit(id, []), 400, 'bad_request');
    await expectError(await t.commit(id, parts, 'nope'), 412, 'precondition_failed');
    const ok = await t.commit(id, parts);
    expect(ok.status).toBe(201);
    const files = await ok.json();
    expect(files.total_count).toBe(1);
    expect(files.entries[0]).toMatchObject({ type: 'file', name: 'f.bin', size: SIZE, sha1: hex(DATA), parent: { type: 'folder', id: '0' }, item_status: 'active' });
    // a repeated commit answers the same
    expect(await (await t.commit(id, parts)).json()).toEqual(files);
  });

  it('400 bad_request when committing before every part arrived', async () => {
    const t = setup();
    const { id } = await t.session();
    const parts = (await t.upload(id)).slice(0, 2);
    const t2 = setup();
    const s2 = await t2.session();
    await t2.part(s2.id, 0, 3);
    await expectError(await t2.commit(s2.id, [parts[0]]), 400, 'bad_request');
  });

  it('202 + Retry-After on the first commit only when switched on', async () => {
    const t = setup({ commit202: true, retryAfterSeconds: 2 });
    const { id } = await t.session();
    const parts = await t.upload(id);
    const first = await t.commit(id, parts);
    expect(first.status).toBe(202);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(await first.text()).toBe('');
    expect((await t.commit(id, parts)).status).toBe(201);
  });

  it('deleting a committed session answers 204 and keeps the file; If-Match guards versions', async () => {
    const t = setup();
    const { id } = await t.session();
    const file = (await (await t.commit(id, await t.upload(id))).json()).entries[0];
    expect((await t.call('DELETE', `/api/2.0/files/upload_sessions/${id}`)).status).toBe(204);
    expect((await t.call('GET', `/2.0/files/${file.id}`)).status).toBe(200);
    const v = await (await t.call('POST', `/api/2.0/files/${file.id}/upload_sessions`, { body: { file_size: SIZE } })).json();
    const parts = await t.upload(v.id);
    await expectError(await t.commit(v.id, parts, undefined, { 'if-match': '7' }), 412, 'precondition_failed');
    const next = await t.commit(v.id, parts, undefined, { 'if-match': '0' });
    expect((await next.json()).entries[0]).toMatchObject({ id: file.id, etag: '1' });
    await expectError(await t.call('POST', '/api/2.0/files/999/upload_sessions', { body: { file_size: SIZE } }), 404, 'not_found');
    expect((await t.call('DELETE', `/2.0/files/${file.id}`)).status).toBe(204);
    await expectError(await t.call('GET', `/2.0/files/${file.id}/content`), 404, 'not_found');
  });
});

describe('Box commit attributes and If-None-Match', () => {
  const commitWith = (t: ReturnType<typeof setup>, id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.call('POST', `/api/2.0/files/upload_sessions/${id}/commit`, { body, headers: { digest: `sha=${sha(DATA)}`, ...headers } });

  it('applies description, content_created_at and content_modified_at, and a new version keeps the description', async () => {
    const t = setup();
    const { id } = await t.session();
    const parts = await t.upload(id);
    const attributes = { description: 'quarterly numbers', content_created_at: '2012-12-12T10:53:43-08:00', content_modified_at: '2013-01-02T03:04:05Z' };
    const res = await commitWith(t, id, { parts, attributes });
    expect(res.status).toBe(201);
    const file = (await res.json()).entries[0];
    expect(file).toMatchObject({ description: 'quarterly numbers', content_created_at: '2012-12-12T18:53:43Z', content_modified_at: '2013-01-02T03:04:05Z' });
    expect(await (await t.call('GET', `/2.0/files/${file.id}`)).json()).toMatchObject({ description: 'quarterly numbers', content_created_at: '2012-12-12T18:53:43Z' });
    const v = await (await t.call('POST', `/api/2.0/files/${file.id}/upload_sessions`, { body: { file_size: SIZE } })).json();
    const next = (await (await commitWith(t, v.id, { parts: await t.upload(v.id) })).json()).entries[0];
    expect(next).toMatchObject({ etag: '1', description: 'quarterly numbers' });
  });

  it('refuses malformed attributes with 400 bad_request, committing nothing', async () => {
    const t = setup();
    const { id } = await t.session();
    const parts = await t.upload(id);
    for (const attributes of [{ content_modified_at: 'yesterday' }, { description: 7 }, { description: 'x'.repeat(257) }, 'text']) {
      await expectError(await commitWith(t, id, { parts, attributes }), 400, 'bad_request');
    }
    expect((await commitWith(t, id, { parts })).status).toBe(201);
  });

  it('If-None-Match with the current etag answers 304 and commits nothing', async () => {
    const t = setup();
    const { id } = await t.session();
    const file = (await (await t.commit(id, await t.upload(id))).json()).entries[0];
    const v = await (await t.call('POST', `/api/2.0/files/${file.id}/upload_sessions`, { body: { file_size: SIZE } })).json();
    const parts = await t.upload(v.id);
    const unchanged = await commitWith(t, v.id, { parts }, { 'if-none-match': '0' });
    expect([unchanged.status, await unchanged.text()]).toEqual([304, '']);
    expect((await (await t.call('GET', `/2.0/files/${file.id}`)).json()).etag).toBe('0');
    expect((await (await commitWith(t, v.id, { parts }, { 'if-none-match': '5' })).json()).entries[0].etag).toBe('1');
  });
});

describe('Box auth', () => {
  it('is off by default and enforces configured bearer tokens with Box\'s 401', async () => {
    expect((await setup().create()).status).toBe(201);
    const t = setup({ tokens: ['secret'] });
    // Box's 401: an empty body; WWW-Authenticate names the error only when a token was sent
    const missing = await t.create();
    expect([missing.status, await missing.text(), missing.headers.get('www-authenticate')]).toEqual([401, '', 'Bearer realm="Service"']);
    const wrong = await t.call('GET', '/2.0/files/1/content', { headers: { authorization: 'Bearer wrong' } });
    expect([wrong.status, await wrong.text(), wrong.headers.get('www-authenticate')]).toEqual([
      401,
      '',
      'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."',
    ]);
    const ok = await t.call('POST', '/api/2.0/files/upload_sessions', {
      body: { folder_id: '0', file_size: SIZE, file_name: 'f.bin' },
      headers: { authorization: 'Bearer secret' },
    });
    expect(ok.status).toBe(201);
  });

  it('builds session_endpoints from forwarded headers only when trusted', async () => {
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'upload.example.com' };
    const body = JSON.stringify({ folder_id: '0', file_size: SIZE, file_name: 'f.bin' });
    const plain = await (await setup().app.request('http://127.0.0.1:9/api/2.0/files/upload_sessions', { method: 'POST', body, headers })).json();
    expect(plain.session_endpoints.commit).toMatch(/^http:\/\/127\.0\.0\.1:9\/api\/2\.0\//);
    const trusted = await (await setup({ trustProxy: true }).app.request('http://127.0.0.1:9/api/2.0/files/upload_sessions', { method: 'POST', body, headers })).json();
    expect(trusted.session_endpoints.commit).toMatch(/^https:\/\/upload\.example\.com\/api\/2\.0\//);
  });
});
