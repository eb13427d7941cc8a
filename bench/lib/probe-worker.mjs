// The status probe of the concurrency case, on its own thread: the client's event loop is busy
// driving the uploads, so a probe sharing it would report the client's lag, not the server's.
// Sends a cheap status request every 10 ms until told to stop, then posts the latencies.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { expectStatus, send } from './http.mjs';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const probes = {
  /** ClickHelp's resumable-upload status query (any gateway: every dialect is served) */
  async gateway(url) {
    const path = `${url}/api/v1/storage/probe/status.bin?format=resumable`;
    expectStatus(await send(path, { method: 'POST', headers: { 'content-length': 0 }, agent }), [200, 204], 'probe start');
    return () => send(path, { method: 'PUT', headers: { 'content-range': 'bytes */*', 'content-length': 0 }, agent }).then((r) => expectStatus(r, [202], 'probe'));
  },
  /** an empty request to the bare counting server (a): the least any server can do */
  async count(url) {
    return () => send(`${url}/`, { method: 'PUT', headers: { 'content-length': 0 }, agent }).then((r) => expectStatus(r, [200], 'probe'));
  },
  /** tus HEAD of an upload */
  async tus(url) {
    const created = await send(`${url}/files`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': 1, 'content-length': 0 }, agent });
    const location = new URL(expectStatus(created, [201], 'probe create').headers.location, url).href;
    return () => send(location, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' }, agent }).then((r) => expectStatus(r, [200], 'probe'));
  },
};

let running = true;
parentPort.on('message', () => (running = false));
const query = await probes[workerData.probe](workerData.url);
parentPort.postMessage({ ready: true });
const status = [];
while (running) {
  status.push((await query()).ms);
  await sleep(10);
}
agent.destroy();
parentPort.postMessage({ status });
