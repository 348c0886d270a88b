// The bytes Go's net/http server writes for a reply (net/http server.go (*response).WriteHeader,
// (*chunkWriter).writeHeader): status line, the handler's header fields, then Date, Content-Length
// and Connection as Go adds them; protocol errors as Go's raw `publicErr` answers. Status lines,
// header blocks and the Date line are memoised (once per status, per header list, per second).
import { bodyForbidden, statusText, type HeaderField, type Reply } from './reply.js';

const STATUS_LINES = new Map<number, string>();

function statusLine(reply: Reply, minorVersion: number): string {
  if (minorVersion === 0 || reply.statusText !== undefined) {
    return `HTTP/1.${minorVersion === 0 ? 0 : 1} ${reply.status} ${reply.statusText ?? statusText(reply.status)}\r\n`;
  }
  let line = STATUS_LINES.get(reply.status);
  if (line === undefined) {
    line = `HTTP/1.1 ${reply.status} ${statusText(reply.status)}\r\n`;
    STATUS_LINES.set(reply.status, line);
  }
  return line;
}

const HEADER_BLOCKS = new WeakMap<readonly HeaderField[], string>();

function headerBlock(headers: readonly HeaderField[]): string {
  let block = HEADER_BLOCKS.get(headers);
  if (block === undefined) {
    block = '';
    for (const [name, value] of headers) block += `${name}: ${value}\r\n`;
    HEADER_BLOCKS.set(headers, block);
  }
  return block;
}

let dateSecond = -1;
let dateField = '';

/** `Date: <IMF-fixdate>\r\n`, rebuilt once a second. */
function dateLine(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateField = `Date: ${new Date(now).toUTCString()}\r\n`;
  }
  return dateField;
}

/**
 * The bytes Go's server writes for a reply: sorted handler fields, then Date, Content-Length and
 * Connection. Protocol errors are written as Go writes them: status line, text/plain, close.
 */
export function serialize(reply: Reply, minorVersion: number, head: boolean, close: boolean): string | Buffer {
  if (reply.protocolError) {
    return `HTTP/1.1 ${reply.status} ${reply.statusText}\r\n${headerBlock(reply.headers)}Connection: close\r\n\r\n${reply.body}`;
  }
  let text = statusLine(reply, minorVersion) + headerBlock(reply.headers) + dateLine();
  const withBody = !head && !bodyForbidden(reply.status);
  if (withBody) text += `Content-Length: ${Buffer.byteLength(reply.body)}\r\n`;
  if (close) {
    if (minorVersion > 0) text += 'Connection: close\r\n';
  } else if (minorVersion === 0) text += 'Connection: keep-alive\r\n';
  text += '\r\n';
  if (!withBody) return text;
  return typeof reply.body === 'string' ? text + reply.body : Buffer.concat([Buffer.from(text, 'utf8'), reply.body]);
}
