import { describe, expect, it } from 'vitest';
import { ACL, DEFAULT_POLICY, parsePolicy } from '../../src/auth/index.js';

const acl = (...texts: string[]) => new ACL(texts.map((t, i) => parsePolicy(t, `p${i}`)));
const allowed = (a: ACL, path: string, op: Parameters<ACL['allowOperation']>[1], data?: Record<string, unknown>) =>
  a.allowOperation(path, op, { data }).allowed;

describe('ACL evaluation', () => {
  it('lets the root policy do anything, sudo paths included, and reports ["root"]', () => {
    const root = ACL.root();
    expect(root.allowOperation('sys/audit/file', 'update')).toEqual({ allowed: true, sudo: true, isRoot: true, capabilities: ['root'] });
    expect(root.capabilities('anything/at/all')).toEqual(['root']);
    expect(new ACL([parsePolicy('path "*" { capabilities = ["deny"] }', 'root')]).isRoot).toBe(true);
  });

  it('denies a path no rule matches and reports ["deny"]', () => {
    const a = acl('path "secret/app" { capabilities = ["read"] }');
    expect(a.allowOperation('secret/other', 'read')).toMatchObject({ allowed: false, capabilities: ['deny'] });
    expect(a.capabilities('secret/other')).toEqual(['deny']);
  });

  it('uses an exact rule before any glob', () => {
    const a = acl('path "secret/*" { capabilities = ["read", "update"] }', 'path "secret/app" { capabilities = ["list"] }');
    expect(allowed(a, 'secret/app', 'read')).toBe(false);
    expect(allowed(a, 'secret/app', 'list')).toBe(true);
    expect(allowed(a, 'secret/other', 'read')).toBe(true);
  });

  it('treats * as a glob only at the end, matching the prefix itself too', () => {
    const a = acl('path "secret/foo*" { capabilities = ["read"] }', 'path "lit/a*b" { capabilities = ["read"] }');
    for (const p of ['secret/foo', 'secret/food', 'secret/foo/bar']) expect(allowed(a, p, 'read')).toBe(true);
    expect(allowed(a, 'secret/fo', 'read')).toBe(false);
    expect(allowed(a, 'lit/a*b', 'read')).toBe(true);
    expect(allowed(a, 'lit/axb', 'read')).toBe(false);
  });

  it('picks the longest prefix among globs', () => {
    const a = acl('path "secret/*" { capabilities = ["read"] }', 'path "secret/app/*" { capabilities = ["deny"] }');
    expect(allowed(a, 'secret/x', 'read')).toBe(true);
    expect(allowed(a, 'secret/app/key', 'read')).toBe(false);
  });

  it('matches + against exactly one whole segment', () => {
    const a = acl('path "secret/+/teamb" { capabilities = ["read"] }', 'path "kv/+/x/*" { capabilities = ["read"] }');
    expect(allowed(a, 'secret/a/teamb', 'read')).toBe(true);
    expect(allowed(a, 'secret/a/b/teamb', 'read')).toBe(false);
    expect(allowed(a, 'secret/teamb', 'read')).toBe(false);
    expect(allowed(a, 'kv/q/x/deep/er', 'read')).toBe(true);
    expect(allowed(a, 'kv/q/y/deep', 'read')).toBe(false);
  });

  it('prefers secret/* over secret/+/+/foo/* (the documented example)', () => {
    const a = acl('path "secret/*" { capabilities = ["read"] }', 'path "secret/+/+/foo/*" { capabilities = ["deny"] }');
    expect(allowed(a, 'secret/a/b/foo/c', 'read')).toBe(true);
  });

  it('prefers a later first wildcard, then non-prefix, then fewer +, then longer', () => {
    expect(allowed(acl('path "foo/+" { capabilities = ["deny"] }', 'path "foo/a*" { capabilities = ["read"] }'), 'foo/ab', 'read')).toBe(true);
    expect(allowed(acl('path "foo/+/bar" { capabilities = ["read"] }', 'path "foo/+/ba*" { capabilities = ["deny"] }'), 'foo/x/bar', 'read')).toBe(true);
    expect(allowed(acl('path "foo/bar/+/baz" { capabilities = ["read"] }', 'path "foo/+/+/baz" { capabilities = ["deny"] }'), 'foo/bar/x/baz', 'read')).toBe(true);
    expect(allowed(acl('path "foo/+/bar/ba*" { capabilities = ["read"] }', 'path "foo/+/bar/b*" { capabilities = ["deny"] }'), 'foo/x/bar/baz', 'read')).toBe(true);
  });

  it('lets a more specific allow override a broader deny (rules of different paths are not merged)', () => {
    const a = acl('path "secret/*" { capabilities = ["deny"] }', 'path "secret/public" { capabilities = ["read"] }');
    expect(allowed(a, 'secret/public', 'read')).toBe(true);
    expect(allowed(a, 'secret/private', 'read')).toBe(false);
  });

  it('merges rules of the same path from several policies, deny winning', () => {
    const merged = acl('path "a/*" { capabilities = ["read"] }', 'path "a/*" { capabilities = ["update"] }');
    expect(merged.capabilities('a/x')).toEqual(['read', 'update']);
    const denied = acl('path "a/*" { capabilities = ["read"] }', 'path "a/*" { capabilities = ["deny"] }', 'path "a/*" { capabilities = ["list"] }');
    expect(denied.capabilities('a/x')).toEqual(['deny']);
    expect(allowed(denied, 'a/x', 'read')).toBe(false);
  });

  it('answers LIST on a trailing-slash path from the exact rule without the slash', () => {
    const a = acl('path "secret/metadata/app" { capabilities = ["list"] }');
    expect(allowed(a, 'secret/metadata/app/', 'list')).toBe(true);
    expect(allowed(a, 'secret/metadata/app/', 'read')).toBe(false);
  });

  it('answers LIST on a trailing-slash path from a + rule on the trimmed form', () => {
    const a = acl('path "kv1/+" { capabilities = ["list"] }');
    expect(allowed(a, 'kv1/private/', 'list')).toBe(true);
  });

  it('lets a more specific deny beat a LIST grant reachable through the trimmed form', () => {
    const a = acl('path "kv1/+" { capabilities = ["list"] }', 'path "kv1/private/*" { capabilities = ["deny"] }');
    expect(allowed(a, 'kv1/private/', 'list')).toBe(false);
    expect(allowed(a, 'kv1/public/', 'list')).toBe(true);
  });

  it('requires sudo where the caller says the path is root-protected, and reports it', () => {
    const plain = acl('path "sys/audit/*" { capabilities = ["update"] }');
    const root = { rootPrivsRequired: true };
    expect(plain.allowOperation('sys/audit/file', 'update', root)).toMatchObject({ allowed: false, sudo: false });
    const sudo = acl('path "sys/audit/*" { capabilities = ["update", "sudo"] }');
    expect(sudo.allowOperation('sys/audit/file', 'update', root)).toMatchObject({ allowed: true, sudo: true });
    expect(plain.allowOperation('sys/audit/file', 'update').allowed).toBe(true);
  });

  it('reports sudo through hasSudo for the handler-level checks', () => {
    const a = acl('path "auth/token/create" { capabilities = ["update", "sudo"] }');
    expect(a.hasSudo('auth/token/create')).toBe(true);
    expect(a.hasSudo('auth/token/create-orphan')).toBe(false);
  });

  it('keeps create and update apart (the caller decides which by existence)', () => {
    const a = acl('path "kgc/data/*" { capabilities = ["update"] }');
    expect(allowed(a, 'kgc/data/x', 'update')).toBe(true);
    expect(allowed(a, 'kgc/data/x', 'create')).toBe(false);
  });

  it('gives the default policy its self-service paths and nothing else', () => {
    const a = new ACL([parsePolicy(DEFAULT_POLICY, 'default')]);
    expect(allowed(a, 'auth/token/lookup-self', 'read')).toBe(true);
    expect(allowed(a, 'auth/token/renew-self', 'update')).toBe(true);
    expect(allowed(a, 'sys/capabilities-self', 'update')).toBe(true);
    expect(allowed(a, 'cubbyhole/x', 'create')).toBe(true);
    expect(allowed(a, 'identity/oidc/provider/p/authorize', 'read')).toBe(true);
    expect(allowed(a, 'auth/token/create', 'update')).toBe(false);
    expect(allowed(a, 'sys/mounts', 'read')).toBe(false);
  });
});

describe('ACL parameter constraints', () => {
  const a = acl(`path "app/config" {
    capabilities = ["create", "update", "read"]
    allowed_parameters = { "mode" = ["fast", "slow*"], "tag" = [] }
    denied_parameters = { "tag" = ["forbidden"] }
    required_parameters = ["mode"]
  }`);

  it('requires the required parameters', () => {
    expect(allowed(a, 'app/config', 'update', { tag: 'x' })).toBe(false);
    expect(allowed(a, 'app/config', 'update', { mode: 'fast' })).toBe(true);
  });

  it('matches allowed values with globs and refuses unlisted keys', () => {
    expect(allowed(a, 'app/config', 'update', { mode: 'slowest' })).toBe(true);
    expect(allowed(a, 'app/config', 'update', { mode: 'medium' })).toBe(false);
    expect(allowed(a, 'app/config', 'update', { mode: 'fast', other: 1 })).toBe(false);
  });

  it('refuses denied values, including inside comma strings and lists', () => {
    expect(allowed(a, 'app/config', 'update', { mode: 'fast', tag: 'forbidden' })).toBe(false);
    expect(allowed(a, 'app/config', 'update', { mode: 'fast', tag: 'ok,forbidden' })).toBe(false);
    expect(allowed(a, 'app/config', 'update', { mode: 'fast', tag: ['ok', 'forbidden'] })).toBe(false);
    expect(allowed(a, 'app/config', 'update', { mode: 'fast', tag: 'ok' })).toBe(true);
  });

  it('denies every parameter under "*" = [] and ignores constraints on delete and list', () => {
    const b = acl('path "x" { capabilities = ["update", "delete"]\n denied_parameters = { "*" = [] } }');
    expect(allowed(b, 'x', 'update', { a: 1 })).toBe(false);
    expect(allowed(b, 'x', 'update', {})).toBe(true);
    expect(allowed(b, 'x', 'delete', { a: 1 })).toBe(true);
  });

  it('refuses requests without the wrapping a min/max_wrapping_ttl rule asks for', () => {
    const w = acl('path "x" { capabilities = ["read"]\n max_wrapping_ttl = "1h" }');
    expect(w.allowOperation('x', 'read').allowed).toBe(false);
    expect(w.allowOperation('x', 'read', { wrapTtl: 60 }).allowed).toBe(true);
    expect(w.allowOperation('x', 'read', { wrapTtl: 7200 }).allowed).toBe(false);
  });
});
