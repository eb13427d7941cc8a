// Minimal keep-alive HTTP client: sends Buffers without copying and reads small answers.
import http from 'node:http';

const shared = new http.Agent({ keepAlive: true, maxSockets: 256 });
let recorder;

/** From now on, the wall time of every request sent through the shared agent; call the result to stop. */
export function recordLatencies() {
  const out = [];
  recorder = out;
  return () => {
    recorder = undefined;
    return out;
  };
}

/** One request; resolves with status, headers, body text and wall time in ms. */
export function send(url, { method = 'GET', headers = {}, body, agent = shared } = {}) {
  const u = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, agent },
      (res) => {
        const parts = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () => {
          const ms = performance.now() - started;
          if (agent === shared) recorder?.push(ms);
          resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(parts).toString(), ms });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function expectStatus(res, ok, what) {
  if (!ok.includes(res.status)) throw new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}
