import type { ByteSource } from '../store/blob-store';

/** One consumer's reads of a ByteSource, whichever kind it is. */
export type Reads = {
  read(): Promise<IteratorResult<Uint8Array>>;
  /** ends a pending read (with `reason` where the source cannot) and tells the producer to stop */
  cancel(reason?: Error): Promise<void>;
  release(): void;
};

function streamReads(stream: ReadableStream<Uint8Array>): Reads {
  const reader = stream.getReader();
  return {
    read: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    cancel: (reason) => reader.cancel(reason),
    release: () => reader.releaseLock(),
  };
}

/**
 * Reads straight from the iterator: no web stream between a host's own body (the Node entry's
 * push-fed chunks) and the engine, which cost more per chunk than the rest of the path. An
 * iterator's return() need not end a next() already waiting (an async generator's does not),
 * so cancel rejects that read itself.
 */
function iteratorReads(iterable: AsyncIterable<Uint8Array>): Reads {
  const it = iterable[Symbol.asyncIterator]();
  let abandon: ((reason: Error) => void) | undefined;
  return {
    read: () =>
      new Promise((resolve, reject) => {
        abandon = reject;
        it.next().then(resolve, reject);
      }),
    cancel: async (reason) => {
      if (reason) abandon?.(reason);
      await it.return?.();
    },
    release: () => undefined,
  };
}

/**
 * Reads `source` one chunk at a time. Stopping without cancel() (release() only) leaves the rest
 * to a later reader; a stream is locked meanwhile (getReader throws if it is already).
 */
export function readsOf(source: ByteSource): Reads {
  return source instanceof ReadableStream ? streamReads(source) : iteratorReads(source);
}

