// Go's encoding/json writer as Vault's output reaches a client (upstream: golang/go
// src/encoding/json/encode.go): every string HTML-escaped (SetEscapeHTML defaults to true: `<`,
// `>`, `&`, U+2028, U+2029), maps written in sorted key order, json.Encoder's trailing newline,
// and json.MarshalIndent(v, "", "  ") for the CLI (hashicorp/vault command/format.go). HTTP bodies,
// raw backend bodies, audit entries and the CLI's JSON all go through this one writer.
import { goStringCompare } from './strings.js';
import { stringifyIter, stringifyJson } from '../util/json-iter.js';

const GO_UNSAFE = /[<>&\u2028\u2029]/g;
const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
};

/** JSON text with Go's HTML escaping applied (the text is returned as is when nothing needs it). */
export function goEscapeJson(text: string): string {
  // Five indexOf scans are cheaper than a regex replace on the common text that has none of them.
  if (text.indexOf('<') < 0 && text.indexOf('>') < 0 && text.indexOf('&') < 0
    && text.indexOf('\u2028') < 0 && text.indexOf('\u2029') < 0) return text;
  return text.replace(GO_UNSAFE, (c) => GO_ESCAPES[c]!);
}

/**
 * Whether JavaScript lists this key before all others whatever the insertion order (an array
 * index). An object holding one must be written with `exact` to keep Go's order.
 */
export function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

/** An object's keys in Go's map order when it has array-index keys; others keep theirs. */
function exactKeys(obj: Record<string, unknown>): string[] {
  const keys = Object.keys(obj);
  if (keys.some(isIndexKey)) keys.sort(goStringCompare);
  return keys;
}

/** JSON with exactKeys' order, written without recursion (values may nest 10000 deep). */
function exactJson(value: unknown): string {
  return stringifyIter(value, exactKeys) ?? 'null';
}

export interface GoJsonOptions {
  /** json.Encoder.Encode's trailing newline. */
  newline?: boolean;
  /** Some object has array-index keys that must come out in Go's order (see isIndexKey). */
  exact?: boolean;
}

/**
 * json.Marshal / json.Encoder.Encode of a value whose objects are already in the order Go writes
 * them. A value JSON cannot represent (undefined, a function) is a programming error: it throws.
 */
export function goJson(value: unknown, opts: GoJsonOptions = {}): string {
  const text = opts.exact ? exactJson(value) : stringifyJson(value);
  const escaped = goEscapeJson(text);
  return opts.newline ? escaped + '\n' : escaped;
}

/** A Go struct: fields in declaration order; `undefined` values are omitted (omitempty). */
export class GoStruct {
  constructor(readonly fields: Array<[string, unknown]>) {}
}

function encodeString(s: string): string {
  return goEscapeJson(JSON.stringify(s));
}

function encodeIndented(v: unknown, indent: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return encodeString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + encodeIndented(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = v instanceof GoStruct
    ? v.fields.filter(([, x]) => x !== undefined)
    : Object.keys(v as object).sort(goStringCompare).map((k): [string, unknown] => [k, (v as Record<string, unknown>)[k]]);
  if (entries.length === 0) return '{}';
  const body = entries.map(([k, x]) => `${inner}${encodeString(k)}: ${encodeIndented(x, inner)}`).join(',\n');
  return `{\n${body}\n${indent}}`;
}

/** json.MarshalIndent(v, "", "  "): plain objects as Go maps (sorted keys), GoStruct in field order. */
export function goJsonIndent(v: unknown): string {
  return encodeIndented(v, '');
}
