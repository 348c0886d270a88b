// Algebraic properties of the ACL, and its agreement with a small reference evaluator written
// here from Vault's precedence rules (hashicorp/vault vault/acl.go) (a sort key per candidate instead of a comparator, plain
// scans instead of indexes), on random rule sets and random paths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACL, parsePolicy } from '../../src/auth/index.js';
import type { Operation } from '../../src/logical/types.js';

interface Rule { pattern: string; caps: string[] }
type PolicyRules = Rule[];

const OPS: Operation[] = ['read', 'list', 'update', 'create', 'delete', 'patch'];
const CAPS = ['create', 'read', 'update', 'delete', 'list', 'patch', 'sudo'];

const toText = (rules: PolicyRules) => rules.map((r) => `path "${r.pattern}" { capabilities = ${JSON.stringify(r.caps)} }`).join('\n');
const compile = (policies: PolicyRules[]) => new ACL(policies.map((p, i) => parsePolicy(toText(p), `p${i}`)));

// --- the reference evaluator ---

const isSegment = (p: string) => p === '+' || p.includes('/+') || p.startsWith('+/');
const isGlob = (p: string) => !isSegment(p) && p.endsWith('*');

function mergeByPattern(policies: PolicyRules[]): Map<string, Set<string>> {
  const merged = new Map<string, Set<string>>();
  for (const rule of policies.flat()) {
    const have = merged.get(rule.pattern) ?? new Set<string>();
    if (!have.has('deny')) {
      if (rule.caps.includes('deny')) merged.set(rule.pattern, new Set(['deny']));
      else merged.set(rule.pattern, new Set([...have, ...rule.caps]));
    } else {
      merged.set(rule.pattern, have);
    }
  }
  return merged;
}

interface RefCandidate { key: [number, number, number, number, string]; caps: Set<string> }

function compareKeys(a: RefCandidate['key'], b: RefCandidate['key']): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : 0;
}

function refCandidates(merged: Map<string, Set<string>>, path: string): RefCandidate[] {
  const out: RefCandidate[] = [];
  const globs = [...merged.keys()].filter(isGlob).map((g) => g.slice(0, -1)).filter((pre) => path.startsWith(pre));
  if (globs.length > 0) {
    const longest = globs.reduce((a, b) => (b.length > a.length ? b : a));
    out.push({ key: [longest.length, 0, 0, longest.length, longest], caps: merged.get(`${longest}*`)! });
  }
  const pathParts = path.split('/');
  for (const [pattern, caps] of merged) {
    if (!isSegment(pattern)) continue;
    const prefix = pattern.endsWith('*');
    const body = prefix ? pattern.slice(0, -1) : pattern;
    const parts = body.split('/');
    if (pathParts.length < parts.length || (!prefix && pathParts.length !== parts.length)) continue;
    const ok = parts.every((part, i) => part === '+' || part === pathParts[i] || (prefix && i === parts.length - 1 && pathParts[i]!.startsWith(part)));
    if (!ok) continue;
    const pluses = parts.filter((p) => p === '+').length;
    out.push({ key: [pattern.indexOf('+'), prefix ? 0 : 1, -pluses, body.length, body], caps });
  }
  return out;
}

const best = (cs: RefCandidate[]) => [...cs].sort((a, b) => compareKeys(a.key, b.key)).at(-1);

function refChosen(policies: PolicyRules[], requestPath: string, op: Operation): Set<string> | undefined {
  const path = requestPath.replace(/^\/+/, ''); // Vault drops leading slashes of the request path
  const merged = mergeByPattern(policies);
  const exact = (p: string) => (!isSegment(p) && !isGlob(p) ? merged.get(p) : undefined);
  const direct = exact(path) ?? (op === 'list' ? exact(path.endsWith('/') ? path.slice(0, -1) : path) : undefined);
  if (direct) return direct;
  if (op === 'list' && path.endsWith('/')) {
    const pool = [...refCandidates(merged, path.slice(0, -1)), ...refCandidates(merged, path)];
    const deny = best(pool.filter((c) => c.caps.has('deny')));
    const list = best(pool.filter((c) => c.caps.has('list')));
    if (deny && (!list || compareKeys(list.key, deny.key) < 0)) return deny.caps;
    return (list ?? best(pool))?.caps;
  }
  return best(refCandidates(merged, path))?.caps;
}

function refAllowed(policies: PolicyRules[], path: string, op: Operation): boolean {
  const caps = refChosen(policies, path, op);
  return caps !== undefined && !caps.has('deny') && caps.has(op);
}

// --- generators ---

const patternArb = fc
  .tuple(fc.array(fc.constantFrom('a', 'b', 'ab', '+', 'a+'), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '*', '/*'))
  .map(([segs, tail]) => segs.join('/') + tail)
  .filter((p) => !p.includes('+*'));
const capsArb: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 5, arbitrary: fc.subarray(CAPS, { minLength: 1 }) },
  { weight: 1, arbitrary: fc.constant<string[]>(['deny']) },
);
const ruleArb: fc.Arbitrary<Rule> = fc.record({ pattern: patternArb, caps: capsArb });
const policiesArb = fc.array(fc.array(ruleArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 });
const pathArb = fc
  .tuple(fc.array(fc.constantFrom('a', 'b', 'ab', 'abc', 'a+', ''), { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([segs, slash]) => segs.join('/') + (slash ? '/' : ''));
const opArb = fc.constantFrom(...OPS);

describe('ACL properties', () => {
  it('agrees with the reference evaluator on random rule sets and paths', () => {
    fc.assert(
      fc.property(policiesArb, fc.array(fc.tuple(pathArb, opArb), { minLength: 1, maxLength: 10 }), (policies, requests) => {
        const acl = compile(policies);
        for (const [path, op] of requests) {
          expect(acl.allowOperation(path, op, { rootPrivsRequired: false }).allowed, `${op} ${path}`).toBe(refAllowed(policies, path, op));
          const caps = refChosen(policies, path, 'list');
          const names = !caps || caps.has('deny') || caps.size === 0 ? ['deny'] : [...caps].sort();
          expect(acl.capabilities(path), `capabilities ${path}`).toEqual(names);
        }
      }),
      { numRuns: 700 },
    );
  });

  it('lets the root policy do anything', () => {
    fc.assert(
      fc.property(policiesArb, pathArb, opArb, (policies, path, op) => {
        const acl = new ACL([...policies.map((p, i) => parsePolicy(toText(p), `p${i}`)), { name: 'root', raw: '', paths: [], templated: false }]);
        expect(acl.allowOperation(path, op).allowed).toBe(true);
        expect(acl.allowOperation(`sys/audit/${path}`, op, { rootPrivsRequired: true }).allowed).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('denies a token whose policies have no rule matching the path', () => {
    const literal = patternArb.filter((p) => !p.startsWith('+'));
    fc.assert(
      fc.property(fc.array(fc.array(fc.record({ pattern: literal, caps: capsArb }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }), pathArb, opArb, (policies, path, op) => {
        expect(compile(policies).allowOperation(`zz/${path}`, op).allowed).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('lets a deny on a path string beat any allow on that same string from any policy', () => {
    fc.assert(
      fc.property(policiesArb, fc.array(fc.tuple(pathArb, opArb), { maxLength: 10 }), (policies, requests) => {
        const patterns = [...new Set(policies.flat().map((r) => r.pattern))];
        const denyAll: PolicyRules = patterns.map((pattern) => ({ pattern, caps: ['deny'] }));
        for (const order of [[...policies, denyAll], [denyAll, ...policies]]) {
          const acl = compile(order);
          for (const [path, op] of requests) expect(acl.allowOperation(path, op).allowed).toBe(false);
          for (const p of patterns.filter((x) => !isSegment(x) && !isGlob(x))) {
            for (const op of OPS) expect(acl.allowOperation(p, op).allowed).toBe(false);
          }
        }
      }),
      { numRuns: 250 },
    );
  });

  it('never loses a capability by adding a policy on the same path strings without a deny', () => {
    fc.assert(
      fc.property(policiesArb, fc.array(fc.tuple(pathArb, opArb), { minLength: 1, maxLength: 10 }), fc.infiniteStream(fc.subarray(CAPS)), (policies, requests, capsStream) => {
        const patterns = [...new Set(policies.flat().map((r) => r.pattern))];
        const extra: PolicyRules = patterns.map((pattern) => ({ pattern, caps: capsStream.next().value as string[] }));
        const before = compile(policies);
        const after = compile([...policies, extra]);
        for (const [path, op] of requests) {
          if (before.allowOperation(path, op).allowed) expect(after.allowOperation(path, op).allowed).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('can narrow a path when the added policy brings a more specific rule (Vault: rules of different paths never merge)', () => {
    const broad: PolicyRules = [{ pattern: 'secret/*', caps: ['read'] }];
    const specific: PolicyRules = [{ pattern: 'secret/app', caps: ['list'] }];
    expect(compile([broad]).allowOperation('secret/app', 'read').allowed).toBe(true);
    expect(compile([broad, specific]).allowOperation('secret/app', 'read').allowed).toBe(false);
  });

  it('gives the same answer whatever the order of the policies', () => {
    fc.assert(
      fc.property(policiesArb, pathArb, opArb, (policies, path, op) => {
        const forward = compile(policies).allowOperation(path, op);
        const backward = compile([...policies].reverse()).allowOperation(path, op);
        expect(backward).toEqual(forward);
      }),
      { numRuns: 500 },
    );
  });
});
