// `minivault/arbitraries`: fast-check arbitraries for users' property tests against minivault
// (or a real Vault): secret data objects, KV paths, ACL policies as HCL text with the rules they
// were built from, token create options, and Shamir share sets (Vault's format, via src/shamir).
// fast-check is passed in (`arbitraries(fc)`) so minivault carries no runtime dependency on it;
// this module's .d.ts names its types, so package.json lists it as an optional peer dependency.
import type * as FastCheck from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { split } from '../shamir/index.js';
import { SeededRandom } from '../util/random.js';

export type PolicyCapability = 'create' | 'read' | 'update' | 'patch' | 'delete' | 'list' | 'sudo' | 'deny';

export interface PolicyRule {
  path: string;
  capabilities: PolicyCapability[];
}

export interface GeneratedPolicy {
  rules: PolicyRule[];
  /** The rules written as Vault HCL. */
  hcl: string;
}

export interface GeneratedTokenOptions {
  policies: string[];
  ttl?: string;
  renewable?: boolean;
  display_name?: string;
  meta?: Record<string, string>;
}

export interface GeneratedShareSet {
  secret: Uint8Array;
  shares: Uint8Array[];
  threshold: number;
}

export interface MinivaultArbitraries {
  /** A path segment Vault accepts: letters, digits, `-`, `_`, `.` (not `.`/`..`). */
  segment: Arbitrary<string>;
  /** A KV path of 1..4 segments, no leading or trailing slash: `app/db-creds`. */
  kvPath: Arbitrary<string>;
  /** A secret's data: 1..6 fields of strings, numbers, booleans or small nested objects. */
  secretData: Arbitrary<Record<string, unknown>>;
  /** A policy name Vault keeps as given (lower case). */
  policyName: Arbitrary<string>;
  policyRule: Arbitrary<PolicyRule>;
  /** 1..5 rules on distinct paths, with their HCL text. */
  policy: Arbitrary<GeneratedPolicy>;
  tokenOptions: Arbitrary<GeneratedTokenOptions>;
  /** A random secret split `threshold`-of-`shares` (2..10 shares). */
  shareSet: Arbitrary<GeneratedShareSet>;
}

const CAPABILITIES: PolicyCapability[] = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny'];

/** Writes rules as Vault HCL (`path "p" { capabilities = [...] }`). */
export function policyHcl(rules: readonly PolicyRule[]): string {
  return rules.map((r) => `path ${JSON.stringify(r.path)} {\n  capabilities = [${r.capabilities.map((c) => JSON.stringify(c)).join(', ')}]\n}\n`).join('\n');
}

/** fast-check as `import fc from 'fast-check'` or `import * as fc from 'fast-check'` gives it. */
export type FastCheckModule = Omit<typeof FastCheck, 'default'>;

export function arbitraries(fc: FastCheckModule): MinivaultArbitraries {
  const segment = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,11}$/).filter((s) => s !== '.' && s !== '..');
  const kvPath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
  const scalar = fc.oneof(fc.string({ maxLength: 24 }), fc.integer(), fc.boolean());
  const fieldName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,11}$/);
  const secretData = fc.dictionary(fieldName, fc.oneof(scalar, fc.dictionary(fieldName, scalar, { maxKeys: 3 })), { minKeys: 1, maxKeys: 6 });
  const policyName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).filter((n) => n !== 'root' && n !== 'default');
  const rulePath = fc.tuple(kvPath, fc.constantFrom('', '*', '/*', '/+')).map(([p, suffix]) => p + suffix);
  const policyRule = fc.record({
    path: rulePath,
    capabilities: fc.subarray(CAPABILITIES, { minLength: 1 }),
  });
  const policy = fc.uniqueArray(policyRule, { minLength: 1, maxLength: 5, selector: (r) => r.path })
    .map((rules) => ({ rules, hcl: policyHcl(rules) }));
  const tokenOptions = fc.record({
    policies: fc.uniqueArray(policyName, { minLength: 1, maxLength: 3 }),
    ttl: fc.constantFrom('1m', '30m', '1h', '24h', '768h'),
    renewable: fc.boolean(),
    display_name: fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/),
    meta: fc.dictionary(fieldName, fc.string({ maxLength: 12 }), { maxKeys: 3 }),
  }, { requiredKeys: ['policies'] });
  const shareSet = fc.record({
    secret: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    shares: fc.integer({ min: 2, max: 10 }),
    t: fc.nat(),
    seed: fc.nat(),
  }).map(({ secret, shares, t, seed }) => {
    const threshold = 2 + (t % (shares - 1));
    return { secret, threshold, shares: split(secret, { shares, threshold, random: new SeededRandom(seed) }) };
  });
  return { segment, kvPath, secretData, policyName, policyRule, policy, tokenOptions, shareSet };
}
