// The OIDC flow's pending requests and URL helpers as properties: a state is good once and only
// for 10 minutes on the clock (path_oidc.go verifyOIDCRequest, go-cache expiry); Go's QueryEscape
// round-trips through a URL parser; validRedirect's loopback rule ignores ports only on loopback.
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { goQueryEscape, goValuesEncode } from '../../../src/credential/jwt/oidc-provider.js';
import { OIDC_REQUEST_TIMEOUT_MS, OidcRequests, validRedirect } from '../../../src/credential/jwt/oidc-state.js';
import { ManualClock } from '../../../src/util/clock.js';
import { SeededRandom } from '../../../src/util/random.js';

const init = { redirectUri: 'http://localhost:8250/oidc/callback', scopes: [], audiences: [], maxAge: 0, implicit: false, roleName: 'r', clientNonce: '' };

describe('OIDC pending requests', () => {
  it('hand a state out once, and only within 10 minutes of its creation (or of its form_post)', () => {
    type Step = { kind: 'create' } | { kind: 'take'; i: number } | { kind: 'amend'; i: number } | { kind: 'advance'; ms: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.constant({ kind: 'create' as const }),
      fc.record({ kind: fc.constant('take' as const), i: fc.nat(9) }),
      fc.record({ kind: fc.constant('amend' as const), i: fc.nat(9) }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 8 * 60_000 }) }),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const clock = new ManualClock(0);
      const store = new OidcRequests(clock, new SeededRandom(1));
      // The model: state → the time it stops being good, or gone.
      const model: Array<{ state: string; until: number | 'taken' }> = [];
      for (const s of steps) {
        if (s.kind === 'create') {
          const r = store.create(init);
          expect(r.codeChallenge).toBe(createHash('sha256').update(r.codeVerifier!).digest('base64url'));
          model.push({ state: r.state, until: clock.now() + OIDC_REQUEST_TIMEOUT_MS });
        } else if (s.kind === 'advance') {
          clock.advance(s.ms);
        } else if (model.length > 0) {
          const m = model[s.i % model.length]!;
          const live = m.until !== 'taken' && clock.now() < m.until;
          if (s.kind === 'take') {
            expect(store.take(m.state) !== undefined).toBe(live);
            m.until = 'taken';
          } else {
            expect(store.amend(m.state, 'c', '') !== undefined).toBe(live);
            if (live) m.until = clock.now() + OIDC_REQUEST_TIMEOUT_MS;
          }
        }
      }
      expect(new Set(model.map((m) => m.state)).size).toBe(model.length);
    }), { numRuns: 200 });
  });
});

describe('URL helpers', () => {
  it('goQueryEscape round-trips through URLSearchParams and leaves only Go\'s unreserved bytes bare', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string(), (k, v) => {
      const encoded = goValuesEncode({ [k]: v });
      expect([...new URLSearchParams(encoded)]).toEqual([[k, v]]);
      expect(goQueryEscape(v)).toMatch(/^[A-Za-z0-9\-_.~+%]*$/);
    }));
    expect(goQueryEscape("a b*'()!~")).toBe('a+b%2A%27%28%29%21~');
  });

  it('validRedirect: exact (case-insensitive) match off loopback, any port on loopback', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), (a, b) => {
      expect(validRedirect(`http://localhost:${a}/oidc/callback`, [`http://localhost:${b}/oidc/callback`])).toBe(true);
      expect(validRedirect(`http://127.0.0.1:${a}/cb`, [`http://127.0.0.1/cb`])).toBe(true);
      expect(validRedirect(`https://app.example:${a}/cb`, [`https://app.example:${b}/cb`])).toBe(a === b);
    }));
    expect(validRedirect('http://localhost:1/other', ['http://localhost:1/oidc/callback'])).toBe(false);
    expect(validRedirect('not a url', ['not a url'])).toBe(false);
  });
});
