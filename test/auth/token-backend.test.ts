import { describe, expect, it } from 'vitest';
import type { LogicalResponse } from '../../src/logical/types.js';
import { failure, makeAuth } from './helpers.js';

const SUDO_CREATE = `
path "auth/token/create" { capabilities = ["update", "sudo"] }
path "auth/token/revoke-orphan" { capabilities = ["update", "sudo"] }
path "auth/token/create-orphan" { capabilities = ["update"] }
`;

describe('auth/token/create', () => {
  it('answers with the auth block in Vault\'s shape and a null data', async () => {
    const { call, policies } = await makeAuth();
    await policies.put('web', 'path "web/*" { capabilities = ["read"] }');
    const resp = (await call('create', 'update', { policies: ['Web', 'stage'], meta: { user: 'armon' }, ttl: '1h' })) as LogicalResponse;
    expect(resp.data).toBeNull();
    expect(resp.warnings).toEqual(['Policy "stage" does not exist']);
    const auth = resp.auth!;
    expect(Object.keys(auth)).toEqual(['client_token', 'accessor', 'policies', 'token_policies', 'metadata', 'lease_duration',
      'renewable', 'entity_id', 'token_type', 'orphan', 'mfa_requirement', 'num_uses']);
    expect(auth.client_token).toMatch(/^hvs\.[A-Za-z0-9]{24}$/);
    expect(auth.accessor).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(auth).toMatchObject({
      policies: ['default', 'stage', 'web'], token_policies: ['default', 'stage', 'web'], metadata: { user: 'armon' },
      lease_duration: 3600, renewable: true, entity_id: '', token_type: 'service', orphan: false, mfa_requirement: null, num_uses: 0,
    });
  });

  it('gives a token the 768h system default TTL and caps longer ones with Vault\'s warning', async () => {
    const { call } = await makeAuth();
    expect(((await call('create', 'update', { policies: ['a'] })) as LogicalResponse).auth!.lease_duration).toBe(2764800);
    const long = (await call('create', 'update', { policies: ['a'], ttl: '800h' })) as LogicalResponse;
    expect(long.auth!.lease_duration).toBe(2764800);
    expect(long.warnings).toContain('TTL of "800h0m0s" exceeded the effective max_ttl of "768h0m0s"; TTL value is capped accordingly');
  });

  it('makes another non-expiring, non-renewable root token from the initial root token', async () => {
    const { call } = await makeAuth();
    const resp = (await call('create', 'update', {})) as LogicalResponse;
    expect(resp.auth).toMatchObject({ policies: ['root'], lease_duration: 0, renewable: false, orphan: false });
  });

  it('inherits the parent\'s policies, adding default only if the parent has it', async () => {
    const { call, create } = await makeAuth();
    const withDefault = await create({ policies: ['a', 'b'] });
    expect(((await call('create', 'update', {}, withDefault)) as LogicalResponse).auth!.policies).toEqual(['a', 'b', 'default']);
    const without = await create({ policies: ['a'], no_default_policy: true });
    expect(((await call('create', 'update', {}, without)) as LogicalResponse).auth!.policies).toEqual(['a']);
  });

  it('lets a non-sudo caller ask only for a subset of its policies', async () => {
    const { call, create, policies } = await makeAuth();
    await policies.put('creator', 'path "auth/token/create" { capabilities = ["update"] }');
    const parent = await create({ policies: ['creator', 'a', 'b'] });
    expect(((await call('create', 'update', { policies: ['a'] }, parent)) as LogicalResponse).auth!.policies).toEqual(['a', 'default']);
    expect(await failure(() => call('create', 'update', { policies: ['c'] }, parent))).toEqual({ status: 400, message: 'child policies must be subset of parent' });
  });

  it('keeps only root when root is among the policies, and needs a root parent for it', async () => {
    const { call, create, policies } = await makeAuth();
    expect(((await call('create', 'update', { policies: ['a', 'root'] })) as LogicalResponse).auth!.policies).toEqual(['root']);
    await policies.put('sudo', SUDO_CREATE);
    const sudo = await create({ policies: ['sudo'] });
    expect(await failure(() => call('create', 'update', { policies: ['root'] }, sudo))).toEqual({
      status: 400, message: 'root tokens may not be created without parent token being root',
    });
  });

  it('sets display name, num_uses, explicit_max_ttl, period and a custom id', async () => {
    const { call, create } = await makeAuth();
    const id = await create({ id: 'my-token', display_name: 'CI job #1', num_uses: 3, explicit_max_ttl: '2h', period: '30m', policies: ['a'] });
    expect(id).toBe('my-token');
    const data = ((await call('lookup', 'update', { token: id })) as LogicalResponse).data!;
    expect(data).toMatchObject({ display_name: 'token-CI-job--1', num_uses: 3, explicit_max_ttl: 7200, period: 1800, ttl: 1800 });
  });

  it('warns that a custom id uses weaker hashing', async () => {
    const { call } = await makeAuth();
    const resp = (await call('create', 'update', { id: 'custom', policies: ['a'] })) as LogicalResponse;
    expect(resp.warnings![0]).toMatch(/^Supplying a custom ID for the token uses the weaker SHA1 hashing/);
  });

  it('refuses custom ids that look like generated ones, and duplicates', async () => {
    const { call } = await makeAuth();
    expect(await failure(() => call('create', 'update', { id: 'hvs.abc' }))).toEqual({ status: 400, message: "custom token ID cannot have the 'hvs.' prefix" });
    expect(await failure(() => call('create', 'update', { id: 's.abc' }))).toEqual({ status: 400, message: "custom token ID cannot have the 's.' prefix" });
    expect(await failure(() => call('create', 'update', { id: 'a.b' }))).toEqual({ status: 400, message: "custom token ID cannot have a '.' in the value" });
    await call('create', 'update', { id: 'twice' });
    expect(await failure(() => call('create', 'update', { id: 'twice' }))).toEqual({ status: 400, message: 'cannot create a token with a duplicate ID' });
  });

  it('checks sudo on the request path for id, no_parent and period', async () => {
    const { call, create, policies } = await makeAuth();
    await policies.put('plain', 'path "auth/token/create*" { capabilities = ["update"] }');
    const plain = await create({ policies: ['plain'] });
    expect(await failure(() => call('create', 'update', { id: 'x' }, plain))).toEqual({ status: 400, message: 'root or sudo privileges required to specify token id' });
    expect(await failure(() => call('create', 'update', { no_parent: true }, plain))).toEqual({ status: 400, message: 'root or sudo privileges required to create orphan token' });
    expect(await failure(() => call('create', 'update', { period: '1h' }, plain))).toEqual({ status: 400, message: 'root or sudo privileges required to create periodic token' });
    await policies.put('sudo', SUDO_CREATE);
    const sudo = await create({ policies: ['sudo'] });
    const orphan = (await call('create', 'update', { no_parent: true, policies: ['anything'] }, sudo)) as LogicalResponse;
    expect(orphan.auth).toMatchObject({ orphan: true, policies: ['anything', 'default'] });
  });

  it('makes orphans through create-orphan without sudo', async () => {
    const { call, create, policies } = await makeAuth();
    await policies.put('orph', 'path "auth/token/create-orphan" { capabilities = ["update"] }');
    const t = await create({ policies: ['orph'] });
    const resp = (await call('create-orphan', 'update', {}, t)) as LogicalResponse;
    expect(resp.auth!.orphan).toBe(true);
    expect(((await call('lookup', 'update', { token: resp.auth!.client_token })) as LogicalResponse).data!.path).toBe('auth/token/create-orphan');
  });

  it('answers each bad field with Vault\'s message', async () => {
    const { call } = await makeAuth();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ttl: '-1h' }, 'ttl must be positive'],
      [{ lease: '-1h' }, 'lease must be positive'],
      // lease goes through time.ParseDuration itself: units required, no parseutil `d`
      [{ lease: '30' }, 'time: missing unit in duration "30"'],
      [{ lease: '1d' }, 'time: unknown unit "d" in duration "1d"'],
      [{ explicit_max_ttl: '-5' }, 'explicit_max_ttl must be positive'],
      [{ period: '-5' }, 'period must be positive'],
      [{ num_uses: -1 }, 'number of uses cannot be negative'],
      [{ type: 'weird' }, "invalid 'token_type' value"],
      [{ type: 'batch', num_uses: 2 }, 'batch tokens cannot have "num_uses" set'],
      [{ type: 'batch', period: '1h' }, 'batch tokens cannot have "period" set'],
      [{ type: 'batch', explicit_max_ttl: 'x' }, '"explicit_max_ttl" value could not be parsed'],
      [{ entity_alias: 'bob' }, "'entity_alias' is only allowed in combination with token role"],
      [{ policies: ['response-wrapping'] }, 'cannot assign policy "response-wrapping"'],
      [{ ttl: 'soon' }, 'time: invalid duration "soon"'],
      [{ type: 'batch', policies: ['root'] }, 'batch tokens cannot be root tokens'],
    ];
    for (const [data, message] of cases) expect(await failure(() => call('create', 'update', data)), JSON.stringify(data)).toEqual({ status: 400, message });
    // The create paths declare their fields (token_store.go), so the framework refuses first.
    expect((await failure(() => call('create', 'update', { meta: 'x' }))).message)
      .toBe('Field validation failed: error converting input x for field "meta": invalid key pair "x"');
  });

  it('refuses to create from a batch token, a use-limited token or an unknown caller', async () => {
    const { call, create } = await makeAuth();
    const batch = await create({ type: 'batch', policies: ['a'] });
    expect(batch).toMatch(/^hvb\./);
    expect(await failure(() => call('create', 'update', {}, batch))).toEqual({ status: 400, message: 'batch tokens cannot create more tokens' });
    const limited = await create({ num_uses: 5, policies: ['a'] });
    expect(await failure(() => call('create', 'update', {}, limited))).toEqual({ status: 400, message: 'restricted use token cannot generate child tokens' });
    expect(await failure(() => call('create', 'update', {}, 'hvs.nobody'))).toEqual({ status: 400, message: 'parent token lookup failed: no parent found' });
  });

  it('refuses a non-expiring root token from an expiring root token', async () => {
    const { call, create } = await makeAuth();
    const expiringRoot = await create({ ttl: '1h' });
    expect(await failure(() => call('create', 'update', {}, expiringRoot))).toEqual({ status: 400, message: 'expiring root tokens cannot create non-expiring root tokens' });
  });

  it('knows no token roles', async () => {
    const { call } = await makeAuth();
    expect(await failure(() => call('create/builder', 'update', {}))).toEqual({ status: 400, message: 'unknown role builder' });
  });

  it('warns about fields it does not know', async () => {
    const { call } = await makeAuth();
    const resp = (await call('create', 'update', { policies: ['a'], colour: 'red' })) as LogicalResponse;
    expect(resp.warnings).toContain('Endpoint ignored these unrecognized parameters: [colour]');
  });
});

describe('auth/token lookups', () => {
  it('shows the initial root token exactly as Vault does, keys sorted', async () => {
    const { call, root, clock } = await makeAuth();
    const data = ((await call('lookup-self', 'read')) as LogicalResponse).data!;
    expect(Object.keys(data)).toEqual(['accessor', 'creation_time', 'creation_ttl', 'display_name', 'entity_id', 'expire_time',
      'explicit_max_ttl', 'id', 'meta', 'num_uses', 'orphan', 'path', 'policies', 'ttl', 'type']);
    expect(data).toMatchObject({
      creation_time: Math.floor(clock.now() / 1000), creation_ttl: 0, display_name: 'root', entity_id: '', expire_time: null,
      explicit_max_ttl: 0, id: root, meta: null, num_uses: 0, orphan: true, path: 'auth/token/root', policies: ['root'], ttl: 0, type: 'service',
    });
  });

  it('shows lease times for a created token', async () => {
    const { call, create } = await makeAuth();
    const t = await create({ policies: ['a'], ttl: '1h' });
    const data = ((await call('lookup', 'update', { token: t })) as LogicalResponse).data!;
    expect(data).toMatchObject({
      issue_time: '2026-01-01T00:00:00Z', expire_time: '2026-01-01T01:00:00Z', renewable: true, ttl: 3600, creation_ttl: 3600,
      orphan: false, path: 'auth/token/create', policies: ['a', 'default'],
    });
    expect(Object.keys(data)).toEqual([...Object.keys(data)].sort());
  });

  it('looks up by GET without a body as the caller, and by accessor with the id blanked', async () => {
    const { call, create, root } = await makeAuth();
    expect(((await call('lookup', 'read', {})) as LogicalResponse).data!.id).toBe(root);
    const t = await create({ policies: ['a'] });
    const accessor = ((await call('lookup', 'update', { token: t })) as LogicalResponse).data!.accessor;
    const byAccessor = ((await call('lookup-accessor', 'update', { accessor })) as LogicalResponse).data!;
    expect(byAccessor).toMatchObject({ id: '', accessor, policies: ['a', 'default'] });
  });

  it('answers the lookup errors with Vault\'s statuses and strings', async () => {
    const { call } = await makeAuth();
    expect(await failure(() => call('lookup', 'update', { token: 'hvs.unknown' }))).toEqual({ status: 403, message: 'bad token' });
    expect(await failure(() => call('lookup', 'update', {}, ''))).toEqual({ status: 400, message: 'missing token ID' });
    expect(await failure(() => call('lookup-accessor', 'update', {}))).toEqual({ status: 400, message: 'missing accessor' });
    expect(await failure(() => call('lookup-accessor', 'update', { accessor: 'nope' }))).toEqual({ status: 400, message: 'invalid accessor' });
  });

  it('lists accessors', async () => {
    const { call, create } = await makeAuth();
    await create({ policies: ['a'] });
    expect(((await call('accessors/', 'list')) as LogicalResponse).data!.keys).toHaveLength(2);
  });

  it('answers unknown paths with 404 and wrong operations with 405', async () => {
    const { call } = await makeAuth();
    expect(await failure(() => call('nope', 'read'))).toEqual({ status: 404, message: '1 error occurred:\n\t* unsupported path\n\n' });
    expect(await failure(() => call('create', 'read'))).toEqual({ status: 405, message: '1 error occurred:\n\t* unsupported operation\n\n' });
    expect(await failure(() => call('revoke-self', 'delete'))).toEqual({ status: 405, message: '1 error occurred:\n\t* unsupported operation\n\n' });
  });
});

describe('auth/token renew and revoke', () => {
  it('renews itself and echoes its own token', async () => {
    const { call, create } = await makeAuth();
    const t = await create({ policies: ['a'], ttl: '1h' });
    const resp = (await call('renew-self', 'update', { increment: '2h' }, t)) as LogicalResponse;
    expect(resp.auth).toMatchObject({ client_token: t, lease_duration: 7200, renewable: true });
  });

  it('renews by token and by accessor (client_token blanked)', async () => {
    const { call, create } = await makeAuth();
    const t = await create({ policies: ['a'], ttl: '1h' });
    expect(((await call('renew', 'update', { token: t, increment: 600 })) as LogicalResponse).auth!.lease_duration).toBe(600);
    const accessor = ((await call('lookup', 'update', { token: t })) as LogicalResponse).data!.accessor;
    const resp = (await call('renew-accessor', 'update', { accessor })) as LogicalResponse;
    expect(resp.auth).toMatchObject({ client_token: '', lease_duration: 600 });
  });

  it('answers the renew errors with Vault\'s strings', async () => {
    const { call, create } = await makeAuth();
    expect(await failure(() => call('renew-self', 'update', {}))).toEqual({ status: 400, message: 'invalid lease ID' });
    const createdRoot = await create({});
    expect(await failure(() => call('renew-self', 'update', {}, createdRoot))).toEqual({ status: 400, message: 'lease is not renewable' });
    const fixed = await create({ policies: ['a'], renewable: false });
    expect(await failure(() => call('renew-self', 'update', {}, fixed))).toEqual({ status: 400, message: 'lease is not renewable' });
    const batch = await create({ policies: ['a'], type: 'batch' });
    expect(await failure(() => call('renew-self', 'update', {}, batch))).toEqual({ status: 400, message: 'batch tokens cannot be renewed' });
    expect(await failure(() => call('renew', 'update', { token: 'hvs.gone' }))).toEqual({ status: 400, message: 'token not found' });
    expect(await failure(() => call('renew', 'update', {}))).toEqual({ status: 400, message: 'missing token ID' });
    expect((await failure(() => call('renew-self', 'update', { increment: 'later' }, fixed))).message).toMatch(/^Field validation failed: /);
  });

  it('revokes a token with its children (204), and an unknown token quietly', async () => {
    const { call, create, tokens } = await makeAuth();
    const parent = await create({ policies: ['a'] });
    const child = await create({}, parent);
    expect(await call('revoke', 'update', { token: parent })).toBeNull();
    expect(await tokens.resolveToken(parent)).toBeUndefined();
    expect(await tokens.resolveToken(child)).toBeUndefined();
    expect(await call('revoke', 'update', { token: 'hvs.never' })).toBeNull();
    expect(await failure(() => call('revoke', 'update', {}))).toEqual({ status: 400, message: 'missing token ID' });
  });

  it('revokes itself', async () => {
    const { call, create, tokens } = await makeAuth();
    const t = await create({ policies: ['a'] });
    expect(await call('revoke-self', 'update', {}, t)).toBeNull();
    expect(await tokens.resolveToken(t)).toBeUndefined();
  });

  it('revokes by accessor, and warns when the accessor is unknown', async () => {
    const { call, create, tokens } = await makeAuth();
    const t = await create({ policies: ['a'] });
    const accessor = ((await call('lookup', 'update', { token: t })) as LogicalResponse).data!.accessor;
    expect(await call('revoke-accessor', 'update', { accessor })).toBeNull();
    expect(await tokens.resolveToken(t)).toBeUndefined();
    expect(await call('revoke-accessor', 'update', { accessor })).toEqual({ warnings: ['No token found with this accessor'] });
  });

  it('revoke-orphan needs sudo and leaves the children as orphans', async () => {
    const { call, create, tokens, policies } = await makeAuth();
    const parent = await create({ policies: ['a'] });
    const child = await create({}, parent);
    await policies.put('plain', 'path "auth/token/*" { capabilities = ["update"] }');
    const plain = await create({ policies: ['plain'] });
    expect(await failure(() => call('revoke-orphan', 'update', { token: parent }, plain))).toEqual({
      status: 400, message: 'root or sudo privileges required to revoke and orphan',
    });
    expect(await call('revoke-orphan', 'update', { token: parent })).toBeNull();
    expect(await tokens.resolveToken(parent)).toBeUndefined();
    expect(((await call('lookup', 'update', { token: child })) as LogicalResponse).data!.orphan).toBe(true);
    expect(await failure(() => call('revoke-orphan', 'update', { token: parent }))).toEqual({ status: 400, message: 'token to revoke not found' });
  });

  it('cannot revoke batch tokens', async () => {
    const { call, create } = await makeAuth();
    const batch = await create({ policies: ['a'], type: 'batch' });
    expect(await failure(() => call('revoke', 'update', { token: batch }))).toEqual({ status: 400, message: 'batch tokens cannot be revoked' });
  });
});
