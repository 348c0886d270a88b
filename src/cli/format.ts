// Vault's table rendering: ryanuber/columnize as command/base_helpers.go configures it (glue of
// four spaces, empty cell → `n/a`), header underlines (`tableOutput`), Go `%v` cell values (src/go),
// human durations (`humanDuration`, `looksLikeDuration` in command/format.go), kr/text's
// minimum-raggedness wrapping at 78 columns (`wrapAtLength`) and the `== Title ==` headers of
// command/kv_helpers.go (`padEqualSigns`, `getHeaderForMap`).
import { goValue } from '../go/fmt.js';
import { goQuote } from '../go/strconv.js';
import { humanDuration } from '../go/time.js';

const GLUE = '    ';
const EMPTY_CELL = 'n/a';
/** command/base_helpers.go maxLineLength. */
export const MAX_LINE_LENGTH = 78;

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');
const charLength = (s: string): number => [...s].length;

/**
 * columnize.Format: cells trimmed, empty → `n/a`, each column as wide as its widest cell (in bytes),
 * padded by characters, last column unpadded, rows joined by newlines (no trailing newline).
 */
export function columnize(rows: string[][]): string {
  const cells = rows.map((row) => row.map((c) => {
    const t = c.trim();
    return t === '' ? EMPTY_CELL : t;
  }));
  const widths: number[] = [];
  for (const row of cells) {
    row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, byteLength(cell)); });
  }
  return cells.map((row) => row.map((cell, i) => {
    if (i === row.length - 1) return cell;
    return cell + ' '.repeat(Math.max(0, widths[i]! - charLength(cell))) + GLUE;
  }).join('')).join('\n');
}

/** tableOutput: a header row, then a row of dashes as long as each trimmed header word. */
export function tableOutput(header: string[], rows: string[][]): string {
  const underline = header.map((h) => '-'.repeat(byteLength(h.trim())));
  return columnize([header, underline, ...rows]);
}

/** A `Key | Value` table over rows in the order given. */
export function keyValueTable(rows: Array<[string, string]>): string {
  return tableOutput(['Key', 'Value'], rows);
}

/** Go's `%q` over a string slice: `["default" "kgc-read"]`; nil or empty → `[]`. */
export function goQuotedList(list: unknown): string {
  if (!Array.isArray(list)) return '[]';
  return `[${list.map((s) => goQuote(String(s))).join(' ')}]`;
}

export { humanDuration };

/** humanDurationInt: integers become human durations; anything else is returned unchanged. */
export function humanDurationValue(v: unknown): unknown {
  if (typeof v === 'number' && Number.isInteger(v)) return humanDuration(v);
  return v;
}

/** looksLikeDuration: keys whose integer values are shown as durations in tables. */
export function looksLikeDuration(key: string): boolean {
  return key === 'period' || key.endsWith('_period') || key === 'ttl' || key.endsWith('_ttl')
    || key === 'duration' || key.endsWith('_duration') || key === 'lease_max' || key === 'ttl_max';
}

/** One `key value` row of a data table, durations humanised. */
export function dataRow(key: string, value: unknown): [string, string] {
  return [key, goValue(looksLikeDuration(key) ? humanDurationValue(value) : value)];
}

/** OutputMap: a Key/Value table of a map's keys sorted; empty string when the map is empty. */
export function mapTable(data: Record<string, unknown>): string {
  const keys = Object.keys(data).sort();
  if (keys.length === 0) return '';
  return keyValueTable(keys.map((k) => dataRow(k, data[k])));
}

/**
 * kr/text Wrap: newlines become spaces, words split on single spaces, and the line breaks chosen
 * to minimise the sum of squared shortfalls (the last line free, over-long lines penalised).
 */
export function wrapText(text: string, limit: number): string {
  const words = text.trim().replace(/\n/g, ' ').split(' ');
  const n = words.length;
  const PENALTY = 100000;
  // ends[k] = length of words[0..k-1] joined by single spaces, plus one; so a line of words i..j-1
  // is ends[j] - ends[i] - 1 long.
  const ends: number[] = [0];
  for (const w of words) ends.push(ends[ends.length - 1]! + byteLength(w) + 1);
  const lineLength = (from: number, toExclusive: number): number => ends[toExclusive]! - ends[from]! - 1;
  const cost: number[] = new Array(n).fill(Number.MAX_SAFE_INTEGER);
  const breakAt: number[] = new Array(n).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    if (lineLength(i, n) <= limit) {
      cost[i] = 0;
      breakAt[i] = n;
      continue;
    }
    for (let j = i + 1; j < n; j++) {
      const len = lineLength(i, j);
      const d = limit - len;
      let c = d * d + cost[j]!;
      if (len > limit) c += PENALTY;
      if (c < cost[i]!) {
        cost[i] = c;
        breakAt[i] = j;
      }
    }
  }
  const lines: string[] = [];
  for (let i = 0; i < n; i = breakAt[i]!) lines.push(words.slice(i, breakAt[i]).join(' '));
  return lines.join('\n');
}

/** wrapAtLengthWithPadding: wrap at 78 - pad columns, then indent every line by pad spaces. */
export function wrapAtLength(text: string, pad = 0): string {
  return wrapText(text, MAX_LINE_LENGTH - pad).split('\n').map((l) => ' '.repeat(pad) + l).join('\n');
}

/** padEqualSigns: `== Title ==` centred over totalLength columns. */
export function padEqualSigns(title: string, totalLength: number): string {
  let signs = totalLength - (title.length + 2);
  if (signs <= 0) signs = 4;
  if (signs % 2 !== 0) signs += 1;
  const side = '='.repeat(signs / 2);
  return `${side} ${title} ${side}`;
}

/** getHeaderForMap: the header over a Key/Value table of data (longest key + 4 + len("Value")). */
export function headerForMap(title: string, data: Record<string, unknown>): string {
  const longest = Object.keys(data).reduce((m, k) => Math.max(m, k.length), 0);
  return padEqualSigns(title, longest + 9);
}

/** Go's time.RFC822 layout in UTC (`02 Jan 06 15:04 UTC`), as printKeyStatus shows install time. */
export function rfc822Utc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (x: number): string => String(x).padStart(2, '0');
  return `${two(d.getUTCDate())} ${months[d.getUTCMonth()]} ${two(d.getUTCFullYear() % 100)} `
    + `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}
