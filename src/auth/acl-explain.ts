// A read-only account of why src/auth/acl.ts decides as it does, for `minivault policy explain`
// (a minivault addition: Vault has no such tool). It walks the same steps as the ACL evaluator,
// which models Vault's vault/acl.go (NewACL's same-path merge, AllowOperation,
// CheckAllowedFromNonExactPaths, wildcardPathDescriptorComparePriority, the LIST pooling), but
// keeps, for each rule, the policies it came from and the reason it won or lost. The verdict itself
// is always taken from ACL.allowOperation / ACL.hasSudo, so the explanation can never disagree
// with enforcement; tests check that the rule named here is the one the evaluator applied.
import { ACL } from './acl.js';
import { CAP, type Capability, type Policy } from './policy.js';
import type { Operation } from '../logical/types.js';

export type ExplainCapability = Exclude<Capability, 'deny' | 'subscribe' | 'recover'>;
export const EXPLAIN_CAPABILITIES: readonly ExplainCapability[] = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo'];

type RuleKind = 'exact' | 'prefix' | 'segment';

/** One path string as the ACL holds it after merging the same string across policies. */
export interface ExplainedRule {
  /** The path as written in the policies (`secret/*`, `secret/+/x`). */
  written: string;
  kind: RuleKind;
  /** The policies that have a rule with this exact path string. */
  policies: string[];
  /** Capability names after the merge (`deny` alone when any policy denies). */
  capabilities: string[];
  /** The path contains `{{…}}` identity templating, which minivault keeps literal. */
  templated: boolean;
  /** Parameter or wrapping-TTL constraints apply besides the capability bits. */
  constrained: boolean;
}

interface Explanation {
  path: string;
  capability: ExplainCapability;
  allowed: boolean;
  root: boolean;
  /** The rule whose capabilities decide; undefined when nothing matched (implicit deny) or root. */
  decidingRule?: ExplainedRule;
  /** Every rule that matched the path, highest priority first. */
  candidates: ExplainedRule[];
  /** Sentences, in the order the evaluator takes its steps. */
  reasons: string[];
}

interface Entry {
  rule: ExplainedRule;
  bits: number;
  /** For priority: position of the first wildcard, `+` count, path without trailing `*`. */
  firstWildcard: number;
  wildcards: number;
  wcPath: string;
  parts: string[];
}

const CAP_ORDER = (Object.keys(CAP) as Capability[]).filter((c) => c !== 'deny').sort();
const namesOf = (bits: number): string[] => (bits & CAP.deny ? ['deny'] : CAP_ORDER.filter((c) => bits & CAP[c]));

/** NewACL: one entry per path string, capabilities OR-ed, any deny making it deny-only. */
function buildEntries(policies: readonly Policy[]): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const policy of policies) {
    for (const rule of policy.paths) {
      const kind: RuleKind = rule.hasSegmentWildcards ? 'segment' : rule.isPrefix ? 'prefix' : 'exact';
      const written = rule.isPrefix ? `${rule.path}*` : rule.path;
      const key = `${kind}\0${rule.path}`;
      const bits = rule.permissions.capabilities;
      const p = rule.permissions;
      const constrained = (p.allowedParameters?.size ?? 0) > 0 || (p.deniedParameters?.size ?? 0) > 0
        || p.requiredParameters.length > 0 || p.minWrappingTtl > 0 || p.maxWrappingTtl > 0;
      const existing = entries.get(key);
      if (existing) {
        existing.bits = existing.bits & CAP.deny ? existing.bits : bits & CAP.deny ? CAP.deny : existing.bits | bits;
        existing.rule.capabilities = namesOf(existing.bits);
        if (!existing.rule.policies.includes(policy.name)) existing.rule.policies.push(policy.name);
        existing.rule.constrained ||= constrained;
        continue;
      }
      const isPrefixSegment = kind === 'segment' && written.endsWith('*');
      const wcPath = kind === 'segment' ? (isPrefixSegment ? written.slice(0, -1) : written) : rule.path;
      entries.set(key, {
        rule: { written, kind, policies: [policy.name], capabilities: namesOf(bits), templated: written.includes('{{'), constrained },
        bits,
        firstWildcard: kind === 'prefix' ? rule.path.length : kind === 'segment' ? written.indexOf('+') : -1,
        wildcards: kind === 'segment' ? wcPath.split('/').filter((x) => x === '+').length : 0,
        wcPath,
        parts: wcPath.split('/'),
      });
    }
  }
  return entries;
}

/** vault/acl.go wildcardPathDescriptorComparePriority: is `a` below `b`? */
function lowerPriority(a: Entry, b: Entry): boolean {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard < b.firstWildcard;
  const ap = a.rule.kind === 'prefix' || a.rule.written.endsWith('*');
  const bp = b.rule.kind === 'prefix' || b.rule.written.endsWith('*');
  if (ap !== bp) return ap;
  if (a.wildcards !== b.wildcards) return a.wildcards > b.wildcards;
  if (a.wcPath.length !== b.wcPath.length) return a.wcPath.length < b.wcPath.length;
  return a.wcPath < b.wcPath;
}

function segmentMatches(e: Entry, path: string): boolean {
  const parts = path.split('/');
  const isPrefix = e.rule.written.endsWith('*');
  const n = e.parts.length;
  if (parts.length < n || (!isPrefix && parts.length !== n)) return false;
  for (let i = 0; i < n; i++) {
    const part = e.parts[i]!;
    if (part === '+' || part === parts[i]) continue;
    if (isPrefix && i === n - 1 && parts[i]!.startsWith(part)) continue;
    return false;
  }
  return true;
}

/** The longest matching prefix rule plus every matching `+` rule, as the evaluator pools them. */
function candidatesFor(entries: Map<string, Entry>, path: string): Entry[] {
  let longest: Entry | undefined;
  const out: Entry[] = [];
  for (const e of entries.values()) {
    if (e.rule.kind === 'prefix' && path.startsWith(e.wcPath) && (!longest || e.wcPath.length > longest.wcPath.length)) longest = e;
    if (e.rule.kind === 'segment' && segmentMatches(e, path)) out.push(e);
  }
  return longest ? [longest, ...out] : out;
}

const sortByPriority = (list: Entry[]): Entry[] => [...list].sort((a, b) => (lowerPriority(a, b) ? 1 : lowerPriority(b, a) ? -1 : 0));
const q = (s: string): string => JSON.stringify(s);
const describe = (e: Entry): string => `path ${q(e.rule.written)} (${e.rule.kind} rule, policies: ${e.rule.policies.join(', ')})`;

function whyHigher(win: Entry, lose: Entry): string {
  if (win.firstWildcard !== lose.firstWildcard) return 'its first wildcard comes later in the path';
  const wp = win.rule.written.endsWith('*');
  if (wp !== lose.rule.written.endsWith('*')) return 'it has no trailing `*`';
  if (win.wildcards !== lose.wildcards) return 'it has fewer `+` segments';
  if (win.wcPath.length !== lose.wcPath.length) return 'it is longer';
  return 'it sorts later';
}

/** Explains the decision on `capability` at `path` for a set of parsed policies. */
export function explainAcl(policies: readonly Policy[], rawPath: string, capability: ExplainCapability): Explanation {
  const path = rawPath.replace(/^\/+/, '');
  const acl = new ACL(policies);
  const operation: Operation = capability === 'sudo' ? 'read' : capability;
  const allowed = capability === 'sudo' ? acl.hasSudo(path) : acl.allowOperation(path, operation).allowed;
  const base = { path, capability, allowed, root: acl.isRoot };
  if (acl.isRoot) {
    return { ...base, candidates: [], reasons: ['The "root" policy is in the set: it allows every operation on every path, sudo included.'] };
  }
  const entries = buildEntries(policies);
  const reasons: string[] = [];
  const templated = [...entries.values()].filter((e) => e.rule.templated);
  if (templated.length > 0) {
    reasons.push(`Rules ${templated.map((e) => q(e.rule.written)).join(', ')} use identity templating; Vault fills them from the `
      + 'token\'s entity, minivault (no identity store) keeps them literal, so they match only that literal text.');
  }
  const exactOf = (p: string): Entry | undefined => entries.get(`exact\0${p}`);
  const decide = (e: Entry | undefined, candidates: Entry[]): Explanation => {
    if (e) {
      const has = capability === 'sudo' ? (e.bits & CAP.sudo) !== 0 : (e.bits & CAP[capability]) !== 0;
      if (e.bits & CAP.deny) reasons.push(`That rule denies: a deny in any policy for the same path string discards every other capability there.`);
      else if (!has) reasons.push(`That rule grants [${e.rule.capabilities.join(' ')}], which lacks ${q(capability)}; the decision does not fall back to other rules.`);
      else if (!allowed && e.rule.constrained) reasons.push('It grants the capability, but its parameter or wrapping-TTL constraints refuse a request with no data.');
      else reasons.push(`That rule grants ${q(capability)}.`);
    } else {
      reasons.push('No rule matches the path: everything not granted is denied.');
    }
    return { ...base, decidingRule: e?.rule, candidates: candidates.map((c) => c.rule), reasons };
  };

  const exact = exactOf(path);
  const listTrimmed = capability === 'list' && path.endsWith('/') ? exactOf(path.slice(0, -1)) : undefined;
  if (exact) {
    reasons.push(`An exact rule for ${q(path)} exists; exact rules win over every glob and \`+\` rule.`);
    return decide(exact, [exact, ...sortByPriority(candidatesFor(entries, path))]);
  }
  if (listTrimmed) {
    reasons.push(`For LIST, an exact rule for the path without its trailing "/" (${q(listTrimmed.rule.written)}) applies.`);
    return decide(listTrimmed, [listTrimmed]);
  }
  if (capability === 'list' && path.endsWith('/')) {
    const pooled = sortByPriority([...candidatesFor(entries, path), ...candidatesFor(entries, path.slice(0, -1))]);
    if (pooled.length === 0) return decide(undefined, []);
    reasons.push('For LIST on a path ending in "/", rules matching the path with and without the slash are pooled.');
    const bestDeny = pooled.find((e) => e.bits & CAP.deny);
    const bestList = pooled.find((e) => e.bits & CAP.list);
    if (bestDeny && (!bestList || lowerPriority(bestList, bestDeny))) {
      reasons.push(`The most specific deny, ${describe(bestDeny)}, outranks every rule granting list.`);
      return decide(bestDeny, pooled);
    }
    const chosen = bestList ?? pooled[0]!;
    reasons.push(`The highest-priority rule granting list applies: ${describe(chosen)}.`);
    return decide(chosen, pooled);
  }
  const candidates = sortByPriority(candidatesFor(entries, path));
  if (candidates.length === 0) return decide(undefined, []);
  const win = candidates[0]!;
  if (candidates.length === 1) {
    reasons.push(`No exact rule; the only matching rule is ${describe(win)}.`);
  } else {
    reasons.push(`No exact rule; ${candidates.length} rules match (the longest \`*\` prefix and every matching \`+\` rule). `
      + `Highest priority: ${describe(win)}.`);
    for (const lose of candidates.slice(1)) reasons.push(`It outranks ${q(lose.rule.written)} because ${whyHigher(win, lose)}.`);
  }
  return decide(win, candidates);
}
