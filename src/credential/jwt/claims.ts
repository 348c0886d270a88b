// Reading claims as the JWT plugin does (JWT claims.go getClaim, extractMetadata,
// validateBoundClaims, normalizeList, matchFound; path_login.go createIdentity, fetchGroups). A
// claim name starting with `/` is a JSON pointer (RFC 6901). Token numbers are float64 in the
// plugin; getClaim turns a number claim (not the numbers inside a list) into an integer
// json.Number, which is not a string: it can equal a numeric bound value (stored as json.Number)
// but never feeds an alias name or metadata. A float64 inside a list equals nothing bound.
import {
  errJwtBoundClaimMissing, errJwtBoundClaimNoMatch, errJwtBoundClaimNotList, errJwtClaimMappingNotString,
  errJwtClaimNotConvertible, errJwtClaimNotFound, errJwtGroupsClaimMissing, errJwtGroupsNotList,
  errJwtGlobNotString, errJwtGroupValueNotString, errJwtReceivedClaimNotList,
} from '../../errors/jwt.js';
import { goValue } from '../../go/fmt.js';
import { goGlob } from '../../go/glob.js';

/** A claim value after getClaim: numbers become integer json.Numbers. */
class JsonNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** mitchellh/pointerstructure Get over decoded JSON: undefined when the path does not resolve. */
function pointerGet(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(part)) return undefined;
      cur = cur[Number(part)];
    } else if (cur !== null && typeof cur === 'object') {
      cur = Object.hasOwn(cur, part) ? (cur as Record<string, unknown>)[part] : undefined;
    } else {
      return undefined;
    }
  }
  return cur;
}

const toNumber = (v: unknown): unknown => (typeof v === 'number' ? new JsonNumber(String(Math.trunc(v))) : v);

/** getClaim: a top-level key or a JSON pointer; null and absent alike are undefined. */
function getClaim(claims: Readonly<Record<string, unknown>>, claim: string): unknown {
  const v = claim.startsWith('/') ? pointerGet(claims, claim) : (Object.hasOwn(claims, claim) ? claims[claim] : undefined);
  if (v === null || v === undefined) return undefined;
  return toNumber(v);
}

/** A stored bound value as the plugin decodes it from storage (numbers as json.Number). */
const boundValue = (v: unknown): unknown => (typeof v === 'number' ? new JsonNumber(String(v)) : v);

/** The user claim (createIdentity): a plain key unless the role says JSON pointer. */
export function userClaimValue(claims: Readonly<Record<string, unknown>>, claim: string, jsonPointer: boolean): string {
  const raw = jsonPointer ? getClaim(claims, claim) : (Object.hasOwn(claims, claim) ? claims[claim] : undefined);
  if (raw === undefined || raw === null) throw new Error(errJwtClaimNotFound(claim));
  if (typeof raw !== 'string') throw new Error(errJwtClaimNotConvertible(claim));
  return raw;
}

/** extractMetadata: each mapped claim that exists must be a string. Sources in sorted order. */
export function extractMetadata(claims: Readonly<Record<string, unknown>>, mappings: Readonly<Record<string, string>> | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of Object.keys(mappings ?? {}).sort()) {
    const value = getClaim(claims, source);
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new Error(errJwtClaimMappingNotString(source));
    out[mappings![source]!] = value;
  }
  return out;
}

/** normalizeList: a list as is, a string/bool/json.Number as a one-element list, else none. */
export function normalizeList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string' || typeof v === 'boolean' || v instanceof JsonNumber || typeof v === 'number') return [v];
  return undefined;
}

/** The group alias names of groups_claim (createIdentity), empty names skipped. */
export function groupNames(claims: Readonly<Record<string, unknown>>, claim: string): string[] {
  const raw = getClaim(claims, claim);
  if (raw === undefined) throw new Error(errJwtGroupsClaimMissing(claim));
  const list = normalizeList(raw);
  if (list === undefined) throw new Error(errJwtGroupsNotList(claim));
  const out: string[] = [];
  for (const g of list) {
    if (typeof g !== 'string') throw new Error(errJwtGroupValueNotString(g instanceof JsonNumber ? g.text : goValue(g)));
    if (g !== '') out.push(g);
  }
  return out;
}

/** ryanuber/go-glob Glob. */
export const globMatch = goGlob;

/**
 * Go's == between a bound value and a claim value: same dynamic type and value. json.Numbers
 * compare by text; a float64 (a number inside a claim list) never equals a bound value.
 */
function sameValue(bound: unknown, actual: unknown): boolean {
  if (bound instanceof JsonNumber) return actual instanceof JsonNumber && actual.text === bound.text;
  return (typeof bound === 'string' || typeof bound === 'boolean') && bound === actual;
}

/** matchFound for one pair; with globs a non-string bound value is an error. */
function matches(glob: boolean, bound: unknown, actual: unknown): boolean {
  if (!glob) return sameValue(bound, actual);
  if (typeof bound !== 'string') {
    const [type, text] = bound instanceof JsonNumber ? ['json.Number', bound.text] : [typeof bound === 'boolean' ? 'bool' : 'interface {}', goValue(bound)];
    throw new Error(errJwtGlobNotString(type, text));
  }
  return typeof actual === 'string' && globMatch(bound, actual);
}

/** validateBoundClaims: every bound claim present and matching one of its values. */
export function validateBoundClaims(
  type: 'string' | 'glob', bound: Readonly<Record<string, unknown>> | null, claims: Readonly<Record<string, unknown>>,
): void {
  for (const claim of Object.keys(bound ?? {}).sort()) {
    const actual = getClaim(claims, claim);
    if (actual === undefined) throw new Error(errJwtBoundClaimMissing(claim));
    const actVals = normalizeList(actual);
    if (actVals === undefined) throw new Error(errJwtReceivedClaimNotList(goValue(actual)));
    const expected = boundValue(bound![claim]);
    const expVals = normalizeList(expected)?.map(boundValue);
    if (expVals === undefined) throw new Error(errJwtBoundClaimNotList(goValue(expected)));
    const found = expVals.some((e) => actVals.some((a) => matches(type === 'glob', e, a)));
    if (!found) throw new Error(errJwtBoundClaimNoMatch(claim));
  }
}
