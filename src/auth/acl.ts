// The compiled ACL of a set of policies, evaluated exactly as Vault's vault/acl.go does (NewACL,
// AllowOperation, CheckAllowedFromNonExactPaths, resolveACLPermsForListOp):
//   1. a `root` policy allows everything (sudo included);
//   2. an exact rule for the path wins; for LIST, an exact rule for the path without its trailing `/`;
//   3. otherwise the candidates are the longest matching prefix (`*`) rule plus every matching `+`
//      rule, and the highest-priority one applies (see `lowerPriority`); for a LIST on a path with a
//      trailing `/`, candidates of both forms are pooled and the most specific deny beats a LIST grant;
//   4. no candidate: denied.
// Rules with the same path string from several policies are merged once here: capabilities OR-ed,
// but any `deny` makes the merged rule deny-only. Different path strings are never merged.
import { parametersAllowed } from './acl-params.js';
import { renderPolicies, type TemplateInput } from './acl-templating.js';
import { CAP, type Capability, type PathPermissions, type Policy } from './policy.js';
import type { Operation } from '../logical/types.js';

export interface AllowOptions {
  /** Request data, for the parameter constraints (read/create/update/patch). */
  data?: Record<string, unknown>;
  /** Response-wrapping TTL requested (seconds), for min/max_wrapping_ttl rules. */
  wrapTtl?: number;
  /** Require sudo as well (the routed backend's PathsSpecial.Root says so; core passes it). */
  rootPrivsRequired?: boolean;
}

export interface ACLResult {
  /** The operation is allowed (including the sudo check for root-protected paths). */
  allowed: boolean;
  /** The matched rule grants sudo (Vault's RootPrivs), or the token is root. */
  sudo: boolean;
  isRoot: boolean;
  /** Capability names of the matched rule, sorted; `["deny"]` when none; `["root"]` for root (shared, frozen). */
  capabilities: readonly string[];
}

const OPERATION_CAP: Record<Operation, number> = {
  read: CAP.read, list: CAP.list, update: CAP.update, create: CAP.create, patch: CAP.patch, delete: CAP.delete,
};
const PARAMETER_OPS = new Set<Operation>(['read', 'update', 'create', 'patch']);
const CAP_NAMES = (Object.keys(CAP) as Capability[]).filter((c) => c !== 'deny').sort();

interface SegmentRule {
  perms: PathPermissions;
  parts: string[];
  isPrefix: boolean;
  firstWildcard: number;
  wildcards: number;
  wcPath: string;
}

interface Candidate {
  perms: PathPermissions;
  firstWildcard: number;
  isPrefix: boolean;
  wildcards: number;
  wcPath: string;
}

export class ACL {
  readonly isRoot: boolean;
  readonly #exact = new Map<string, PathPermissions>();
  readonly #prefix = new Map<string, PathPermissions>();
  #prefixLengths: number[] = [];
  readonly #segment = new Map<string, PathPermissions>();
  #segmentRules: SegmentRule[] = [];

  /**
   * `identity`: the token's entity and groups, against which templated paths are rendered (policy.go
   * parsePaths); without one, paths that need an entity or groups are dropped, as for Vault's
   * entity-less tokens.
   */
  constructor(policies: readonly (Policy | undefined)[], identity?: TemplateInput) {
    this.isRoot = policies.some((p) => p?.name === 'root');
    if (this.isRoot) return;
    if (policies.some((p) => p?.templated)) policies = renderPolicies(policies, identity ?? { nowMs: Date.now() });
    for (const policy of policies) {
      for (const rule of policy?.paths ?? []) {
        const table = rule.hasSegmentWildcards ? this.#segment : rule.isPrefix ? this.#prefix : this.#exact;
        const existing = table.get(rule.path);
        table.set(rule.path, existing ? mergePermissions(existing, rule.permissions) : clonePermissions(rule.permissions));
      }
    }
    this.#prefixLengths = [...new Set([...this.#prefix.keys()].map((k) => k.length))].sort((a, b) => b - a);
    this.#segmentRules = [...this.#segment].map(([path, perms]) => segmentRule(path, perms));
  }

  /** An ACL for the `root` policy alone. */
  static root(): ACL {
    return new ACL([{ name: 'root', raw: '', paths: [], templated: false }]);
  }

  /** Decides one operation on a full request path (Vault's AllowOperation + RootPrivsRequired). */
  allowOperation(path: string, operation: Operation, opts: AllowOptions = {}): ACLResult {
    if (this.isRoot) return { allowed: true, sudo: true, isRoot: true, capabilities: ROOT_NAMES };
    const p = stripLeadingSlashes(path);
    const perms = this.#resolve(p, operation);
    if (!perms) return { allowed: false, sudo: false, isRoot: false, capabilities: capabilityNames(0) };
    const caps = perms.capabilities;
    const sudo = (caps & CAP.sudo) !== 0;
    const result = { allowed: false, sudo, isRoot: false, capabilities: capabilityNames(caps) };
    if ((caps & OPERATION_CAP[operation]) === 0) return result;
    if (!wrappingAllowed(perms, opts.wrapTtl)) return result;
    if (PARAMETER_OPS.has(operation) && !parametersAllowed(perms, opts.data)) return result;
    if (opts.rootPrivsRequired === true && !sudo) return result;
    result.allowed = true;
    return result;
  }

  /** Vault's ACL.Capabilities (sys/capabilities-self): sorted names, `["deny"]` or `["root"]`. */
  capabilities(path: string): string[] {
    if (this.isRoot) return ['root'];
    const perms = this.#resolve(stripLeadingSlashes(path), 'list');
    return [...capabilityNames(perms?.capabilities ?? 0)];
  }

  /**
   * Whether any rule under `mountPath` grants something other than deny (vault/logical_system.go
   * hasMountAccess, used by the sys/internal/ui/mounts preflight the vault CLI makes).
   */
  hasMountAccess(mountPath: string): boolean {
    if (this.isRoot) return true;
    for (const table of [this.#exact, this.#prefix, this.#segment]) {
      for (const [path, perms] of table) {
        const covers = path.startsWith(mountPath) || (table === this.#prefix && mountPath.startsWith(path));
        if (covers && perms.capabilities !== 0 && (perms.capabilities & CAP.deny) === 0) return true;
      }
    }
    return false;
  }

  /** Vault's SudoPrivilege: root, or the rule matching `path` grants sudo. */
  hasSudo(path: string): boolean {
    if (this.isRoot) return true;
    const perms = this.#resolve(stripLeadingSlashes(path), 'read');
    return perms !== undefined && (perms.capabilities & CAP.sudo) !== 0;
  }

  #resolve(path: string, operation: Operation): PathPermissions | undefined {
    const exact = this.#exact.get(path);
    if (exact) return exact;
    if (operation === 'list') {
      const trimmedExact = this.#exact.get(trimSlash(path));
      if (trimmedExact) return trimmedExact;
      if (path.endsWith('/')) return this.#resolveListPools(path);
    }
    return highest(this.#candidates(path, []));
  }

  /** The newest Vault's LIST rule: pool both forms; the most specific deny beats a LIST grant. */
  #resolveListPools(path: string): PathPermissions | undefined {
    const all = this.#candidates(path, this.#candidates(trimSlash(path), []));
    if (all.length === 0) return undefined;
    let bestDeny: Candidate | undefined;
    let bestList: Candidate | undefined;
    for (const c of all) {
      if (c.perms.capabilities & CAP.deny && (!bestDeny || lowerPriority(bestDeny, c))) bestDeny = c;
      if (c.perms.capabilities & CAP.list && (!bestList || lowerPriority(bestList, c))) bestList = c;
    }
    if (bestDeny && (!bestList || lowerPriority(bestList, bestDeny))) return bestDeny.perms;
    return bestList?.perms ?? highest(all);
  }

  /** The longest prefix rule and every matching segment-wildcard rule, appended to `into`. */
  #candidates(path: string, into: Candidate[]): Candidate[] {
    for (const len of this.#prefixLengths) {
      if (len > path.length) continue;
      const key = path.slice(0, len);
      const perms = this.#prefix.get(key);
      if (perms) {
        into.push({ perms, firstWildcard: len, isPrefix: true, wildcards: 0, wcPath: key });
        break;
      }
    }
    if (this.#segmentRules.length === 0) return into;
    const parts = path.split('/');
    for (const rule of this.#segmentRules) {
      if (segmentMatches(rule, parts)) into.push(rule);
    }
    return into;
  }
}

function segmentRule(fullPath: string, perms: PathPermissions): SegmentRule {
  const isPrefix = fullPath.endsWith('*');
  const wcPath = isPrefix ? fullPath.slice(0, -1) : fullPath;
  const parts = wcPath.split('/');
  return { perms, parts, isPrefix, firstWildcard: fullPath.indexOf('+'), wildcards: parts.filter((x) => x === '+').length, wcPath };
}

function segmentMatches(rule: SegmentRule, pathParts: string[]): boolean {
  const n = rule.parts.length;
  if (pathParts.length < n || (!rule.isPrefix && pathParts.length !== n)) return false;
  for (let i = 0; i < n; i++) {
    const part = rule.parts[i]!;
    if (part === '+' || part === pathParts[i]) continue;
    if (rule.isPrefix && i === n - 1 && pathParts[i]!.startsWith(part)) continue;
    return false;
  }
  return true;
}

/**
 * True when `a` has lower priority than `b` (V vault/acl.go wildcardPathDescriptorComparePriority):
 * earlier first wildcard, then prefix below non-prefix, then more `+` segments, then shorter, then
 * lexicographically smaller.
 */
function lowerPriority(a: Candidate, b: Candidate): boolean {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard < b.firstWildcard;
  if (a.isPrefix !== b.isPrefix) return a.isPrefix;
  if (a.wildcards !== b.wildcards) return a.wildcards > b.wildcards;
  if (a.wcPath.length !== b.wcPath.length) return a.wcPath.length < b.wcPath.length;
  return a.wcPath < b.wcPath;
}

function highest(candidates: Candidate[]): PathPermissions | undefined {
  let best: Candidate | undefined;
  for (const c of candidates) if (!best || lowerPriority(best, c)) best = c;
  return best?.perms;
}

function wrappingAllowed(perms: PathPermissions, wrapTtl: number | undefined): boolean {
  if (perms.maxWrappingTtl > 0 && (wrapTtl === undefined || wrapTtl > perms.maxWrappingTtl)) return false;
  if (perms.minWrappingTtl > 0 && (wrapTtl === undefined || wrapTtl < perms.minWrappingTtl)) return false;
  return !(perms.minWrappingTtl !== 0 && perms.maxWrappingTtl !== 0 && perms.maxWrappingTtl < perms.minWrappingTtl);
}

const NAMES_BY_BITS = new Map<number, readonly string[]>();
const ROOT_NAMES: readonly string[] = Object.freeze(['root']);

/** Sorted capability names of a bitmap, memoised (a frozen array per distinct bitmap). */
function capabilityNames(bits: number): readonly string[] {
  const key = bits & CAP.deny ? 0 : bits;
  let names = NAMES_BY_BITS.get(key);
  if (!names) {
    names = Object.freeze(key === 0 ? ['deny'] : CAP_NAMES.filter((name) => key & CAP[name]));
    NAMES_BY_BITS.set(key, names);
  }
  return names;
}

function clonePermissions(p: PathPermissions): PathPermissions {
  return {
    ...p,
    allowedParameters: p.allowedParameters && new Map([...p.allowedParameters].map(([k, v]) => [k, [...v]])),
    deniedParameters: p.deniedParameters && new Map([...p.deniedParameters].map(([k, v]) => [k, [...v]])),
    requiredParameters: [...p.requiredParameters],
  };
}

/** NewACL's same-path merge: deny wins; else OR the bits, keep the tighter wrapping TTLs, join lists. */
function mergePermissions(existing: PathPermissions, next: PathPermissions): PathPermissions {
  if (existing.capabilities & CAP.deny) return existing;
  if (next.capabilities & CAP.deny) return { ...existing, capabilities: CAP.deny, allowedParameters: null, deniedParameters: null };
  const merged = clonePermissions(existing);
  merged.capabilities |= next.capabilities;
  if (next.maxWrappingTtl > 0 && (merged.maxWrappingTtl === 0 || next.maxWrappingTtl < merged.maxWrappingTtl)) merged.maxWrappingTtl = next.maxWrappingTtl;
  if (next.minWrappingTtl > 0 && (merged.minWrappingTtl === 0 || next.minWrappingTtl < merged.minWrappingTtl)) merged.minWrappingTtl = next.minWrappingTtl;
  merged.allowedParameters = mergeParameterMaps(merged.allowedParameters, next.allowedParameters);
  merged.deniedParameters = mergeParameterMaps(merged.deniedParameters, next.deniedParameters);
  for (const r of next.requiredParameters) if (!merged.requiredParameters.includes(r)) merged.requiredParameters.push(r);
  return merged;
}

/** An empty value list means "any value" and wins over a concrete list. */
function mergeParameterMaps(a: Map<string, unknown[]> | null, b: Map<string, unknown[]> | null): Map<string, unknown[]> | null {
  if (!b || b.size === 0) return a;
  if (!a) return new Map([...b].map(([k, v]) => [k, [...v]]));
  for (const [key, values] of b) {
    const have = a.get(key);
    a.set(key, values.length === 0 || (have !== undefined && have.length === 0) ? [] : [...values, ...(have ?? [])]);
  }
  return a;
}

function stripLeadingSlashes(path: string): string {
  let i = 0;
  while (path.charCodeAt(i) === 47) i++;
  return i === 0 ? path : path.slice(i);
}

function trimSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}
