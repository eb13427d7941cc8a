import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type ConnectionTimeouts = {
  /** close a connection that waits this long on its client: idle between requests, or a stalled body (0 = never) */
  readonly idleMs: number;
  /** close a connection whose header section has not ended after this long (slowloris) */
  readonly headersMs: number;
};

/** Options for Node's http.createServer: no whole-request cut-off, since uploads are long requests. */
export function serverTimeoutOptions(t: ConnectionTimeouts) {
  return {
    requestTimeout: 0,
    headersTimeout: t.headersMs,
    keepAliveTimeout: t.idleMs,
    // how often Node checks header deadlines (its default, 30 s, would let a slowloris linger 30 s more)
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(t.headersMs / 4))),
  };
}

/**
 * Closes a connection after `idleMs` without a byte *while it waits on the client*: a body that
 * stopped arriving, an answer the client stopped reading, or a connection left idle. A slow body that keeps moving refreshes the timer,
 * and a connection on which the gateway itself is busy (computing an answer, or not reading the
 * body yet) is never closed for it: that wait is not the client's.
 */
export function closeStalledConnections(server: Server, idleMs: number): void {
  if (idleMs <= 0) return;
  const current = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse }>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const exchange = { req, res };
    current.set(req.socket, exchange);
    res.once('close', () => current.get(req.socket) === exchange && current.delete(req.socket));
  });
  server.setTimeout(idleMs, (socket: Socket) => {
    const exchange = current.get(socket);
    if (exchange === undefined) return socket.destroy(); // idle between requests
    const { req, res } = exchange;
    const bodyStalled = !req.complete && req.readableLength < req.readableHighWaterMark;
    const answerUnread = res.writableNeedDrain; // the client stopped reading what it asked for
    if (bodyStalled || answerUnread) socket.destroy();
  });
}
