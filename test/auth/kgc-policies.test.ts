// The seed's two policies (fixtures/kgc-read.hcl, fixtures/kgc-rotate.hcl), written through the
// sys endpoint and exercised the way core would: resolve the token, take its ACL, check the
// operation on the full request path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogicalResponse, Operation } from '../../src/logical/types.js';
import { fixture, makeAuth } from './helpers.js';

const WRITES: Operation[] = ['create', 'update', 'patch', 'delete'];
const KV_PREFIXES = ['kgc/data/', 'kgc/metadata/', 'kgc/delete/', 'kgc/undelete/', 'kgc/destroy/', 'kgc/subkeys/', 'kgc/config'];

async function seeded() {
  const auth = await makeAuth();
  await auth.sys('policies/acl/kgc-read', 'update', { policy: fixture('kgc-read.hcl') });
  await auth.sys('policies/acl/kgc-rotate', 'update', { policy: fixture('kgc-rotate.hcl') });
  const app = await auth.create({ policies: ['kgc-read'], ttl: '24h' });
  const rotator = await auth.create({ policies: ['kgc-rotate'], ttl: '1h' });
  const aclOf = async (id: string) => auth.tokens.aclFor((await auth.tokens.resolveToken(id))!);
  return { ...auth, app, rotator, aclOf };
}

describe('kgc-read', () => {
  it('reads secrets and their metadata', async () => {
    const { app, aclOf } = await seeded();
    const acl = await aclOf(app);
    expect(acl.allowOperation('kgc/data/api-credentials', 'read').allowed).toBe(true);
    expect(acl.allowOperation('kgc/metadata/api-credentials', 'read').allowed).toBe(true);
    expect(acl.capabilities('kgc/data/api-credentials')).toEqual(['read']);
  });

  it('is refused every write anywhere in the kgc mount, and policy and token administration', async () => {
    const { app, aclOf } = await seeded();
    const acl = await aclOf(app);
    const key = fc.stringMatching(/^[a-z0-9-]{1,12}(\/[a-z0-9-]{1,12}){0,2}$/);
    fc.assert(
      fc.property(fc.constantFrom(...KV_PREFIXES), key, fc.constantFrom(...WRITES), (prefix, k, op) => {
        expect(acl.allowOperation(prefix + k, op).allowed).toBe(false);
      }),
      { numRuns: 500 },
    );
    for (const [path, op] of [['sys/policies/acl/kgc-read', 'update'], ['auth/token/create', 'update'], ['sys/mounts/kgc', 'update']] as const) {
      expect(acl.allowOperation(path, op).allowed).toBe(false);
    }
  });

  it('renews its own token', async () => {
    const { app, aclOf, call, clock, tokens } = await seeded();
    expect((await aclOf(app)).allowOperation('auth/token/renew-self', 'update').allowed).toBe(true);
    clock.advance('12h');
    const resp = (await call('renew-self', 'update', {}, app)) as LogicalResponse;
    expect(resp.auth).toMatchObject({ client_token: app, policies: ['default', 'kgc-read'], lease_duration: 86400 });
    clock.advance('20h');
    expect(await tokens.resolveToken(app)).toBeDefined();
  });

  it('cannot list the mount or read anything outside it', async () => {
    const { app, aclOf } = await seeded();
    const acl = await aclOf(app);
    expect(acl.allowOperation('kgc/metadata/', 'list').allowed).toBe(false);
    expect(acl.allowOperation('secret/data/x', 'read').allowed).toBe(false);
    expect(acl.allowOperation('sys/policies/acl/kgc-read', 'read').allowed).toBe(false);
  });
});

describe('kgc-rotate', () => {
  it('reads, writes new versions of existing secrets and destroys old versions', async () => {
    const { rotator, aclOf } = await seeded();
    const acl = await aclOf(rotator);
    expect(acl.allowOperation('kgc/data/api-credentials', 'read').allowed).toBe(true);
    expect(acl.allowOperation('kgc/data/api-credentials', 'update').allowed).toBe(true);
    expect(acl.allowOperation('kgc/destroy/api-credentials', 'update', { data: { versions: [1] } }).allowed).toBe(true);
    expect(acl.capabilities('kgc/data/x')).toEqual(['read', 'update']);
  });

  it('cannot create new secrets, delete, or change metadata', async () => {
    const { rotator, aclOf } = await seeded();
    const acl = await aclOf(rotator);
    expect(acl.allowOperation('kgc/data/new-secret', 'create').allowed).toBe(false);
    expect(acl.allowOperation('kgc/data/api-credentials', 'delete').allowed).toBe(false);
    expect(acl.allowOperation('kgc/metadata/api-credentials', 'update').allowed).toBe(false);
    expect(acl.allowOperation('kgc/delete/api-credentials', 'update').allowed).toBe(false);
  });

  it('adds to kgc-read: whatever kgc-read allows on the mount, kgc-rotate allows too', async () => {
    const { app, rotator, aclOf } = await seeded();
    const read = await aclOf(app);
    const rotate = await aclOf(rotator);
    fc.assert(
      fc.property(fc.constantFrom(...KV_PREFIXES), fc.stringMatching(/^[a-z-]{1,10}$/), fc.constantFrom<Operation>('read', 'list', ...WRITES), (prefix, k, op) => {
        if (read.allowOperation(prefix + k, op).allowed) expect(rotate.allowOperation(prefix + k, op).allowed).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
