// userpass users/: create, read, update, delete and list, the token_* fields and their legacy
// aliases, the password and policies sub-paths, and the stored entry's format
// (V builtin/credential/userpass/path_users.go, path_user_password.go, path_user_policies.go).
import { describe, expect, it } from 'vitest';
import {
  ERR_BCRYPT_PASSWORD_TOO_LONG, ERR_USERPASS_HASH_LENGTH, ERR_USERPASS_HASH_PREFIX, ERR_USERPASS_NO_SUCH_USER,
  ERR_USERPASS_PASSWORD_AND_HASH, ERR_USERPASS_PASSWORD_REQUIRED,
} from '../../../src/errors/userpass.js';
import { body, DEFAULT_TOKEN_DATA, putRawUser, rawUser, vaultWithUserpass, wrapped } from './helpers.js';

/** A bcrypt hash written by Go (golang.org/x/crypto bcrypt_test.go TestBcryptingIsCorrect, password "allmine"). */
const GO_HASH = '$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga';

describe('userpass users/', () => {
  it('creates under the lower-cased name, reads the nine token keys sorted, lists and deletes', async () => {
    const vault = await vaultWithUserpass();
    expect(await vault.request('list', 'auth/userpass/users')).toEqual({ status: 404, body: { errors: [] } });
    expect((await vault.request('update', 'auth/userpass/users/Alice', { password_hash: GO_HASH })).status).toBe(204);
    const read = await vault.request('read', 'auth/userpass/users/ALICE');
    expect(read.status).toBe(200);
    expect(body(read).data).toEqual(DEFAULT_TOKEN_DATA);
    expect(Object.keys(body(read).data)).toEqual(Object.keys(DEFAULT_TOKEN_DATA)); // Go map: sorted keys
    expect(body(read).mount_type).toBe('userpass');
    expect(body(await vault.request('list', 'auth/userpass/users')).data).toEqual({ keys: ['alice'] });
    expect((await vault.request('delete', 'auth/userpass/users/ALICE')).status).toBe(204);
    expect(await vault.request('read', 'auth/userpass/users/alice')).toEqual({ status: 404, body: { errors: [] } });
    expect((await vault.request('delete', 'auth/userpass/users/nobody')).status).toBe(204);
  });

  it('needs a password on create only (existence check), never both password fields', async () => {
    const vault = await vaultWithUserpass();
    expect(await vault.request('update', 'auth/userpass/users/bob', { token_ttl: 60 }))
      .toEqual({ status: 400, body: { errors: [ERR_USERPASS_PASSWORD_REQUIRED] } });
    expect(await vault.request('update', 'auth/userpass/users/bob', { password: 'x', password_hash: GO_HASH }))
      .toEqual({ status: 400, body: { errors: [ERR_USERPASS_PASSWORD_AND_HASH] } });
    expect((await vault.request('update', 'auth/userpass/users/bob', { password_hash: GO_HASH })).status).toBe(204);
    // An update without a password keeps the stored hash.
    expect((await vault.request('update', 'auth/userpass/users/bob', { token_ttl: 60, password: '' })).status).toBe(204);
    expect(await rawUser(vault, 'bob')).toMatchObject({ PasswordHash: Buffer.from(GO_HASH).toString('base64'), token_ttl: 60e9 });
  });

  it('stores every token field as Vault shows it, and refuses bad values with Vault texts', async () => {
    const vault = await vaultWithUserpass();
    const res = await vault.request('update', 'auth/userpass/users/carol', {
      password_hash: GO_HASH, token_policies: 'Dev, ops', token_bound_cidrs: '10.0.0.0/8, 127.0.0.1/32',
      token_ttl: '1h', token_max_ttl: 7200, token_explicit_max_ttl: '3h', token_period: '30m',
      token_no_default_policy: 'true', token_num_uses: '5', token_type: 'service',
    });
    expect(res.status).toBe(204);
    expect(body(await vault.request('read', 'auth/userpass/users/carol')).data).toEqual({
      token_bound_cidrs: ['10.0.0.0/8', '127.0.0.1'], token_explicit_max_ttl: 10800, token_max_ttl: 7200,
      token_no_default_policy: true, token_num_uses: 5, token_period: 1800, token_policies: ['Dev', 'ops'],
      token_ttl: 3600, token_type: 'service',
    });
    const bad = async (data: Record<string, unknown>) => vault.request('update', 'auth/userpass/users/carol', data);
    expect(body(await bad({ token_ttl: '3h' })).errors).toEqual(["'token_ttl' cannot be greater than 'token_max_ttl'"]);
    expect(body(await bad({ token_type: 'default-service' })).errors).toEqual(['invalid \'token_type\' value "default-service"']);
    expect(body(await bad({ token_type: 'batch' })).errors)
      .toEqual(["'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens"]);
    expect(body(await bad({ token_bound_cidrs: 'nope' })).errors)
      .toEqual(['error parsing address "nope": unable to convert "nope" to an IPv4 or IPv6 address, or a UNIX Socket']);
    expect((await bad({ bound_cidrs: 'nope' })).status).toBe(400);
    // Nothing of a refused write was kept.
    expect(body(await vault.request('read', 'auth/userpass/users/carol')).data.token_ttl).toBe(3600);
  });

  it('applies the legacy aliases as tokenutil.UpgradeValue does and shows them only when set', async () => {
    const vault = await vaultWithUserpass();
    const read = async () => body(await vault.request('read', 'auth/userpass/users/dave')).data;
    await vault.request('update', 'auth/userpass/users/dave', {
      password_hash: GO_HASH, policies: 'Admin, dev,admin', ttl: '1h', max_ttl: '2h', bound_cidrs: '10.0.0.1',
    });
    expect(await read()).toEqual({
      ...DEFAULT_TOKEN_DATA, bound_cidrs: ['10.0.0.1'], max_ttl: 7200, policies: ['admin', 'dev'], ttl: 3600,
      token_bound_cidrs: ['10.0.0.1'], token_max_ttl: 7200, token_policies: ['admin', 'dev'], token_ttl: 3600,
    });
    // Only the new name: stored as given, the legacy value cleared.
    await vault.request('update', 'auth/userpass/users/dave', { token_policies: 'Ops', token_ttl: 60 });
    const after = await read();
    expect(after).not.toHaveProperty('policies');
    expect(after).not.toHaveProperty('ttl');
    expect(after).toMatchObject({ token_policies: ['Ops'], token_ttl: 60, max_ttl: 7200, bound_cidrs: ['10.0.0.1'] });
    // Both names: the new value wins and is copied into the legacy one.
    await vault.request('update', 'auth/userpass/users/dave', { max_ttl: 10, token_max_ttl: 900, bound_cidrs: '', token_bound_cidrs: '' });
    const both = await read();
    expect(both).toMatchObject({ max_ttl: 900, token_max_ttl: 900, token_bound_cidrs: [] });
    expect(both).not.toHaveProperty('bound_cidrs');
  });

  it('fills token_* from an entry written before they existed (path_users.go user)', async () => {
    const vault = await vaultWithUserpass();
    await putRawUser(vault, 'old', {
      Password: '', PasswordHash: Buffer.from(GO_HASH).toString('base64'), Policies: ['dev'], TTL: 3600e9, MaxTTL: 0,
      BoundCIDRs: ['127.0.0.1'],
    });
    expect(body(await vault.request('read', 'auth/userpass/users/old')).data).toEqual({
      ...DEFAULT_TOKEN_DATA, bound_cidrs: ['127.0.0.1'], policies: ['dev'], ttl: 3600,
      token_bound_cidrs: ['127.0.0.1'], token_policies: ['dev'], token_ttl: 3600,
    });
  });

  it('stores the user as Go encodes UserEntry, with a $2a$10$ bcrypt hash', async () => {
    const vault = await vaultWithUserpass();
    await vault.request('update', 'auth/userpass/users/erin', { password: 'pw', token_ttl: 90, policies: 'a' });
    const raw = (await rawUser(vault, 'erin'))!;
    expect(Object.keys(raw)).toEqual([
      'token_bound_cidrs', 'token_explicit_max_ttl', 'token_max_ttl', 'token_no_default_policy', 'token_num_uses',
      'token_period', 'token_policies', 'token_type', 'token_ttl', 'Password', 'PasswordHash', 'Policies', 'TTL',
      'MaxTTL', 'BoundCIDRs',
    ]);
    expect(raw).toMatchObject({ token_ttl: 90e9, token_type: 0, token_policies: ['a'], Policies: ['a'], Password: '', TTL: 0 });
    expect(Buffer.from(raw.PasswordHash as string, 'base64').toString()).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
  });

  it('refuses a malformed password_hash and an over-long password with Go errors (500)', async () => {
    const vault = await vaultWithUserpass();
    const w = (data: Record<string, unknown>) => vault.request('update', 'auth/userpass/users/frank', data);
    expect(await w({ password_hash: '$2a$10$short' })).toEqual({ status: 500, body: { errors: [wrapped(ERR_USERPASS_HASH_LENGTH)] } });
    expect(await w({ password_hash: '$2x$' + GO_HASH.slice(4) })).toEqual({ status: 500, body: { errors: [wrapped(ERR_USERPASS_HASH_PREFIX)] } });
    expect(await w({ password: 'é'.repeat(37) })).toEqual({ status: 500, body: { errors: [wrapped(ERR_BCRYPT_PASSWORD_TOO_LONG)] } });
    expect(await rawUser(vault, 'frank')).toBeUndefined();
    // $2b$ and $2y$ hashes are taken as they are.
    expect((await w({ password_hash: '$2y$' + GO_HASH.slice(4) })).status).toBe(204);
  });
});

describe('userpass users/:username/password and /policies', () => {
  it('resets the password; a missing user is a Go error; the password fields are checked', async () => {
    const vault = await vaultWithUserpass();
    const p = (name: string, data: Record<string, unknown>) => vault.request('update', `auth/userpass/users/${name}/password`, data);
    expect(await p('ghost', { password_hash: GO_HASH })).toEqual({ status: 500, body: { errors: [wrapped(ERR_USERPASS_NO_SUCH_USER)] } });
    await vault.request('update', 'auth/userpass/users/gina', { password: 'first' });
    expect(await p('gina', {})).toEqual({ status: 400, body: { errors: [ERR_USERPASS_PASSWORD_REQUIRED] } });
    expect(await p('gina', { password: 'a', password_hash: GO_HASH })).toEqual({ status: 400, body: { errors: [ERR_USERPASS_PASSWORD_AND_HASH] } });
    expect((await p('gina', { password_hash: GO_HASH })).status).toBe(204);
    expect(Buffer.from((await rawUser(vault, 'gina'))!.PasswordHash as string, 'base64').toString()).toBe(GO_HASH);
  });

  it('answers 204 and changes nothing for a malformed hash (1.18 drops the internal error)', async () => {
    const vault = await vaultWithUserpass();
    await vault.request('update', 'auth/userpass/users/hal', { password_hash: GO_HASH });
    expect(await vault.request('update', 'auth/userpass/users/hal/password', { password_hash: 'bad' })).toEqual({ status: 204 });
    expect(Buffer.from((await rawUser(vault, 'hal'))!.PasswordHash as string, 'base64').toString()).toBe(GO_HASH);
  });

  it('writes back under the name as typed (a second entry login never reads)', async () => {
    const vault = await vaultWithUserpass();
    await vault.request('update', 'auth/userpass/users/ivan', { password_hash: GO_HASH });
    expect((await vault.request('update', 'auth/userpass/users/Ivan/policies', { token_policies: 'x' })).status).toBe(204);
    expect(body(await vault.request('list', 'auth/userpass/users')).data.keys).toEqual(['Ivan', 'ivan']);
    expect(body(await vault.request('read', 'auth/userpass/users/ivan')).data.token_policies).toEqual([]);
  });

  it('sets policies normalised, keeping the legacy copy only when `policies` is sent', async () => {
    const vault = await vaultWithUserpass();
    const pol = (data: Record<string, unknown>) => vault.request('update', 'auth/userpass/users/jo/policies', data);
    const read = async () => body(await vault.request('read', 'auth/userpass/users/jo')).data;
    expect(await pol({ policies: 'a' })).toEqual({ status: 500, body: { errors: [wrapped(ERR_USERPASS_NO_SUCH_USER)] } });
    await vault.request('update', 'auth/userpass/users/jo', { password_hash: GO_HASH });
    expect((await pol({ policies: 'B, a ,b' })).status).toBe(204);
    expect(await read()).toMatchObject({ policies: ['a', 'b'], token_policies: ['a', 'b'] });
    await pol({ token_policies: ['Z', 'default'] });
    const now = await read();
    expect(now.token_policies).toEqual(['default', 'z']);
    expect(now).not.toHaveProperty('policies');
    await pol({ token_policies: 'q', policies: 'ignored' });
    expect(await read()).toMatchObject({ policies: ['q'], token_policies: ['q'] });
    expect((await pol({})).status).toBe(204);
    expect((await read()).token_policies).toEqual(['q']);
  });
});

describe('userpass paths', () => {
  it('routes only Vault names, answers unknown operations 405 and serves path help', async () => {
    const vault = await vaultWithUserpass();
    expect((await vault.request('update', 'auth/userpass/users/-bad', { password: 'x' })).status).toBe(404);
    expect(await vault.request('read', 'auth/userpass/users/x/password'))
      .toEqual({ status: 405, body: { errors: [wrapped('unsupported operation')] } });
    const help = await vault.handle({ operation: 'read', path: 'auth/userpass/users/alice', token: vault.rootToken, help: true });
    const text = (help.body as { help: string }).help;
    expect(text).toContain('Matching Route: ^users/(?P<username>\\w(([\\w-.]+)?\\w)?)$');
    expect(text).toContain('Manage users allowed to authenticate.');
    expect(text).toContain('password_hash (string)');
    expect(text).toContain('(DEPRECATED) Use "token_bound_cidrs" instead.');
  });
});
