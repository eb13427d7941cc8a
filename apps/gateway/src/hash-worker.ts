// The hashing thread ThreadHashers starts: its source, and the cells and replies it shares.

/** Control cell: ring bytes posted and not yet hashed (or skipped at the ring's end). */
export const QUEUED = 0;
/** Control cell: sequence number of the last digest written to `result`. */
export const ANSWERED = 1;
/** Control cell: that digest's length, -1 when the worker failed. */
export const RESULT_LENGTH = 2;
/** Control cell: bytes posted outside the ring (no room there) and not yet hashed. */
export const SPILLED = 3;
export const CONTROL_CELLS = 4;

/** What the worker posts back for a request that carried `reply` (a digest) or read a file. */
export type WorkerReply = { seq: number; bytes?: Uint8Array; error?: string };

/** Zero bytes the worker feeds per update when it makes them itself. */
const ZERO_STEP = 1024 * 1024;
/** Bytes of a file read and hashed per step; between steps the worker takes its messages. */
const FILE_STEP = 1024 * 1024;

// CommonJS source, so the worker needs no file of its own next to the bundle
export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
const { control, result, ring } = workerData;
const hashes = new Map();
const zeros = new Uint8Array(${ZERO_STEP});
const answer = (seq, bytes) => {
  if (bytes) result.set(bytes, 0);
  Atomics.store(control, ${RESULT_LENGTH}, bytes ? bytes.length : -1);
  Atomics.store(control, ${ANSWERED}, seq);
  Atomics.notify(control, ${ANSWERED});
};
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
// a stored range, read here: its bytes never pass through the main thread
const feedFile = async (m) => {
  let fd;
  try {
    const h = hashes.get(m.id);
    if (!h) throw new Error('the hasher is gone');
    fd = openSync(m.path, 'r');
    const buf = Buffer.allocUnsafe(Math.min(${FILE_STEP}, m.end - m.start));
    for (let pos = m.start; pos < m.end; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, m.end - pos), pos);
      if (n === 0) throw new Error('the file ends at byte ' + pos + ', before ' + m.end);
      h.update(buf.subarray(0, n));
      pos += n;
      // synchronous reads keep clear of the thread pool the main thread's fsyncs wait in;
      // between steps, ring updates for bodies in flight are taken, so the ring never waits long
      await nextTurn();
    }
    parentPort.postMessage({ seq: m.seq });
  } catch (e) {
    parentPort.postMessage({ seq: m.seq, error: String(e && e.message ? e.message : e) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
};
parentPort.on('message', (m) => {
  if (m.op === 'update') {
    const piece = ring.subarray(m.at, m.at + m.length);
    for (const id of m.ids) hashes.get(id)?.update(piece);
    Atomics.sub(control, ${QUEUED}, m.length + m.skipped);
    Atomics.notify(control, ${QUEUED});
  } else if (m.op === 'spill') {
    for (const id of m.ids) hashes.get(id)?.update(m.bytes);
    Atomics.sub(control, ${SPILLED}, m.bytes.length);
    Atomics.notify(control, ${QUEUED}); // where ready() waits
  } else if (m.op === 'zeros') {
    const h = hashes.get(m.id);
    for (let left = m.length; h && left > 0; left -= zeros.length) h.update(left >= zeros.length ? zeros : zeros.subarray(0, left));
  } else if (m.op === 'create') hashes.set(m.id, createHash(m.alg));
  else if (m.op === 'clone') hashes.set(m.id, hashes.get(m.from).copy());
  else if (m.op === 'drop') hashes.delete(m.id);
  else if (m.op === 'file') void feedFile(m);
  else if (m.op === 'digest') {
    const h = hashes.get(m.id);
    hashes.delete(m.id);
    const bytes = h ? h.digest() : undefined;
    if (m.reply) parentPort.postMessage({ seq: m.seq, bytes });
    else answer(m.seq, bytes);
  }
});
`;
