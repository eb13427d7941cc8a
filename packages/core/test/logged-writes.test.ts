import { describe, expect, it } from 'vitest';
import {
  DigestMismatchError,
  type LoggedBytes,
  type Storage,
  Uploads,
  collectBytes,
  composeStorage,
  createMemoryStorage,
  pureHashers,
  streamOfBytes,
} from '../src/index';

const data = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 13 + seed) & 255);
const put = (up: Uploads, id: string, file: Uint8Array, start: number, end: number, extra = {}) =>
  up.receive(id, { start, end, body: streamOfBytes(file.slice(start, end)), ...extra });

/** A memory store with the capability, counting what the engine hands it. */
function loggingStore(maxBytes: number) {
  const inner = createMemoryStorage();
  const { modify } = composeStorage(inner);
  const logged: LoggedBytes[] = [];
  const storage: Storage = {
    ...inner,
    loggedWrites: {
      maxBytes,
      modify: async (id, change, write, fence) => {
        const saved = await modify(id, change, fence); // refused: nothing written
        await inner.blobs.write(write.blobKey, write.offset, streamOfBytes(write.bytes));
        logged.push(write);
        return saved;
      },
    },
  };
  return { storage, logged, up: new Uploads({ storage, hashers: pureHashers }) };
}

describe('logged writes (the LoggedWrites capability)', () => {
  it('hands a store small writes into holes with their bytes, and writes the rest itself', async () => {
    const { up, logged, storage } = loggingStore(100);
    const file = data(400);
    const s = await up.create({ namespace: 'n', target: 'x', total: file.length });
    await put(up, s.id, file, 0, 100); // small, into a hole: logged
    await put(up, s.id, file, 100, 300); // larger than maxBytes: written, then recorded
    await put(up, s.id, file, 300, 400);
    await up.receive(s.id, { start: 20, end: 70, body: streamOfBytes(data(50, 9)), overlap: 'overwrite' }); // replaces stored bytes: staged, not logged
    expect(logged.map((w) => [w.offset, w.bytes.length])).toEqual([
      [0, 100],
      [300, 100],
    ]);
    const expected = Uint8Array.from(file);
    expected.set(data(50, 9), 20);
    expect([...(await collectBytes(await storage.blobs.read(s.blobKey)))]).toEqual([...expected]);
    expect((await up.get(s.id)).received).toBe('0-399');
  });

  it('never hands over a small write whose body fails its digest', async () => {
    const { up, logged, storage } = loggingStore(100);
    const s = await up.create({ namespace: 'n', target: 'x', total: 100 });
    const wrong = { algorithm: 'sha256', value: new Uint8Array(32) } as const;
    await expect(put(up, s.id, data(100), 0, 100, { expect: [wrong] })).rejects.toBeInstanceOf(DigestMismatchError);
    expect(logged).toEqual([]);
    expect(await storage.blobs.size(s.blobKey)).toBeUndefined();
    expect((await up.get(s.id)).received).toBe('');
  });
});
