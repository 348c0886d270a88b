// One header field of an HTTP/1.1 request head (RFC 9112 §5), as wire-parser.ts reads it: the
// name must be a token with no whitespace before the colon, the value loses its surrounding
// whitespace and may not hold control characters (obs-text is read as UTF-8). Fields that frame
// the message or manage the connection are noted in a Framing record for the parser to check as
// a whole.

export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
export const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const ASCII_VALUE = /^[\t\x20-\x7e]*$/;
// fields Vault reads with Go's Header.Get, which sees the first value only
const FIRST_WINS = new Set(['content-type', 'x-vault-token', 'x-vault-namespace', 'x-vault-wrap-ttl', 'x-vault-wrap-format']);

/** What the header fields say about framing and the connection. */
export interface Framing {
  contentLength: string | null;
  transferEncodings: number;
  chunked: boolean;
  hosts: number;
  close: boolean;
  keepAlive: boolean;
  expect: string | null;
}

export const newFraming = (): Framing =>
  ({ contentLength: null, transferEncodings: 0, chunked: false, hosts: 0, close: false, keepAlive: false, expect: null });

/** One `name: value` field into `headers`, noting the framing fields; false when malformed. */
export function parseField(line: string, headers: Record<string, string>, framing: Framing): boolean {
  const colon = line.indexOf(':');
  if (colon <= 0) return false;
  const rawName = line.slice(0, colon);
  if (!TOKEN.test(rawName)) return false;
  let value = trimWhitespace(line.slice(colon + 1));
  if (!ASCII_VALUE.test(value)) {
    if (!FIELD_VALUE.test(value)) return false;
    value = Buffer.from(value, 'latin1').toString('utf8');
  }
  const name = rawName.toLowerCase();
  switch (name) {
    case 'content-length':
      if (!/^\d+$/.test(value) || (framing.contentLength !== null && framing.contentLength !== value)) return false;
      framing.contentLength = value;
      break;
    case 'transfer-encoding':
      framing.transferEncodings++;
      framing.chunked = value.toLowerCase() === 'chunked';
      break;
    case 'host':
      framing.hosts++;
      break;
    case 'connection':
      for (const token of value.toLowerCase().split(',')) {
        const t = token.trim();
        if (t === 'close') framing.close = true;
        else if (t === 'keep-alive') framing.keepAlive = true;
      }
      break;
    case 'expect':
      framing.expect ??= value.toLowerCase();
      break;
  }
  const earlier = headers[name];
  if (earlier === undefined) headers[name] = value;
  else if (!FIRST_WINS.has(name)) headers[name] = earlier + ', ' + value;
  return true;
}

/** Strips the optional whitespace (SP / HTAB) around a field value. */
function trimWhitespace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s.charCodeAt(start) === 32 || s.charCodeAt(start) === 9)) start++;
  while (end > start && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 9)) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}
