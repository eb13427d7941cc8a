import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostBody } from '@rangeway/adapter-kit';
import { streamOf } from '@rangeway/core';

/**
 * The body of a request served by @hono/node-server, read from the IncomingMessage itself
 * (or the HTTP/2 request, which iterates alike).
 * `request.body` there is Readable.toWeb(incoming), which copies every chunk and pauses the
 * socket every 16 KiB; a pull stream over the message's own chunks does neither. The adapters
 * take it through `bodyStream` (see HostBody) as long as the request is not swapped.
 */
export function nodeBody(request: Request, incoming: AsyncIterable<Uint8Array>): HostBody {
  let stream: ReadableStream<Uint8Array> | null | undefined;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return {
    request,
    stream: () => (stream ??= hasBody ? streamOf(incoming) : null),
  };
}

/**
 * For a request with `Expect: 100-continue` (Node's 'checkContinue'): sends `100 Continue` when
 * the body is first read, as Go's and EOS's servers do, not on arrival. An answer given without
 * reading (an EOS redirect, an auth or range refusal) then goes out alone, and the client never
 * sends a body that would be thrown away; Node closes such a connection after the answer.
 */
export function continueOnRead(incoming: IncomingMessage, outgoing: ServerResponse): void {
  const read = incoming._read.bind(incoming);
  incoming._read = (size: number) => {
    incoming._read = read;
    if (!outgoing.headersSent) outgoing.writeContinue();
    read(size);
  };
}
