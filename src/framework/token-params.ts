// The `token_*` parameters every auth method's role/user/cert entry carries, as Vault's
// sdk/helper/tokenutil/tokenutil.go defines them: the field schemas, parsing a write into the stored
// form (ParseTokenFields), the legacy-alias write rule (UpgradeValue), the read output
// (PopulateTokenData) and what a login copies into its auth block (PopulateTokenAuth). Bound CIDRs go
// through go-secure-stdlib parseutil.ParseAddrs, i.e. go-sockaddr NewSockAddr, and are stored as that
// library prints them.
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_TOKEN_BATCH_NUM_USES, ERR_TOKEN_BATCH_PERIODIC, ERR_TOKEN_MAX_TTL_NEGATIVE, ERR_TOKEN_NUM_USES_NEGATIVE,
  ERR_TOKEN_PERIOD_NEGATIVE, ERR_TOKEN_TTL_NEGATIVE, ERR_TOKEN_TTL_OVER_MAX, errTokenParsingAddress,
  errTokenSockAddrUnconvertible, errTokenTypeInvalid, tokenDeprecationText,
} from '../errors/token-params.js';
import { goQuoteAscii } from '../go/strconv.js';
import { parsePolicies } from './lease.js';
import type { FieldData, FieldSchema, FieldSchemas } from './types.js';
import type { LoginAuth } from '../logical/types.js';

// --- schemas (sdk/helper/tokenutil/tokenutil.go TokenFields; descriptions are what help/OpenAPI show) ---

const TOKEN_PERIOD_HELP = `If set, tokens created via this role
will have no max lifetime; instead, their
renewal period will be fixed to this value.
This takes an integer number of seconds,
or a string duration (e.g. "24h").`;
const TOKEN_EXPLICIT_MAX_TTL_HELP = `If set, tokens created via this role
carry an explicit maximum TTL. During renewal,
the current maximum TTL values of the role
and the mount are not checked for changes,
and any updates to these values will have
no effect on the token being renewed.`;

export const TOKEN_FIELDS: FieldSchemas = Object.freeze({
  token_bound_cidrs: {
    type: 'comma_string_slice',
    description: 'Comma separated string or JSON list of CIDR blocks. If set, specifies the blocks of IP addresses which are allowed to use the generated token.',
  },
  token_explicit_max_ttl: { type: 'duration_second', description: TOKEN_EXPLICIT_MAX_TTL_HELP },
  token_max_ttl: { type: 'duration_second', description: 'The maximum lifetime of the generated token' },
  token_no_default_policy: {
    type: 'bool',
    description: "If true, the 'default' policy will not automatically be added to generated tokens",
  },
  token_period: { type: 'duration_second', description: TOKEN_PERIOD_HELP },
  token_policies: { type: 'comma_string_slice', description: 'Comma-separated list of policies' },
  token_type: { type: 'string', default: 'default-service', description: 'The type of token to generate, service or batch' },
  token_ttl: { type: 'duration_second', description: 'The initial ttl of the token to generate' },
  token_num_uses: {
    type: 'int',
    description: 'The maximum number of times a token may be used, a value of zero means unlimited',
  },
} satisfies Record<string, FieldSchema>);

type LegacyTokenField = 'policies' | 'ttl' | 'max_ttl' | 'period' | 'bound_cidrs' | 'num_uses';

/** Each legacy alias and the `token_*` field that replaced it. */
const LEGACY_TOKEN_FIELD_TARGET: Readonly<Record<LegacyTokenField, string>> = Object.freeze({
  policies: 'token_policies', ttl: 'token_ttl', max_ttl: 'token_max_ttl', period: 'token_period',
  bound_cidrs: 'token_bound_cidrs', num_uses: 'token_num_uses',
});

const LEGACY_TYPES: Readonly<Record<LegacyTokenField, FieldSchema['type']>> = {
  policies: 'comma_string_slice', ttl: 'duration_second', max_ttl: 'duration_second',
  period: 'duration_second', bound_cidrs: 'comma_string_slice', num_uses: 'int',
};

/**
 * The deprecated alias fields a method still accepts (userpass path_users.go, approle path_role.go,
 * the jwt/kubernetes/cert role paths all declare them this way), each described with
 * tokenutil.DeprecationText of its replacement.
 */
export function legacyTokenFields(names: readonly LegacyTokenField[]): FieldSchemas {
  const out: Record<string, FieldSchema> = {};
  for (const n of names) {
    out[n] = { type: LEGACY_TYPES[n], description: tokenDeprecationText(LEGACY_TOKEN_FIELD_TARGET[n]), deprecated: true };
  }
  return Object.freeze(out);
}

// --- the stored form (tokenutil.TokenParams; durations in whole seconds) ---

/** sdk/logical/token.go TokenType names. A role only ever stores default, service or batch. */
export type RoleTokenType = 'default' | 'service' | 'batch' | 'default-service' | 'default-batch';

export interface TokenParams {
  tokenTtl: number;
  tokenMaxTtl: number;
  tokenPeriod: number;
  tokenExplicitMaxTtl: number;
  /** Exactly as written (sanitised only at login). */
  tokenPolicies: string[];
  /** go-sockaddr String() of each address (`10.0.0.0/8`, `127.0.0.1`, `[::1]:80`). */
  tokenBoundCidrs: string[];
  tokenNoDefaultPolicy: boolean;
  tokenNumUses: number;
  tokenType: RoleTokenType;
}

/** A never-written entry: Go's zero TokenParams (TokenTypeDefault is the zero token type). */
export function defaultTokenParams(): TokenParams {
  return {
    tokenTtl: 0, tokenMaxTtl: 0, tokenPeriod: 0, tokenExplicitMaxTtl: 0, tokenPolicies: [], tokenBoundCidrs: [],
    tokenNoDefaultPolicy: false, tokenNumUses: 0, tokenType: 'default',
  };
}

function copyParams(p: TokenParams): TokenParams {
  return { ...p, tokenPolicies: [...p.tokenPolicies], tokenBoundCidrs: [...p.tokenBoundCidrs] };
}

/**
 * sdk/helper/tokenutil/tokenutil.go ParseTokenFields: every `token_*` key that was sent replaces
 * the stored value; the checks then run on the merged result in Vault's order. A create parses
 * into a fresh entry (Vault builds a zero entry before calling it), an update into `current`.
 * Returns a new object and never touches `current`; throws a 400 VaultError with Vault's text.
 */
export function parseTokenFields(data: FieldData, current: TokenParams, isCreate: boolean): TokenParams {
  const t = copyParams(isCreate ? defaultTokenParams() : current);
  const cidrs = data.getOk<string[]>('token_bound_cidrs');
  if (cidrs.ok) t.tokenBoundCidrs = parseBoundCidrs(cidrs.value);
  const explicitMax = data.getOk<number>('token_explicit_max_ttl');
  if (explicitMax.ok) t.tokenExplicitMaxTtl = explicitMax.value;
  const maxTtl = data.getOk<number>('token_max_ttl');
  if (maxTtl.ok) t.tokenMaxTtl = maxTtl.value;
  if (t.tokenMaxTtl < 0) throw new VaultError(400, ERR_TOKEN_MAX_TTL_NEGATIVE);
  const noDefault = data.getOk<boolean>('token_no_default_policy');
  if (noDefault.ok) t.tokenNoDefaultPolicy = noDefault.value;
  const period = data.getOk<number>('token_period');
  if (period.ok) t.tokenPeriod = period.value;
  if (t.tokenPeriod < 0) throw new VaultError(400, ERR_TOKEN_PERIOD_NEGATIVE);
  const policies = data.getOk<string[]>('token_policies');
  if (policies.ok) t.tokenPolicies = [...policies.value];
  const type = data.getOk<string>('token_type');
  if (type.ok) {
    // Only these four spellings; the schema's own default "default-service" is refused too.
    if (type.value === '' || type.value === 'default') t.tokenType = 'default';
    else if (type.value === 'service' || type.value === 'batch') t.tokenType = type.value;
    else throw new VaultError(400, errTokenTypeInvalid(type.value));
  }
  const numUses = data.getOk<number>('token_num_uses');
  if (numUses.ok) t.tokenNumUses = numUses.value;
  if (t.tokenNumUses < 0) throw new VaultError(400, ERR_TOKEN_NUM_USES_NEGATIVE);
  if (t.tokenType === 'batch' || t.tokenType === 'default-batch') {
    if (t.tokenPeriod !== 0) throw new VaultError(400, ERR_TOKEN_BATCH_PERIODIC);
    if (t.tokenNumUses !== 0) throw new VaultError(400, ERR_TOKEN_BATCH_NUM_USES);
  }
  const ttl = data.getOk<number>('token_ttl');
  if (ttl.ok) t.tokenTtl = ttl.value;
  if (t.tokenTtl < 0) throw new VaultError(400, ERR_TOKEN_TTL_NEGATIVE);
  if (t.tokenTtl > 0 && t.tokenMaxTtl > 0 && t.tokenTtl > t.tokenMaxTtl) throw new VaultError(400, ERR_TOKEN_TTL_OVER_MAX);
  return t;
}

/**
 * sdk/helper/tokenutil/tokenutil.go UpgradeValue for one (legacy, new) pair, run after
 * parseTokenFields: only the legacy key sent → both take its value (legacy `policies` are
 * sanitised without `default`, legacy `bound_cidrs` parsed as addresses); only the new key sent →
 * the legacy value is cleared; both sent → the legacy value copies the new one; neither → unchanged.
 */
export function upgradeLegacyValue(
  data: FieldData, legacy: 'policies' | 'bound_cidrs', legacyValue: readonly string[], newValue: readonly string[],
): { legacy: string[]; value: string[] };
export function upgradeLegacyValue(
  data: FieldData, legacy: 'ttl' | 'max_ttl' | 'period' | 'num_uses', legacyValue: number, newValue: number,
): { legacy: number; value: number };
export function upgradeLegacyValue(
  data: FieldData, legacy: LegacyTokenField, legacyValue: number | readonly string[], newValue: number | readonly string[],
): { legacy: number | string[]; value: number | string[] } {
  const copy = (v: number | readonly string[]): number | string[] => (typeof v === 'number' ? v : [...v]);
  if (data.getOk(LEGACY_TOKEN_FIELD_TARGET[legacy]).ok) {
    const value = copy(newValue);
    if (data.getOk(legacy).ok) return { legacy: copy(newValue), value };
    return { legacy: typeof legacyValue === 'number' ? 0 : [], value };
  }
  const raw = data.getOk<unknown>(legacy);
  if (!raw.ok) return { legacy: copy(legacyValue), value: copy(newValue) };
  let upgraded: number | string[];
  if (legacy === 'policies') upgraded = parsePolicies(raw.value as string[]);
  else if (legacy === 'bound_cidrs') upgraded = parseBoundCidrs(raw.value as string[]);
  else upgraded = raw.value as number;
  return { legacy: copy(upgraded), value: copy(upgraded) };
}

/** The legacy (pre-tokenutil) fields a stored role keeps beside its token_* ones. */
interface LegacyTokenValues {
  policies?: string[];
  numUses?: number;
  ttl?: number;
  maxTtl?: number;
  period?: number;
  boundCidrs?: string[];
}

type WithLegacy = LegacyTokenValues & { token: TokenParams };

const LEGACY_KEYS = [
  ['policies', 'policies', 'tokenPolicies'], ['num_uses', 'numUses', 'tokenNumUses'], ['ttl', 'ttl', 'tokenTtl'],
  ['max_ttl', 'maxTtl', 'tokenMaxTtl'], ['period', 'period', 'tokenPeriod'], ['bound_cidrs', 'boundCidrs', 'tokenBoundCidrs'],
] as const;

/**
 * What the plugins' role getters do after reading an entry (e.g. approle roleStorageEntry,
 * jwt/kubernetes role, cert Cert): every empty token_* value takes the legacy one it replaced.
 */
export function fillTokenFromLegacy(role: WithLegacy): void {
  const t = role.token as unknown as Record<string, number | string[]>;
  for (const [, key, target] of LEGACY_KEYS) {
    const legacy = role[key];
    if (legacy === undefined) continue;
    const current = t[target]!;
    if (typeof legacy === 'number') {
      if (current === 0 && legacy > 0) t[target] = legacy;
    } else if ((current as string[]).length === 0 && legacy.length > 0) t[target] = [...legacy];
  }
}

/** upgradeLegacyValue for each named field, in the order given (the order the plugin checks them). */
export function upgradeLegacyTokenValues(data: FieldData, role: WithLegacy, fields: readonly LegacyTokenField[]): void {
  const t = role.token as unknown as Record<string, number | string[]>;
  for (const field of fields) {
    const [, key, target] = LEGACY_KEYS.find(([f]) => f === field)!;
    const r = upgradeLegacyValue(data, field as never, role[key] as never, t[target] as never) as { legacy: number | string[]; value: number | string[] };
    (role as unknown as Record<string, unknown>)[key] = r.legacy;
    t[target] = r.value;
  }
}

/** sdk/helper/tokenutil/tokenutil.go PopulateTokenData: the nine keys every entry read shows. */
export function tokenDataForRead(p: TokenParams): Record<string, unknown> {
  return {
    token_bound_cidrs: [...p.tokenBoundCidrs],
    token_explicit_max_ttl: p.tokenExplicitMaxTtl,
    token_max_ttl: p.tokenMaxTtl,
    token_no_default_policy: p.tokenNoDefaultPolicy,
    token_num_uses: p.tokenNumUses,
    token_period: p.tokenPeriod,
    token_policies: [...p.tokenPolicies],
    token_ttl: p.tokenTtl,
    token_type: (p.tokenType as string) === '' ? 'default' : p.tokenType,
  };
}

/** The part of a login's auth block the role decides (sdk/logical/auth.go fields, seconds). */
/** The token half of a login's LoginAuth (what a method's token_* fields decide). */
type TokenAuthParams = Omit<LoginAuth, 'displayName' | 'metadata' | 'aliasName' | 'tokenType' | 'renewable'> & {
  tokenType: RoleTokenType;
  renewable: true;
};

/** sdk/helper/tokenutil/tokenutil.go PopulateTokenAuth. */
export function tokenAuthFromParams(p: TokenParams): TokenAuthParams {
  return {
    policies: [...p.tokenPolicies], ttl: p.tokenTtl, maxTtl: p.tokenMaxTtl, period: p.tokenPeriod,
    explicitMaxTtl: p.tokenExplicitMaxTtl, numUses: p.tokenNumUses, boundCidrs: [...p.tokenBoundCidrs],
    tokenType: (p.tokenType as string) === '' ? 'default' : p.tokenType, renewable: true,
    noDefaultPolicy: p.tokenNoDefaultPolicy,
  };
}

// --- addresses: go-secure-stdlib parseutil.ParseAddrs over go-sockaddr NewSockAddr ---

/** parseutil.ParseAddrs: each item as go-sockaddr prints it; a 400 VaultError on the first bad one. */
export function parseBoundCidrs(items: readonly string[]): string[] {
  return items.map((a) => {
    const s = sockAddrString(a);
    if (s === undefined) throw new VaultError(400, errTokenParsingAddress(a, errTokenSockAddrUnconvertible(a)));
    return s;
  });
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/** net.ParseIP: an IPv4 form (dotted, or an ::ffff:-mapped IPv6) or Go's canonical IPv6 text. */
function parseIp(s: string): { v4?: string; v6?: string } | undefined {
  if (IPV4.test(s)) return { v4: s };
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(s)) return undefined;
  let host: string;
  try {
    host = new URL(`http://[${s}]/`).hostname.slice(1, -1); // RFC 5952 text, as Go prints IPv6
  } catch {
    return undefined;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!mapped) return { v6: host };
  const hi = parseInt(mapped[1]!, 16);
  const lo = parseInt(mapped[2]!, 16);
  return { v4: `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}` };
}

/** net.SplitHostPort. */
function splitHostPort(s: string): { host: string; port: string } | undefined {
  const i = s.lastIndexOf(':');
  if (i < 0) return undefined;
  let host: string;
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0 || end + 1 !== i) return undefined;
    host = s.slice(1, end);
  } else {
    host = s.slice(0, i);
    if (host.includes(':')) return undefined;
  }
  if (/[[\]]/.test(host) || /[[\]]/.test(s.slice(i + 1))) return undefined;
  return { host, port: s.slice(i + 1) };
}

/** Go's numeric port (service names would need a lookup minivault does not do). */
function parsePort(p: string): number | undefined {
  const m = /^([+-]?)(\d*)$/.exec(p);
  if (!m) return undefined;
  const n = Number(m[2] || '0');
  return (m[1] === '-' && n !== 0) || n > 65535 ? undefined : n;
}

/** net.ParseCIDR: address and prefix length; the prefix may not exceed the address's bit length. */
function parseCidr(s: string): { ip: { v4?: string; v6?: string }; bits: number; v6Form: boolean } | undefined {
  const i = s.indexOf('/');
  if (i < 0 || !/^\d+$/.test(s.slice(i + 1))) return undefined;
  const addr = s.slice(0, i);
  const ip = parseIp(addr);
  const bits = Number(s.slice(i + 1));
  const v6Form = addr.includes(':');
  return ip && bits <= (v6Form ? 128 : 32) ? { ip, bits, v6Form } : undefined;
}

/** go-sockaddr NewSockAddr(s).String(), or undefined where NewSockAddr fails. */
function sockAddrString(s: string): string | undefined {
  // IPv4 (ipv4addr.go NewIPv4Addr): a trailing hex netmask such as `/00ffffff` is dropped first.
  const v4s = s.replace(/\/[0f]{8}$/, '');
  const c4 = parseCidr(v4s);
  if (c4?.ip.v4 !== undefined) {
    // An ::ffff:-mapped prefix keeps its IPv4 part (>= 96) or the first 32 mask bits.
    const bits = c4.v6Form ? (c4.bits >= 96 ? c4.bits - 96 : Math.min(c4.bits, 32)) : c4.bits;
    return bits === 32 ? c4.ip.v4 : `${c4.ip.v4}/${bits}`;
  }
  const hp4 = splitHostPort(v4s);
  const host4 = hp4 && parseIp(hp4.host)?.v4;
  const port4 = hp4 && parsePort(hp4.port);
  if (host4 !== undefined && port4 !== undefined) return port4 === 0 ? host4 : `${host4}:${port4}`;
  const naked4 = parseIp(v4s)?.v4;
  if (naked4 !== undefined) return naked4;

  // IPv6 (ipv6addr.go NewIPv6Addr): only when a ':' comes before any '.'.
  const firstSep = /[.:]/.exec(s)?.[0];
  if (firstSep === ':') {
    const hp6 = splitHostPort(s);
    const ip6 = hp6 && parseIp(hp6.host);
    const port6 = hp6 && parsePort(hp6.port);
    if (ip6 && port6 !== undefined) {
      const text = ip6.v4 ?? ip6.v6!;
      return port6 === 0 ? text : `[${text}]:${port6}`;
    }
    const bare = s.length > 2 && s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
    const naked6 = parseIp(bare);
    if (naked6) return naked6.v4 ?? naked6.v6;
    const c6 = parseCidr(s);
    if (c6?.ip.v6 !== undefined) return c6.bits === 128 ? c6.ip.v6 : `${c6.ip.v6}/${c6.bits}`;
  }

  // A UNIX socket path (sockaddr.go NewSockAddr heuristic; unixsock.go String is `%+q`).
  if (s.length > 1 && (s[0] === '.' || s[0] === '/' || s.includes('/'))) return goQuoteAscii(s);
  return undefined;
}

/**
 * sdk/logical/auth.go DisplayName as vault/request_handling.go LoginCreateToken finishes it: the
 * mount path without `auth/`, slashes as dashes, then the method's name; a trailing `-` trimmed.
 */
export function loginDisplayName(mountPoint: string, name: string): string {
  const source = mountPoint.replace(/^auth\//, '').replaceAll('/', '-');
  return (source + name).replace(/-$/, '');
}

/** A login's result: who logged in (name, metadata, alias) and the token its role asks for. */
export function loginAuth(
  who: { displayName: string; metadata: Record<string, string> | null; aliasName: string },
  t: TokenAuthParams,
): LoginAuth {
  return { ...who, ...t, boundCidrs: [...t.boundCidrs], policies: [...t.policies] };
}
