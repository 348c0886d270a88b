// The barrier keyring (vault/keyring.go; [BAO] vault/barrier/keyring.go): the root key plus one
// AES-256 key per term, the highest term active. Persisted as Go's encoding/json of
// EncodedKeyring, field names exactly as Vault writes them:
//   {"MasterKey":"<b64>","Keys":[{"Term":1,"Version":1,"Value":"<b64>","InstallTime":"…",
//    "encryptions":7}],"RotationConfig":{"Disabled":false,"MaxOperations":3865470566,"Interval":0}}
// Decoding is case-insensitive on field names, like Go's.
import { rfc3339Nano } from '../util/clock.js';
import { encodeBase64 } from '../shamir/encoding.js';
import { decodeBase64Std } from './encoding.js';

// 10% shy of NIST SP 800-38D's 2^32 invocations for random 96-bit nonces (keyring.go).
export const ABSOLUTE_OPERATION_MAXIMUM = 3_865_470_566;
export const ABSOLUTE_OPERATION_MINIMUM = 1_000_000;
export const MINIMUM_ROTATION_INTERVAL_NS = 24 * 3600 * 1e9;
/** Go's zero time.Time, what the root-key copy carries as InstallTime. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

export interface TermKey {
  term: number;
  version: number;
  value: Uint8Array;
  /** RFC 3339 text as stored (kept verbatim so nanoseconds and zones survive a round trip). */
  installTime: string;
  /** Persisted estimate of encryptions under this term (`encryptions`, omitted when 0). */
  encryptions: number;
}

export interface RotationConfig {
  disabled: boolean;
  maxOperations: number;
  /** Go time.Duration: nanoseconds; 0 = no time-based rotation. */
  intervalNs: number;
}

export interface Keyring {
  rootKey: Uint8Array;
  keys: Map<number, TermKey>;
  activeTerm: number;
  rotation: RotationConfig;
}

export function defaultRotationConfig(): RotationConfig {
  return { disabled: false, maxOperations: ABSOLUTE_OPERATION_MAXIMUM, intervalNs: 0 };
}

/** keyring.go KeyRotationConfig.Sanitize: clamp what was loaded into the allowed ranges. */
export function sanitizeRotation(c: RotationConfig): RotationConfig {
  let maxOperations = c.maxOperations;
  if (maxOperations === 0 || maxOperations > ABSOLUTE_OPERATION_MAXIMUM) maxOperations = ABSOLUTE_OPERATION_MAXIMUM;
  if (maxOperations < ABSOLUTE_OPERATION_MINIMUM) maxOperations = ABSOLUTE_OPERATION_MINIMUM;
  let intervalNs = c.intervalNs;
  if (intervalNs > 0 && intervalNs < MINIMUM_ROTATION_INTERVAL_NS) intervalNs = MINIMUM_ROTATION_INTERVAL_NS;
  return { disabled: c.disabled, maxOperations, intervalNs };
}

export function newKeyring(rootKey: Uint8Array, first: TermKey): Keyring {
  return { rootKey: new Uint8Array(rootKey), keys: new Map([[first.term, first]]), activeTerm: first.term, rotation: defaultRotationConfig() };
}

export function activeKey(k: Keyring): TermKey {
  return k.keys.get(k.activeTerm)!;
}

/** keyring.go AddKey: a copy with the new term installed and older terms' estimates zeroed. */
export function addKey(k: Keyring, key: TermKey): Keyring {
  const keys = new Map<number, TermKey>();
  const activeTerm = Math.max(k.activeTerm, key.term);
  for (const [term, existing] of k.keys) keys.set(term, { ...existing, encryptions: term === activeTerm ? existing.encryptions : 0 });
  keys.set(key.term, key);
  return { ...k, keys, activeTerm };
}

export function newTermKey(term: number, value: Uint8Array, nowMs: number): TermKey {
  return { term, version: 1, value, installTime: rfc3339Nano(nowMs), encryptions: 0 };
}

// ---- JSON ---------------------------------------------------------------------------------------

const utf8 = new TextEncoder();
const utf8Decode = new TextDecoder('utf-8', { fatal: true });

const b64 = encodeBase64;

function unb64(s: unknown, field: string): Uint8Array {
  if (s === null || s === undefined) return new Uint8Array(0);
  const out = typeof s === 'string' ? decodeBase64Std(s) : undefined;
  if (out === undefined) throw new Error(`${field}: expected a base64 string`);
  return out;
}

function keyJson(k: TermKey): string {
  const enc = k.encryptions > 0 ? `,"encryptions":${k.encryptions}` : '';
  return `{"Term":${k.term},"Version":${k.version},"Value":"${b64(k.value)}","InstallTime":${JSON.stringify(k.installTime)}${enc}}`;
}

/** One Key as Vault serialises it (used for the root-key copy at core/master). */
export function serializeKey(k: TermKey): Uint8Array {
  return utf8.encode(keyJson(k));
}

export function serializeKeyring(k: Keyring): Uint8Array {
  const keys = [...k.keys.values()].map(keyJson).join(',');
  const r = k.rotation;
  return utf8.encode(`{"MasterKey":"${b64(k.rootKey)}","Keys":[${keys}],` +
    `"RotationConfig":{"Disabled":${r.disabled},"MaxOperations":${r.maxOperations},"Interval":${r.intervalNs}}}`);
}

/** Field lookup that ignores case, as Go's encoding/json does when decoding into a struct. */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what}: expected a JSON object`);
  return v as Record<string, unknown>;
}

function asInt(v: unknown, what: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${what}: expected an integer`);
  return v;
}

function parseKeyObject(v: unknown): TermKey {
  const o = asObject(v, 'key');
  const installTime = field(o, 'InstallTime');
  return {
    term: asInt(field(o, 'Term'), 'Term'),
    version: asInt(field(o, 'Version'), 'Version'),
    value: unb64(field(o, 'Value'), 'Value'),
    installTime: typeof installTime === 'string' ? installTime : GO_ZERO_TIME,
    encryptions: asInt(field(o, 'encryptions'), 'encryptions'),
  };
}

export function parseKey(bytes: Uint8Array): TermKey {
  return parseKeyObject(JSON.parse(utf8Decode.decode(bytes)));
}

/** keyring.go DeserializeKeyring: the active term is the highest present; rotation is sanitised. */
export function parseKeyring(bytes: Uint8Array): Keyring {
  const o = asObject(JSON.parse(utf8Decode.decode(bytes)), 'keyring');
  const rawKeys = field(o, 'Keys');
  if (rawKeys !== null && rawKeys !== undefined && !Array.isArray(rawKeys)) throw new Error('Keys: expected an array');
  const keys = new Map<number, TermKey>();
  let activeTerm = 0;
  for (const raw of (rawKeys as unknown[] | null | undefined) ?? []) {
    const key = parseKeyObject(raw);
    keys.set(key.term, key);
    activeTerm = Math.max(activeTerm, key.term);
  }
  const rc = field(o, 'RotationConfig');
  const rco = rc === undefined || rc === null ? {} : asObject(rc, 'RotationConfig');
  const rotation = sanitizeRotation({
    disabled: field(rco, 'Disabled') === true,
    maxOperations: asInt(field(rco, 'MaxOperations'), 'MaxOperations'),
    intervalNs: asInt(field(rco, 'Interval'), 'Interval'),
  });
  return { rootKey: unb64(field(o, 'MasterKey'), 'MasterKey'), keys, activeTerm, rotation };
}

/** Milliseconds since the epoch of an RFC 3339 timestamp with any number of fraction digits. */
export function parseRfc3339(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return NaN;
  const ms = m[2] ? Math.floor(Number('0' + m[2]) * 1000) : 0;
  if (m[1]!.startsWith('0001-')) return -62135596800000; // Go's zero time
  return Date.parse(`${m[1]}${m[3]}`) + ms;
}

/** Best-effort wipe of key material that is no longer needed. */
export function zeroKeyring(k: Keyring): void {
  k.rootKey.fill(0);
  for (const key of k.keys.values()) key.value.fill(0);
}

const ONE_YEAR_MS = 365 * 24 * 3600_000;

/**
 * Why the active term is due for automatic rotation ('' when it is not): vault/barrier_aes_gcm.go
 * CheckBarrierAutoRotate (legacy key older than a year, max operations, rotation interval).
 * `unaccounted` are encryptions not yet persisted in the keyring.
 */
export function rotationReason(keyring: Keyring, unaccounted: number, maxOperations: number, nowMs: number): string {
  if (keyring.rotation.disabled) return '';
  const key = activeKey(keyring);
  const age = nowMs - parseRfc3339(key.installTime);
  if (key.encryptions === 0 && key.installTime !== GO_ZERO_TIME && age > ONE_YEAR_MS) return 'legacy rotation';
  if (key.encryptions + unaccounted > maxOperations) return 'reached max operations';
  if (keyring.rotation.intervalNs > 0 && age > keyring.rotation.intervalNs / 1e6) return 'rotation interval reached';
  return '';
}
