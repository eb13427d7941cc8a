import { type Socket, connect } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../src/index';
import { TLS_CONFIG, ca } from './tls-fixture';

// --idle-timeout-ms and --headers-timeout-ms on Node, seen from raw sockets: what is cut, and
// what is never cut (a slow body that keeps moving, an answer the gateway takes long to make).
const IDLE = 400;
const HEADERS = 600;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw connection (HTTP/1.1, over TLS for an https: gateway) that records what the server sent and when it closed. */
async function open(gw: RunningGateway): Promise<{ socket: Socket; received: () => string; closedAfter: Promise<number> }> {
  const { port, hostname, protocol } = new URL(gw.url);
  const socket = protocol === 'https:' ? connectTls({ port: Number(port), host: hostname, ca, ALPNProtocols: ['http/1.1'] }) : connect(Number(port), hostname);
  await new Promise((r) => socket.once(protocol === 'https:' ? 'secureConnect' : 'connect', r));
  const opened = Date.now();
  let text = '';
  socket.on('data', (d) => (text += d.toString('latin1')));
  socket.on('error', () => undefined);
  const closedAfter = new Promise<number>((r) => socket.once('close', () => r(Date.now() - opened)));
  return { socket, received: () => text, closedAfter };
}

const piece = (path: string, start: number, length: number, total: number) =>
  `PUT ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${length}\r\n` +
  `x-upload-range: bytes=${start}-${start + length - 1}\r\nx-upload-totalsize: ${total}\r\n\r\n`;

describe.each([
  ['HTTP', {}],
  ['HTTPS', TLS_CONFIG],
])('connection timeouts (Node, %s)', (_name, tls) => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ config: { idleTimeoutMs: IDLE, headersTimeoutMs: HEADERS, bodyIdleTimeoutMs: 0, ...tls } });
  });
  afterAll(() => gw.close());

  it('closes a connection left idle after its answer', async () => {
    const c = await open(gw);
    c.socket.write('GET /_rangeway/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const after = await c.closedAfter;
    expect(c.received()).toMatch(/^HTTP\/1.1 200/);
    expect(after).toBeGreaterThanOrEqual(IDLE - 50);
    expect(after).toBeLessThan(IDLE + 2500);
  });

  it('closes a stalled body and records none of it', async () => {
    const c = await open(gw);
    c.socket.write(piece('/eos/t/stalled.bin', 0, 10, 10) + 'abc');
    const after = await c.closedAfter;
    expect(after).toBeLessThan(IDLE + 2500);
    // EOS lists a file being written from its first piece on; none of the cut piece is in it
    expect(await (await gw.gateway.request('/eos/t/stalled.bin')).text()).toBe('');
    const sessions = await (await gw.gateway.request('/_rangeway/sessions?dialect=eos')).json();
    const stalled = sessions.sessions.filter((s: { target: string }) => s.target.includes('stalled'));
    expect(stalled.map((s: { receivedBytes: number }) => s.receivedBytes)).toEqual(stalled.map(() => 0));
  });

  it('never cuts a slow body that keeps moving, even for many idle periods', async () => {
    const c = await open(gw);
    const length = 12;
    c.socket.write(piece('/eos/t/slow.bin', 0, length, length));
    const started = Date.now();
    for (let i = 0; i < length; i++) {
      await sleep(IDLE / 2); // 6 bytes per idle period, 3 idle periods in all
      c.socket.write('x');
    }
    while (!c.received().includes('\r\n\r\n') && Date.now() - started < 5000) await sleep(20);
    expect(c.received()).toMatch(/^HTTP\/1.1 201/);
    expect(Date.now() - started).toBeGreaterThan(IDLE * 2);
    expect(await (await gw.gateway.request('/eos/t/slow.bin')).text()).toBe('x'.repeat(length));
    c.socket.destroy();
  });

  it('never cuts a request while the gateway itself takes long to answer', async () => {
    const rule = await gw.gateway.request('/_rangeway/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/eos/t/delayed.bin', action: 'delay', ms: IDLE * 3, times: 1 }),
    });
    expect(rule.status).toBe(201);
    const c = await open(gw);
    c.socket.write('GET /eos/t/delayed.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const started = Date.now();
    while (!c.received().includes('\r\n\r\n') && Date.now() - started < 5000) await sleep(20);
    expect(c.received()).toMatch(/^HTTP\/1.1 404/); // answered, late, instead of cut
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE * 3 - 50);
    c.socket.destroy();
  });

  it('closes header sections that never end (slowloris) while other clients are served at once', async () => {
    const loris = await Promise.all(Array.from({ length: 100 }, () => open(gw)));
    for (const l of loris) l.socket.write('GET /_rangeway/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // each keeps its connection busy: one header byte at a time, well inside the idle timeout
    const drip = setInterval(() => {
      for (const l of loris) if (!l.socket.destroyed) l.socket.write('X');
    }, IDLE / 4);
    try {
      const t0 = Date.now();
      const other = await open(gw);
      other.socket.write('GET /_rangeway/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      await other.closedAfter;
      expect(other.received()).toMatch(/^HTTP\/1.1 200/);
      expect(Date.now() - t0).toBeLessThan(300);
      const closed = await Promise.all(loris.map((l) => l.closedAfter));
      expect(Math.max(...closed)).toBeLessThan(HEADERS + 2500);
      expect(Math.min(...closed)).toBeGreaterThanOrEqual(HEADERS - 50);
      expect(loris.every((l) => !/^HTTP\/1.1 200/.test(l.received()))).toBe(true);
    } finally {
      clearInterval(drip);
    }
  });
});
