// Go's strings, sort, encoding/base64 and net/textproto helpers whose exact behaviour differs
// from JavaScript's nearest built-in (upstream: golang/go src/strings/strings.go TrimSpace and
// ToLower, sort.Strings, encoding/base64 StdEncoding, net/textproto CanonicalMIMEHeaderKey).

const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

/** strings.TrimSpace (unicode.IsSpace: unlike String.prototype.trim, U+0085 yes and U+FEFF no). */
export function goTrimSpace(s: string): string {
  return s.replace(GO_TRIM, '');
}

/** strings.ToLower: rune by rune (no final-sigma rule; U+0130 gives plain 'i'). */
export function goToLower(s: string): string {
  let out = '';
  for (const ch of s) out += [...ch.toLowerCase()][0] ?? ch;
  return out;
}

/**
 * sort.Strings order and Go's map key order: byte order of the UTF-8 forms, i.e. code-point order
 * (UTF-16 code units differ only where surrogates meet U+E000..U+FFFF, which this corrects).
 */
export function goStringCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x < 0xe000 ? x + 0x2000 : x - 0x800;
      y = y < 0xe000 ? y + 0x2000 : y - 0x800;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** encoding/base64 StdEncoding.DecodeString (padding required; CR and LF ignored), or undefined. */
export function goBase64StdDecode(s: string): Buffer | undefined {
  const t = s.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) return undefined;
  return Buffer.from(t, 'base64');
}

const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]*$/;

/** textproto.CanonicalMIMEHeaderKey: `content-type` → `Content-Type`; keys with non-token bytes stay as they are. */
export function goCanonicalHeaderKey(key: string): string {
  if (!HEADER_TOKEN.test(key)) return key;
  let out = '';
  let upper = true;
  for (const c of key) {
    out += upper ? c.toUpperCase() : c.toLowerCase();
    upper = c === '-';
  }
  return out;
}
