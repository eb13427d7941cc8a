import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Http2SecureServer, ServerHttp2Session } from 'node:http2';
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

type Exchange = { readonly req: IncomingMessage; readonly res: ServerResponse };

/**
 * The connections of a gateway's Node server, plain HTTP/1.1 or TLS with HTTP/2 and HTTP/1.1:
 * their timeouts, and closing them at shutdown. Node's HTTP/2 server has none of http.Server's
 * header deadline or connection closing, so for it they are kept here.
 */
export class NodeConnections {
  private readonly current = new WeakMap<Socket, Exchange>();
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Set<ServerHttp2Session>();
  private readonly headerDeadlines = new WeakMap<Socket, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly server: Server | Http2SecureServer,
    private readonly t: ConnectionTimeouts,
    private readonly secure: boolean,
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res));
    if (secure) {
      server.on('secureConnection', (socket: Socket & { alpnProtocol?: string | false }) => {
        if (socket.alpnProtocol === 'h2') return; // HTTP/2 sessions are tracked as sessions
        this.sockets.add(socket);
        this.armHeaderDeadline(socket);
        if (t.idleMs > 0) socket.setTimeout(t.idleMs, () => this.onIdle(socket));
        socket.once('close', () => {
          this.sockets.delete(socket);
          clearTimeout(this.headerDeadlines.get(socket));
        });
      });
      // Node's HTTP/1.1 fallback destroys a timed-out socket unless the server handles 'timeout'; onIdle decides instead
      server.on('timeout', () => undefined);
      server.on('session', (session: ServerHttp2Session) => {
        this.sessions.add(session);
        session.once('close', () => this.sessions.delete(session));
      });
    } else if (t.idleMs > 0) (server as Server).setTimeout(t.idleMs, (socket: Socket) => this.onIdle(socket));
  }

  /** Closes every connection with no request in flight (HTTP/2 sessions finish their streams first). */
  closeIdle(): void {
    if (!this.secure) return (this.server as Server).closeIdleConnections();
    for (const socket of this.sockets) if (!this.current.has(socket)) socket.destroy();
    for (const session of this.sessions) session.close();
  }

  closeAll(): void {
    if (!this.secure) return (this.server as Server).closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    for (const session of this.sessions) session.destroy();
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (req.httpVersionMajor >= 2) return;
    const exchange = { req, res };
    const socket = req.socket;
    this.current.set(socket, exchange);
    clearTimeout(this.headerDeadlines.get(socket));
    res.once('close', () => {
      if (this.current.get(socket) !== exchange) return;
      this.current.delete(socket);
      // the next header section has its own deadline, from its first byte on
      if (this.secure && !socket.destroyed) socket.once('data', () => this.current.has(socket) || this.armHeaderDeadline(socket));
    });
  }

  private armHeaderDeadline(socket: Socket): void {
    this.headerDeadlines.set(socket, setTimeout(() => socket.destroy(), this.t.headersMs).unref());
  }

  /**
   * After `idleMs` without a byte, a connection is closed *while it waits on its client*: a body
   * that stopped arriving, an answer the client stopped reading, or no request at all. A slow body
   * that keeps moving refreshes the timer, and a connection on which the gateway itself is busy
   * (computing an answer, or not reading the body yet) is never closed for it.
   */
  private onIdle(socket: Socket): void {
    const exchange = this.current.get(socket);
    if (exchange === undefined) return void socket.destroy();
    const { req, res } = exchange;
    const bodyStalled = !req.complete && req.readableLength < req.readableHighWaterMark;
    const answerUnread = res.writableNeedDrain;
    if (bodyStalled || answerUnread) socket.destroy();
  }
}
