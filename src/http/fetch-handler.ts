// The same HTTP translation as the socket server, as a standard fetch handler
// (`(request: Request) => Promise<Response>`): for socket-less tests, service workers, or any
// server that speaks Request/Response. Differences that come with the Request object, not from
// here: the URL arrives normalised by the WHATWG parser (dot segments resolved, so a `..` never
// reaches the redirect logic), repeated header fields arrive joined with ', ', and there is no
// connection (no keep-alive, no Date header, no remote address).
import type { CoreHandler } from '../core/types.js';
import { bodyForbidden, callCore, type Reply } from './reply.js';
import { translate } from './translate.js';

export interface FetchHandlerOptions {
  /** Largest request body (Vault's listener max_request_size): 32 MiB. */
  maxRequestBytes?: number;
  /** Sees what a handler threw or rejected with (the client gets a 500 `internal error`). */
  onHandlerError?: (error: unknown) => void;
}

export function toFetchHandler(handler: CoreHandler, options: FetchHandlerOptions = {}): (request: Request) => Promise<Response> {
  const maxBytes = options.maxRequestBytes ?? 32 * 1024 * 1024;
  return async (request) => {
    const headers: Record<string, string> = Object.create(null);
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const url = request.url;
    const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url);
    if (headers['host'] === undefined && authority) headers['host'] = authority[1];
    const targetStart = authority ? authority[0].length : 0;
    let target = url.slice(targetStart).replace(/#.*$/, '');
    if (!target.startsWith('/')) target = '/' + target;
    const body = await readBody(request, maxBytes);
    const translation = translate({ method: request.method, target, headers, body: body.bytes, bodyTooLarge: body.tooLarge });
    if (translation.kind === 'reply') return toResponse(translation.reply, false);
    return toResponse(await callCore(handler, translation.request, options.onHandlerError), translation.head);
  };
}

/** Reads the body up to the limit; beyond it the rest is abandoned, as the server's parser does. */
async function readBody(request: Request, maxBytes: number): Promise<{ bytes: Uint8Array | null; tooLarge: boolean }> {
  if (request.body === null) return { bytes: null, tooLarge: false };
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await request.body.cancel().catch(() => undefined);
    return { bytes: null, tooLarge: true };
  }
  const parts: Uint8Array[] = [];
  let length = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { bytes: null, tooLarge: true };
    }
    parts.push(value);
  }
  return { bytes: parts.length === 1 ? parts[0] : Buffer.concat(parts, length), tooLarge: false };
}

function toResponse(reply: Reply, head: boolean): Response {
  const headers = new Headers();
  for (const [name, value] of reply.headers) headers.append(name, value);
  if (reply.close) headers.set('Connection', 'close');
  const noBody = head || bodyForbidden(reply.status) || reply.body === '';
  const init: ResponseInit = reply.statusText === undefined ? { status: reply.status, headers } : { status: reply.status, statusText: reply.statusText, headers };
  return new Response(noBody ? null : reply.body, init);
}
