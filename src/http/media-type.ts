// Go's mime.ParseMediaType, as far as Vault's HTTP layer depends on it: the media type decides
// whether a POST body is a form (http/handler.go isForm) and whether a PATCH is accepted
// (http/logical.go: 415 unless application/merge-patch+json), and its error texts are what Vault
// answers a PATCH with an unparsable Content-Type. RFC 2231 parameter continuations are not
// modelled (they only change parameter values, which Vault never reads).
import {
  ERR_HTTP_MIME_DUPLICATE_PARAMETER, ERR_HTTP_MIME_EXPECTED_SLASH, ERR_HTTP_MIME_EXPECTED_TOKEN,
  ERR_HTTP_MIME_INVALID_PARAMETER, ERR_HTTP_MIME_NO_MEDIA_TYPE, ERR_HTTP_MIME_UNEXPECTED_CONTENT,
} from '../errors/http.js';

export type MediaType = { ok: true; type: string } | { ok: false; error: string };

const TSPECIALS = '()<>@,;:\\"/[]?=';
// unicode.IsSpace, the set Go's strings.TrimSpace and TrimLeftFunc(unicode.IsSpace) remove
const LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const TRAILING_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

const trimLeft = (s: string): string => s.replace(LEADING_SPACE, '');
const trimSpace = (s: string): string => trimLeft(s).replace(TRAILING_SPACE, '');

function isTokenChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 0x20 && code < 0x7f && !TSPECIALS.includes(c);
}

/** Splits a leading run of token characters off `v`. */
function consumeToken(v: string): [token: string, rest: string] {
  let i = 0;
  while (i < v.length && isTokenChar(v[i])) i++;
  return [v.slice(0, i), v.slice(i)];
}

/** A parameter value: a token, or a quoted-string (with Go's lenient backslash handling). */
function consumeValue(v: string): [value: string, rest: string] {
  if (v === '') return ['', ''];
  if (v[0] !== '"') return consumeToken(v);
  let value = '';
  for (let i = 1; i < v.length; i++) {
    const c = v[i];
    if (c === '"') return [value, v.slice(i + 1)];
    if (c === '\\' && i + 1 < v.length && TSPECIALS.includes(v[i + 1])) {
      value += v[++i];
      continue;
    }
    if (c === '\r' || c === '\n') return ['', v];
    value += c;
  }
  return ['', v];
}

/** One `; name=value` parameter; an empty name means "no parameter here". */
function consumeParam(v: string): [name: string, value: string, rest: string] {
  let rest = trimLeft(v);
  if (!rest.startsWith(';')) return ['', '', v];
  rest = trimLeft(rest.slice(1));
  let name: string;
  [name, rest] = consumeToken(rest);
  name = name.toLowerCase();
  if (name === '') return ['', '', v];
  rest = trimLeft(rest);
  if (!rest.startsWith('=')) return ['', '', v];
  rest = trimLeft(rest.slice(1));
  const [value, after] = consumeValue(rest);
  if (value === '' && after === rest) return ['', '', v];
  return [name, value, after];
}

function checkMediaType(type: string): string | null {
  const [major, rest] = consumeToken(type);
  if (major === '') return ERR_HTTP_MIME_NO_MEDIA_TYPE;
  if (rest === '') return null;
  if (!rest.startsWith('/')) return ERR_HTTP_MIME_EXPECTED_SLASH;
  const [minor, after] = consumeToken(rest.slice(1));
  if (minor === '') return ERR_HTTP_MIME_EXPECTED_TOKEN;
  return after === '' ? null : ERR_HTTP_MIME_UNEXPECTED_CONTENT;
}

/** mime.ParseMediaType: the lower-cased media type, or Go's error text. */
export function parseMediaType(value: string): MediaType {
  const semicolon = value.indexOf(';');
  const base = semicolon < 0 ? value : value.slice(0, semicolon);
  const type = trimSpace(base.toLowerCase());
  const problem = checkMediaType(type);
  if (problem) return { ok: false, error: problem };
  const seen = new Map<string, string>();
  let rest = value.slice(base.length);
  while (rest.length > 0) {
    rest = trimLeft(rest);
    if (rest === '') break;
    const [name, paramValue, after] = consumeParam(rest);
    if (name === '') {
      if (trimSpace(after) === ';') break;
      return { ok: false, error: ERR_HTTP_MIME_INVALID_PARAMETER };
    }
    const earlier = seen.get(name);
    if (earlier !== undefined && earlier !== paramValue) return { ok: false, error: ERR_HTTP_MIME_DUPLICATE_PARAMETER };
    seen.set(name, paramValue);
    rest = after;
  }
  return { ok: true, type };
}
