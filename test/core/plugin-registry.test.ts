// The Vault 1.18.1 builtin registry as data: versions reported for builtins (external plugin
// modules vs in-tree), deprecation statuses, removed types, aliases and core-only types.
import { describe, expect, it } from 'vitest';
import {
  IN_TREE_BUILTIN_VERSION, builtinNames, builtinVersion, classifyMountType, deprecationStatus,
  isDeprecatedBuiltin, isPendingRemoval, isRemovedBuiltin, lookupBuiltin, runningPluginVersion, vaultCanMount,
} from '../../src/core/plugin-registry.js';

describe('running_plugin_version', () => {
  it('reports the kv plugin module version for kv mounts', () => {
    expect(runningPluginVersion('secret', 'kv')).toBe('v0.20.0+builtin');
  });

  it('reports the Vault version with +builtin.vault for in-tree engines and methods', () => {
    expect(IN_TREE_BUILTIN_VERSION).toBe('v1.18.1+builtin.vault');
    for (const t of ['transit', 'pki', 'ssh', 'totp', 'aws', 'consul', 'nomad', 'rabbitmq']) {
      expect(runningPluginVersion('secret', t)).toBe('v1.18.1+builtin.vault');
    }
    for (const t of ['userpass', 'approle', 'cert', 'github', 'ldap', 'okta', 'radius', 'aws']) {
      expect(runningPluginVersion('auth', t)).toBe('v1.18.1+builtin.vault');
    }
  });

  it('reports +builtin.vault for core mounts and aliases stored under their own name', () => {
    for (const t of ['cubbyhole', 'system', 'identity', 'generic', 'database']) {
      expect(runningPluginVersion('secret', t)).toBe('v1.18.1+builtin.vault');
    }
    expect(runningPluginVersion('auth', 'token')).toBe('v1.18.1+builtin.vault');
    expect(runningPluginVersion('auth', 'aws-ec2')).toBe('v1.18.1+builtin.vault');
  });

  it('reports the module versions of the external auth plugins', () => {
    expect(runningPluginVersion('auth', 'jwt')).toBe('v0.22.0+builtin');
    expect(runningPluginVersion('auth', 'kubernetes')).toBe('v0.20.0+builtin');
    expect(runningPluginVersion('auth', 'azure')).toBe('v0.19.1+builtin');
    expect(runningPluginVersion('auth', 'gcp')).toBe('v0.19.0+builtin');
    expect(runningPluginVersion('auth', 'alicloud')).toBe('v0.19.0+builtin');
    expect(runningPluginVersion('auth', 'cf')).toBe('v0.19.0+builtin');
    expect(runningPluginVersion('auth', 'kerberos')).toBe('v0.13.0+builtin');
    expect(runningPluginVersion('auth', 'oci')).toBe('v0.17.0+builtin');
  });

  it('looks versions up by plugin name, so oidc, pcf and ldap are in-tree despite sharing a module', () => {
    expect(runningPluginVersion('auth', 'oidc')).toBe('v1.18.1+builtin.vault');
    expect(runningPluginVersion('auth', 'pcf')).toBe('v1.18.1+builtin.vault');
    expect(runningPluginVersion('secret', 'ldap')).toBe('v1.18.1+builtin.vault');
    expect(runningPluginVersion('secret', 'openldap')).toBe('v0.14.3+builtin');
  });

  it('reports the module versions of the external secrets engines', () => {
    expect(runningPluginVersion('secret', 'kubernetes')).toBe('v0.9.0+builtin');
    expect(runningPluginVersion('secret', 'azure')).toBe('v0.20.1+builtin');
    expect(runningPluginVersion('secret', 'gcp')).toBe('v0.20.0+builtin');
    expect(runningPluginVersion('secret', 'ad')).toBe('v0.19.0+builtin');
    expect(runningPluginVersion('secret', 'terraform')).toBe('v0.10.0+builtin');
  });

  it('strips -database-plugin to find database plugin modules', () => {
    expect(builtinVersion('database', 'elasticsearch-database-plugin')).toBe('v0.16.0+builtin');
    expect(builtinVersion('database', 'redis-elasticache-database-plugin')).toBe('v0.5.0+builtin');
    expect(builtinVersion('database', 'redis-database-plugin')).toBe('v0.4.0+builtin');
    expect(builtinVersion('database', 'mysql-database-plugin')).toBe('v1.18.1+builtin.vault');
  });

  it('does not resolve names through the object prototype', () => {
    expect(runningPluginVersion('secret', 'constructor')).toBe('v1.18.1+builtin.vault');
    expect(lookupBuiltin('secret', 'toString')).toBeUndefined();
  });
});

describe('deprecation statuses', () => {
  it('marks current builtins supported and ad / pcf deprecated', () => {
    expect(deprecationStatus('secret', 'kv')).toBe('supported');
    expect(deprecationStatus('secret', 'transit')).toBe('supported');
    expect(deprecationStatus('auth', 'userpass')).toBe('supported');
    expect(deprecationStatus('secret', 'ad')).toBe('deprecated');
    expect(deprecationStatus('auth', 'pcf')).toBe('deprecated');
    expect(isDeprecatedBuiltin('secret', 'ad')).toBe(true);
  });

  it('omits the status for core types and aliases, as sys/mounts does', () => {
    for (const t of ['cubbyhole', 'system', 'identity', 'generic', 'database', 'plugin']) {
      expect(deprecationStatus('secret', t)).toBeUndefined();
    }
    expect(deprecationStatus('auth', 'token')).toBeUndefined();
    expect(deprecationStatus('auth', 'aws-ec2')).toBeUndefined();
  });

  it('keeps status per table: kv is a secrets builtin, not an auth one', () => {
    expect(deprecationStatus('auth', 'kv')).toBeUndefined();
    expect(deprecationStatus('secret', 'userpass')).toBeUndefined();
  });

  it('knows the removed builtins and has none pending removal', () => {
    for (const t of ['cassandra', 'mongodb', 'mssql', 'mysql', 'postgresql']) {
      expect(isRemovedBuiltin('secret', t)).toBe(true);
      expect(lookupBuiltin('secret', t)).toEqual({ status: 'removed', version: 'v1.18.1+builtin.vault' });
    }
    expect(isRemovedBuiltin('auth', 'app-id')).toBe(true);
    expect(isRemovedBuiltin('secret', 'kv')).toBe(false);
    for (const kind of ['auth', 'secret', 'database'] as const) {
      for (const n of builtinNames(kind)) expect(isPendingRemoval(kind, n)).toBe(false);
    }
  });

  it('no longer has centrify (dropped from the registry in 1.17)', () => {
    expect(lookupBuiltin('auth', 'centrify')).toBeUndefined();
    expect(classifyMountType('auth', 'centrify')).toBe('unknown');
  });
});

describe('builtin names', () => {
  it('lists the 18 auth methods Vault 1.18.1 ships, sorted, without removed app-id', () => {
    expect(builtinNames('auth')).toEqual([
      'alicloud', 'approle', 'aws', 'azure', 'cert', 'cf', 'gcp', 'github', 'jwt', 'kerberos',
      'kubernetes', 'ldap', 'oci', 'oidc', 'okta', 'pcf', 'radius', 'userpass',
    ]);
  });

  it('lists the 19 secrets engines, without the removed ones and without core-only types', () => {
    expect(builtinNames('secret')).toEqual([
      'ad', 'alicloud', 'aws', 'azure', 'consul', 'gcp', 'gcpkms', 'kubernetes', 'kv', 'ldap',
      'mongodbatlas', 'nomad', 'openldap', 'pki', 'rabbitmq', 'ssh', 'terraform', 'totp', 'transit',
    ]);
  });

  it('lists the 17 database plugins', () => {
    const names = builtinNames('database');
    expect(names).toHaveLength(17);
    expect(names).toContain('mysql-rds-database-plugin');
    expect(names).toContain('snowflake-database-plugin');
    expect(names.every((n) => n.endsWith('-database-plugin'))).toBe(true);
  });

  it('gives every listed builtin a well-formed version', () => {
    for (const kind of ['auth', 'secret', 'database'] as const) {
      for (const n of builtinNames(kind)) {
        expect(lookupBuiltin(kind, n)!.version).toMatch(/^v\d+\.\d+\.\d+\+builtin(\.vault)?$/);
      }
    }
  });
});

describe('mount type classes', () => {
  it('classifies builtins, aliases, core types, singletons, removed and unknown types', () => {
    expect(classifyMountType('secret', 'transit')).toBe('builtin');
    expect(classifyMountType('secret', 'kv')).toBe('builtin');
    expect(classifyMountType('secret', 'ad')).toBe('builtin');
    expect(classifyMountType('secret', 'kv-v2')).toBe('alias');
    expect(classifyMountType('secret', 'generic')).toBe('alias');
    expect(classifyMountType('auth', 'aws-ec2')).toBe('alias');
    expect(classifyMountType('secret', 'database')).toBe('core');
    expect(classifyMountType('secret', 'plugin')).toBe('core');
    expect(classifyMountType('secret', 'cubbyhole')).toBe('singleton');
    expect(classifyMountType('secret', 'token')).toBe('singleton');
    expect(classifyMountType('auth', 'token')).toBe('singleton');
    expect(classifyMountType('secret', 'mysql')).toBe('removed');
    expect(classifyMountType('auth', 'app-id')).toBe('removed');
    expect(classifyMountType('secret', 'nope')).toBe('unknown');
  });

  it('treats a secrets type sent as an auth method (and vice versa) as unknown', () => {
    expect(classifyMountType('auth', 'kv')).toBe('unknown');
    expect(classifyMountType('auth', 'kv-v2')).toBe('unknown');
    expect(classifyMountType('auth', 'cubbyhole')).toBe('unknown');
    expect(classifyMountType('secret', 'userpass')).toBe('unknown');
  });

  it('says which types Vault could mount', () => {
    expect(vaultCanMount('secret', 'transit')).toBe(true);
    expect(vaultCanMount('auth', 'kubernetes')).toBe(true);
    expect(vaultCanMount('secret', 'mysql')).toBe(false);
    expect(vaultCanMount('secret', 'identity')).toBe(false);
    expect(vaultCanMount('auth', 'nope')).toBe(false);
  });
});
