// sys/plugins/catalog answers for builtins: the untyped listing (name arrays + detailed), the
// typed LIST, the single read, the type parser's error, and filtering to what minivault serves.
import { describe, expect, it } from 'vitest';
import { GoError } from '../../src/errors/vault-error.js';
import {
  catalogEntry, catalogListing, catalogRead, catalogTypeKeys, catalogTypedList, parsePluginType,
  type ImplementedPlugins,
} from '../../src/core/plugin-catalog.js';

const impl = (auth: string[], secret: string[], database: string[] = []): ImplementedPlugins => ({
  auth: new Set(auth), secret: new Set(secret), database: new Set(database),
});

describe('GET sys/plugins/catalog', () => {
  it('lists sorted names per type and detailed entries ordered by type then name', () => {
    const data = catalogListing(impl(['userpass', 'approle'], ['transit', 'kv', 'pki'], ['mysql-database-plugin']));
    expect(Object.keys(data)).toEqual(['auth', 'database', 'detailed', 'secret']);
    expect(data.auth).toEqual(['approle', 'userpass']);
    expect(data.secret).toEqual(['kv', 'pki', 'transit']);
    expect(data.database).toEqual(['mysql-database-plugin']);
    expect(data.detailed).toEqual([
      { builtin: true, deprecation_status: 'supported', name: 'approle', type: 'auth', version: 'v1.18.1+builtin.vault' },
      { builtin: true, deprecation_status: 'supported', name: 'userpass', type: 'auth', version: 'v1.18.1+builtin.vault' },
      { builtin: true, deprecation_status: 'supported', name: 'mysql-database-plugin', type: 'database', version: 'v1.18.1+builtin.vault' },
      { builtin: true, deprecation_status: 'supported', name: 'kv', type: 'secret', version: 'v0.20.0+builtin' },
      { builtin: true, deprecation_status: 'supported', name: 'pki', type: 'secret', version: 'v1.18.1+builtin.vault' },
      { builtin: true, deprecation_status: 'supported', name: 'transit', type: 'secret', version: 'v1.18.1+builtin.vault' },
    ]);
  });

  it('writes detailed entries with keys in Go map order', () => {
    const data = catalogListing(impl([], ['kv']));
    const [entry] = data.detailed as Record<string, unknown>[];
    expect(JSON.stringify(entry)).toBe(
      '{"builtin":true,"deprecation_status":"supported","name":"kv","type":"secret","version":"v0.20.0+builtin"}',
    );
  });

  it('omits types with no entries, and detailed when nothing is listed', () => {
    expect(catalogListing(impl([], ['kv']))).toEqual({ detailed: expect.any(Array), secret: ['kv'] });
    expect(catalogListing(impl([], []))).toEqual({});
  });

  it('leaves out core-only types, aliases, removed builtins and names Vault does not ship', () => {
    const data = catalogListing(impl(['token', 'aws-ec2', 'app-id', 'centrify'], ['kv', 'generic', 'cubbyhole', 'mysql', 'minivault-only']));
    expect(data).toEqual({ detailed: expect.any(Array), secret: ['kv'] });
  });

  it('shows deprecated builtins with their status and module versions', () => {
    const data = catalogListing(impl(['pcf', 'jwt'], ['ad']));
    expect(data.detailed).toEqual([
      { builtin: true, deprecation_status: 'supported', name: 'jwt', type: 'auth', version: 'v0.22.0+builtin' },
      { builtin: true, deprecation_status: 'deprecated', name: 'pcf', type: 'auth', version: 'v1.18.1+builtin.vault' },
      { builtin: true, deprecation_status: 'deprecated', name: 'ad', type: 'secret', version: 'v0.19.0+builtin' },
    ]);
  });
});

describe('LIST sys/plugins/catalog/:type', () => {
  it('lists the served names of that type, sorted', () => {
    expect(catalogTypedList(impl(['userpass', 'approle'], ['kv']), 'auth')).toEqual({ keys: ['approle', 'userpass'] });
    expect(catalogTypedList(impl([], ['transit', 'kv']), 'secret')).toEqual({ keys: ['kv', 'transit'] });
  });

  it('answers no keys for an empty type and for unknown', () => {
    expect(catalogTypedList(impl([], ['kv']), 'database')).toEqual({});
    expect(catalogTypedList(impl([], ['kv']), 'unknown')).toEqual({});
  });

  it('rejects a type string the parser does not know', () => {
    expect(() => catalogTypedList(impl([], []), 'secrets')).toThrow(GoError);
  });
});

describe('GET sys/plugins/catalog/:type/:name', () => {
  it('reads a served builtin with args null, empty command and sha256, in Go map key order', () => {
    const info = catalogRead(impl([], ['kv']), 'secret', 'kv');
    expect(JSON.stringify(info)).toBe(
      '{"args":null,"builtin":true,"command":"","deprecation_status":"supported","name":"kv","sha256":"","version":"v0.20.0+builtin"}',
    );
  });

  it('reads in-tree and database builtins with the in-tree version', () => {
    expect(catalogRead(impl(['userpass'], []), 'auth', 'userpass')?.version).toBe('v1.18.1+builtin.vault');
    expect(catalogRead(impl([], [], ['mysql-database-plugin']), 'database', 'mysql-database-plugin')).toMatchObject({
      deprecation_status: 'supported', version: 'v1.18.1+builtin.vault',
    });
  });

  it('answers a removed builtin with status removed, as Vault still finds it in the registry', () => {
    expect(catalogRead(impl([], []), 'secret', 'mysql')).toMatchObject({ name: 'mysql', deprecation_status: 'removed', builtin: true });
    expect(catalogRead(impl([], []), 'auth', 'app-id')?.deprecation_status).toBe('removed');
  });

  it('answers nothing (404) for unknown names, unserved builtins, the wrong table and unknown type', () => {
    const served = impl(['userpass'], ['kv']);
    expect(catalogRead(served, 'secret', 'nope')).toBeUndefined();
    expect(catalogRead(served, 'secret', 'transit')).toBeUndefined();
    expect(catalogRead(served, 'auth', 'kv')).toBeUndefined();
    expect(catalogRead(served, 'unknown', 'kv')).toBeUndefined();
  });

  it('matches only the builtin version when a version is asked for', () => {
    const served = impl([], ['kv']);
    expect(catalogRead(served, 'secret', 'kv', 'v0.20.0+builtin')?.name).toBe('kv');
    expect(catalogRead(served, 'secret', 'kv', '')?.name).toBe('kv');
    expect(catalogRead(served, 'secret', 'kv', 'v0.19.0+builtin')).toBeUndefined();
  });
});

describe('plugin type parsing', () => {
  it('accepts auth, database, secret and unknown', () => {
    expect(['auth', 'database', 'secret', 'unknown'].map(parsePluginType)).toEqual(['auth', 'database', 'secret', 'unknown']);
  });

  it('fails with Vault\'s "is not a supported plugin type" as a 500 Go error', () => {
    try {
      parsePluginType('credential');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GoError);
      expect((e as GoError).status).toBe(500);
      expect((e as GoError).plain).toBe('"credential" is not a supported plugin type');
    }
  });
});

describe('route call shapes', () => {
  it('catalogTypeKeys gives the key array, empty when none', () => {
    expect(catalogTypeKeys('secret', impl([], ['kv', 'generic']))).toEqual(['kv']);
    expect(catalogTypeKeys('database', impl([], ['kv']))).toEqual([]);
  });

  it('catalogEntry reads like catalogRead, and the untyped route (type unknown) finds nothing', () => {
    const served = impl([], ['kv']);
    expect(catalogEntry('secret', 'kv', served)).toEqual(catalogRead(served, 'secret', 'kv'));
    expect(catalogEntry('unknown', 'kv', served)).toBeUndefined();
  });
});
