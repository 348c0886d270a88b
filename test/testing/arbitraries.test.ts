// The arbitraries users get from `minivault/arbitraries` produce values minivault accepts and
// round-trips: secrets under KV paths, policies whose HCL parses back to their rules, token
// options, and share sets any threshold-sized subset of which recovers the secret.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/auth/index.js';
import { combine } from '../../src/shamir/index.js';
import { arbitraries } from '../../src/testing/arbitraries.js';
import { createVault } from '../../src/testing/index.js';

const arb = arbitraries(fc);

describe('minivault arbitraries', () => {
  it('secrets written at generated KV paths read back unchanged', async () => {
    const v = await createVault({ seed: 1 });
    await fc.assert(fc.asyncProperty(arb.kvPath, arb.secretData, async (path, data) => {
      await v.kv().put(path, data);
      expect((await v.kv().get(path))?.data).toEqual(data);
    }), { numRuns: 60 });
  });

  it('generated policies are accepted by sys/policies/acl and parse back to their rules', async () => {
    const v = await createVault({ seed: 2 });
    await fc.assert(fc.asyncProperty(arb.policyName, arb.policy, async (name, p) => {
      expect((await v.request('update', `sys/policies/acl/${name}`, { policy: p.hcl })).status).toBe(204);
      expect(parsePolicy(p.hcl, name).paths).toHaveLength(p.rules.length);
      expect(((await v.request('read', `sys/policies/acl/${name}`)).body as { data: { policy: string } }).data.policy).toBe(p.hcl);
    }), { numRuns: 60 });
  });

  it('generated token options create tokens with those policies', async () => {
    const v = await createVault({ seed: 3 });
    await fc.assert(fc.asyncProperty(arb.tokenOptions, async (opts) => {
      const res = await v.request('update', 'auth/token/create', { ...opts });
      expect(res.status).toBe(200);
      const policies = (res.body as { auth: { policies: string[] } }).auth.policies;
      expect(policies).toEqual(expect.arrayContaining(opts.policies));
    }), { numRuns: 40 });
  });

  it('any threshold of a generated share set recovers the secret', () => {
    fc.assert(fc.property(arb.shareSet.chain((set) => fc.tuple(fc.constant(set), fc.shuffledSubarray(set.shares, { minLength: set.threshold, maxLength: set.threshold }))),
      ([set, subset]) => {
        expect(set.shares).toHaveLength(set.shares.length);
        expect(combine(subset)).toEqual(set.secret);
      }), { numRuns: 100 });
  });
});
