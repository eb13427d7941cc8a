import { createHash } from 'node:crypto';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { createGateway, startGateway } from '../src/index';

type Family = { name: string; type: string; metrics: { labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string }[] };
const sha = (b: Uint8Array) => `sha=${createHash('sha1').update(b).digest('base64')}`;

async function scrape(app: ReturnType<typeof createGateway>, headers: Record<string, string> = {}) {
  const res = await app.request('/metrics', { headers });
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const families = parsePrometheusTextFormat(await res.text()) as Family[];
  const find = (name: string) => families.find((f) => f.name === name)!;
  const value = (name: string, labels: Record<string, string> = {}) =>
    Number(find(name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value ?? 0);
  return { families, find, value };
}

describe('GET /metrics', () => {
  it('counts requests, bytes, uploads, mismatches, faults and store latency, in a format Prometheus parses', async () => {
    const app = createGateway({
      config: { box: { minFileSize: 1, partSize: 1024 }, fault: ['{"dialect":"eos","method":"GET","action":"status","status":503,"times":1,"id":"eos-down"}'] },
    });
    const data = new Uint8Array(2048).fill(9);
    const api = '/api/2.0/files/upload_sessions';
    const s = await (await app.request(api, { method: 'POST', body: JSON.stringify({ folder_id: '0', file_size: 2048, file_name: 'm.bin' }) })).json();
    // a part whose digest does not match (refused, nothing stored), then the parts as they should be
    await app.request(`${api}/${s.id}`, { method: 'PUT', body: data.slice(0, 1024), headers: { 'content-range': 'bytes 0-1023/2048', digest: sha(new Uint8Array(1)) } });
    const parts = [];
    for (const from of [0, 1024]) {
      const body = data.slice(from, from + 1024);
      const r = await app.request(`${api}/${s.id}`, { method: 'PUT', body, headers: { 'content-range': `bytes ${from}-${from + 1023}/2048`, digest: sha(body) } });
      parts.push((await r.json()).part);
    }
    expect((await app.request(`${api}/${s.id}/commit`, { method: 'POST', body: JSON.stringify({ parts }), headers: { digest: sha(data) } })).status).toBe(201);
    await app.request('/eos/x'); // the fault fires

    const m = await scrape(app);
    expect(m.find('rangeway_http_requests_total').type).toBe('COUNTER');
    expect(m.value('rangeway_http_requests_total', { dialect: 'box', method: 'PUT', status: '200' })).toBe(2);
    expect(m.value('rangeway_http_requests_total', { dialect: 'box', method: 'POST', status: '201' })).toBe(2);
    expect(m.value('rangeway_received_bytes_total', { dialect: 'box' })).toBe(2048);
    expect(m.value('rangeway_committed_bytes_total', { dialect: 'box' })).toBe(2048);
    expect(m.value('rangeway_uploads_total', { dialect: 'box', event: 'created' })).toBe(1);
    expect(m.value('rangeway_uploads_total', { dialect: 'box', event: 'committed' })).toBe(1);
    expect(m.value('rangeway_digest_mismatches_total', { dialect: 'box' })).toBe(1);
    expect(m.value('rangeway_faults_fired_total', { rule: 'eos-down' })).toBe(1);
    // (this parser folds the series of a labelled histogram into one; it still checks the lines)
    for (const name of ['rangeway_http_request_duration_seconds', 'rangeway_store_operation_seconds']) {
      expect(m.find(name).type).toBe('HISTOGRAM');
      expect(Number(m.find(name).metrics[0]!.buckets!['+Inf'])).toBeGreaterThan(0);
    }
    expect(m.value('rangeway_open_sessions')).toBe(0);
    expect(m.find('rangeway_http_requests_in_flight').type).toBe('GAUGE');
  });

  it('counts open sessions and expiries; needs the admin token when one is set; can be turned off', async () => {
    const app = createGateway({ config: { adminToken: 'metrics-token' } });
    expect((await app.request('/metrics')).status).toBe(401);
    await app.uploads.create({ namespace: 'eos', target: 'x', total: 1, ttlMs: 1 });
    const m = await scrape(app, { authorization: 'Bearer metrics-token' });
    expect(m.value('rangeway_open_sessions')).toBe(1);
    expect((await createGateway({ config: { metrics: 'off' } }).request('/metrics')).status).toBe(404);
  });

  it('on Node, reports the process: CPU, memory, start time, and how long the event loop stalled since the last scrape', async () => {
    const gw = await startGateway();
    try {
      const get = async () => {
        const families = parsePrometheusTextFormat(await (await fetch(`${gw.url}/metrics`)).text()) as Family[];
        const value = (name: string) => Number(families.find((f) => f.name === name)?.metrics[0]?.value);
        return { families, value };
      };
      const first = await get();
      expect(first.families.find((f) => f.name === 'process_cpu_seconds_total')?.type).toBe('COUNTER');
      expect(first.value('process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
      expect(Math.abs(first.value('process_start_time_seconds') - (Date.now() / 1000 - process.uptime()))).toBeLessThan(2);
      expect(first.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

      await new Promise((r) => setTimeout(r, 50));
      const blockedUntil = Date.now() + 120;
      while (Date.now() < blockedUntil); // a request arriving now would wait this long
      await new Promise((r) => setTimeout(r, 50));
      const stalled = await get();
      expect(stalled.value('nodejs_eventloop_lag_max_seconds')).toBeGreaterThan(0.09);
      expect(stalled.value('nodejs_eventloop_lag_p50_seconds')).toBeLessThan(0.05);
      expect(stalled.value('process_cpu_seconds_total')).toBeGreaterThan(first.value('process_cpu_seconds_total'));

      await new Promise((r) => setTimeout(r, 100));
      expect((await get()).value('nodejs_eventloop_lag_max_seconds')).toBeLessThan(0.09); // since the last scrape only
    } finally {
      await gw.close();
    }
  });
});
