// An ACL policy and its strict decoding from the HCL/JSON AST, as Vault's vault/policy.go
// (ParseACLPolicy, parsePaths) does it: top-level keys `name` and `path` only, the per-path keys
// Vault allows, capabilities mapped to a bitmap (a `deny` discards the rest), the legacy
// `policy = "read"` form, and glob/segment-wildcard analysis of each path, done once at write time.
import {
  ERR_AUTH_DURATION_UNPARSABLE, ERR_AUTH_WRAPPING_TTL_ORDER, authMultiError, errAuthHclKeysOfType, errAuthInPath, errAuthInvalidCapability, errAuthInvalidKey,
  errAuthInvalidLegacyPolicy, errAuthPolicyParse, errAuthWildcards, errAuthWrappingTtl, errHclAt, errHclDecode,
} from '../errors/auth.js';
import { VaultError } from '../errors/vault-error.js';
import { parseDurationSecond } from '../go/parseutil.js';
import { HclSyntaxError, parseHcl, type HclItem, type HclLimits, type HclValue } from './hcl.js';

/** Capability bits (V vault/policy.go cap2Int, plus Vault's newer subscribe and recover). */
export const CAP = {
  deny: 1, create: 2, read: 4, update: 8, delete: 16, list: 32, sudo: 64, patch: 128, subscribe: 256, recover: 512,
} as const;
export type Capability = keyof typeof CAP;

export interface PathPermissions {
  /** Bitmap of CAP values; when `deny` is set it is the only bit. */
  capabilities: number;
  allowedParameters: Map<string, unknown[]> | null;
  deniedParameters: Map<string, unknown[]> | null;
  requiredParameters: string[];
  /** Seconds; 0 = unset. */
  minWrappingTtl: number;
  maxWrappingTtl: number;
}

export interface PathRule {
  /** Prefix rules without their trailing `*`; segment-wildcard rules keep it (as Vault stores them). */
  path: string;
  isPrefix: boolean;
  hasSegmentWildcards: boolean;
  permissions: PathPermissions;
}

export interface Policy {
  name: string;
  raw: string;
  paths: PathRule[];
  /** The policy uses identity templating (`{{identity.entity.id}}`); kept literal here. */
  templated: boolean;
}

const TOP_LEVEL_KEYS = new Set(['name', 'path']);
const PATH_KEYS = new Set([
  'comment', 'policy', 'capabilities', 'allowed_parameters', 'denied_parameters', 'required_parameters',
  'min_wrapping_ttl', 'max_wrapping_ttl', 'mfa_methods', 'control_group', 'subscribe_event_types',
]);
const LEGACY_POLICIES: Record<string, Capability[]> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};

// Every new vault parses the same builtin policies (default, response-wrapping), and a test suite
// starts many vaults: parsing is deterministic, compiled policies are never changed after parsing,
// so one process-wide memo (emptied when full) serves them all.
const PARSED_LIMIT = 256;
const parsed = new Map<string, Policy>();

/** Parses and validates a policy document. Throws VaultError(400, "failed to parse policy: ..."). */
export function parsePolicy(raw: string, name = '', limits?: HclLimits): Policy {
  const memoKey = limits === undefined ? `${name}\0${raw}` : undefined;
  const known = memoKey === undefined ? undefined : parsed.get(memoKey);
  if (known !== undefined) return known;
  try {
    const policy = decodePolicy(raw, name, limits);
    if (memoKey !== undefined) {
      if (parsed.size >= PARSED_LIMIT) parsed.clear();
      parsed.set(memoKey, policy);
    }
    return policy;
  } catch (e) {
    if (e instanceof PolicyDecodeError || e instanceof HclSyntaxError) throw new VaultError(400, errAuthPolicyParse(e.message));
    throw e;
  }
}

class PolicyDecodeError extends Error {}

function decodePolicy(raw: string, name: string, limits?: HclLimits): Policy {
  const doc = parseHcl(raw, limits);
  const bad = doc.items.filter((it) => !TOP_LEVEL_KEYS.has(it.keys[0]!.name));
  if (bad.length > 0) throw new PolicyDecodeError(authMultiError(bad.map((it) => errAuthInvalidKey(it.keys[0]!.name, it.line))));
  for (const item of doc.items) {
    if (item.keys[0]!.name === 'name' && item.keys.length === 1) decodeString('name', item.value);
  }
  const policy: Policy = { name, raw, paths: [], templated: false };
  for (const item of doc.items) {
    if (item.keys[0]!.name !== 'path') continue;
    const rule = decodePath(item);
    if (rule.path.includes('{{')) policy.templated = true;
    policy.paths.push(rule);
  }
  return policy;
}

function decodePath(item: HclItem): PathRule {
  const key = item.keys.length > 1 ? item.keys[1]!.name : 'path';
  const body = item.value;
  if (body.kind !== 'object') {
    throw new PolicyDecodeError(errAuthHclKeysOfType(key, astType(body)));
  }
  const badKeys = body.items.filter((it) => !PATH_KEYS.has(it.keys[0]!.name));
  if (badKeys.length > 0) {
    throw new PolicyDecodeError(authMultiError(badKeys.map((it) => errAuthInPath(key, errAuthInvalidKey(it.keys[0]!.name, it.line)))));
  }
  const fields = new Map<string, HclValue>();
  for (const it of body.items) fields.set(it.keys[0]!.name, nestedValue(it));
  const decoded = decodeFields(key, fields);

  let path = key.startsWith('/') ? key.slice(1) : key;
  if (path.includes('+*')) throw new PolicyDecodeError(errAuthWildcards(path));
  const hasSegmentWildcards = path === '+' || path.includes('/+') || path.startsWith('+/');
  let isPrefix = false;
  if (path.endsWith('*') && !hasSegmentWildcards) {
    path = path.slice(0, -1);
    isPrefix = true;
  }
  return { path, isPrefix, hasSegmentWildcards, permissions: permissionsOf(key, decoded) };
}

/** `key "x" { ... }` with extra keys is `key = { "x" = { ... } }` in HCL's object model. */
function nestedValue(it: HclItem): HclValue {
  let v = it.value;
  for (let i = it.keys.length - 1; i >= 1; i--) {
    v = { kind: 'object', items: [{ keys: [it.keys[i]!], value: v, line: it.line }], pos: it.keys[i]!.pos };
  }
  return v;
}

interface DecodedFields {
  policy?: string;
  capabilities: string[];
  allowed?: Map<string, unknown[]>;
  denied?: Map<string, unknown[]>;
  required?: string[];
  minWrap?: HclValue;
  maxWrap?: HclValue;
}

/** Typed fields of one path block; a type error is reported against the path, as multierror.Prefix does. */
function decodeFields(key: string, f: Map<string, HclValue>): DecodedFields {
  try {
    return readFields(f);
  } catch (e) {
    if (e instanceof PolicyDecodeError) throw new PolicyDecodeError(errAuthInPath(key, e.message));
    throw e;
  }
}

function readFields(f: Map<string, HclValue>): DecodedFields {
  const out: DecodedFields = { capabilities: [], minWrap: f.get('min_wrapping_ttl'), maxWrap: f.get('max_wrapping_ttl') };
  const policy = f.get('policy');
  if (policy) out.policy = decodeString('policy', policy);
  const caps = f.get('capabilities');
  if (caps) out.capabilities = decodeStringList('capabilities', caps);
  const allowed = f.get('allowed_parameters');
  if (allowed) out.allowed = decodeParameterMap('allowed_parameters', allowed);
  const denied = f.get('denied_parameters');
  if (denied) out.denied = decodeParameterMap('denied_parameters', denied);
  const required = f.get('required_parameters');
  if (required) out.required = decodeStringList('required_parameters', required);
  for (const name of ['mfa_methods', 'subscribe_event_types']) {
    const v = f.get(name);
    if (v) decodeStringList(name, v);
  }
  const cg = f.get('control_group');
  if (cg && cg.kind !== 'object') fail(cg, errHclDecode('control_group', 'struct', astType(cg)));
  return out;
}

function permissionsOf(key: string, d: DecodedFields): PathPermissions {
  const perms: PathPermissions = {
    capabilities: 0, allowedParameters: null, deniedParameters: null, requiredParameters: [], minWrappingTtl: 0, maxWrappingTtl: 0,
  };
  let caps = d.capabilities;
  if (d.policy !== undefined && d.policy !== '') {
    const legacy = Object.hasOwn(LEGACY_POLICIES, d.policy) ? LEGACY_POLICIES[d.policy] : undefined;
    if (!legacy) throw new PolicyDecodeError(errAuthInvalidLegacyPolicy(key, d.policy));
    caps = d.policy === 'deny' ? ['deny'] : [...caps, ...legacy];
  }
  for (const cap of caps) {
    if (cap === 'deny') {
      perms.capabilities = CAP.deny;
      return perms; // Vault skips the parameter and wrapping stanzas of a deny rule
    }
    const bit = Object.hasOwn(CAP, cap) ? CAP[cap as Capability] : undefined;
    if (bit === undefined) throw new PolicyDecodeError(errAuthInvalidCapability(key, cap));
    perms.capabilities |= bit;
  }
  if (d.allowed) perms.allowedParameters = d.allowed;
  if (d.denied) perms.deniedParameters = d.denied;
  if (d.minWrap) perms.minWrappingTtl = wrappingTtl('min_wrapping_ttl', d.minWrap);
  if (d.maxWrap) perms.maxWrappingTtl = wrappingTtl('max_wrapping_ttl', d.maxWrap);
  if (perms.minWrappingTtl !== 0 && perms.maxWrappingTtl !== 0 && perms.maxWrappingTtl < perms.minWrappingTtl) {
    throw new PolicyDecodeError(ERR_AUTH_WRAPPING_TTL_ORDER);
  }
  if (d.required) perms.requiredParameters = d.required;
  return perms;
}

function wrappingTtl(field: 'min_wrapping_ttl' | 'max_wrapping_ttl', v: HclValue): number {
  if (v.kind !== 'string' && v.kind !== 'number') throw new PolicyDecodeError(errAuthWrappingTtl(field, ERR_AUTH_DURATION_UNPARSABLE));
  try {
    return parseDurationSecond(v.value);
  } catch (e) {
    throw new PolicyDecodeError(errAuthWrappingTtl(field, (e as Error).message));
  }
}

// --- typed decoding of AST values (the shapes hcl.DecodeObject accepts) ---

function fail(v: HclValue, detail: string): never {
  throw new PolicyDecodeError(errHclAt(v.pos.line, v.pos.column, detail));
}

function astType(v: HclValue): string {
  return v.kind === 'object' ? '*ast.ObjectType' : v.kind === 'list' ? '*ast.ListType' : '*ast.LiteralType';
}

function decodeString(field: string, v: HclValue): string {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'number') return v.text;
  fail(v, errHclDecode(field, 'string', astType(v)));
}

function decodeStringList(field: string, v: HclValue): string[] {
  if (v.kind !== 'list') fail(v, errHclDecode(field, 'slice', astType(v)));
  return v.items.map((item, i) => decodeString(`${field}[${i}]`, item));
}

function decodeParameterMap(field: string, v: HclValue): Map<string, unknown[]> {
  if (v.kind !== 'object') fail(v, errHclDecode(field, 'map', astType(v)));
  const out = new Map<string, unknown[]>();
  for (const item of v.items) {
    const name = item.keys[0]!.name;
    const value = nestedValue(item);
    if (value.kind !== 'list') fail(value, errHclDecode(`${field}[${name}]`, 'slice', astType(value)));
    out.set(name.toLowerCase(), value.items.map(plainValue));
  }
  return out;
}

function plainValue(v: HclValue): unknown {
  switch (v.kind) {
    case 'string':
    case 'number':
    case 'bool': return v.value;
    case 'null': return null;
    case 'list': return v.items.map(plainValue);
    case 'object': return Object.fromEntries(v.items.map((it) => [it.keys.map((k) => k.name).join('.'), plainValue(it.value)]));
  }
}
