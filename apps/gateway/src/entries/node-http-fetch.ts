import http from 'node:http';
import https from 'node:https';

/**
 * A `fetch` on node:http for the S3 client, where the runtime's own fetch cannot stream a body
 * of known length: Deno's fetch sends a ReadableStream body chunked and drops Content-Length,
 * which S3's PutObject and UploadPart refuse (411). Deno's node:http sends the length as given
 * and streams the body with backpressure, so memory stays flat.
 */
export async function nodeHttpFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<Response>((resolve, reject) => {
    const req = transport.request(url, { method: request.method, headers }, (res) => {
      const out = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        if (Array.isArray(value)) for (const v of value) out.append(name, v);
        else if (value !== undefined) out.set(name, value);
      }
      const empty = request.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
      const body = empty
        ? null
        : new ReadableStream<Uint8Array>({
            start(controller) {
              res.on('data', (chunk: Uint8Array) => {
                controller.enqueue(new Uint8Array(chunk));
                if ((controller.desiredSize ?? 1) <= 0) res.pause();
              });
              res.on('end', () => controller.close());
              res.on('error', (e) => controller.error(e));
            },
            pull: () => void res.resume(),
            cancel: () => void res.destroy(),
          });
      if (empty) res.resume();
      resolve(new Response(body, { status: res.statusCode ?? 500, statusText: res.statusMessage ?? '', headers: out }));
    });
    req.on('error', reject);
    void sendBody(req, request.body).catch((e: unknown) => req.destroy(e instanceof Error ? e : new Error(String(e))));
  });
}

async function sendBody(req: http.ClientRequest, body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body) {
    req.end();
    return;
  }
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!req.write(value)) await new Promise((r) => req.once('drain', r));
  }
  req.end();
}
