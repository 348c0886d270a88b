import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditBroker } from '../../src/audit/broker.js';
import { AUDIT_SUDO_PATHS, isAuditSysPath } from '../../src/audit/sys.js';
import { VaultError } from '../../src/errors/vault-error.js';
import type { LogicalRequest, Operation } from '../../src/logical/types.js';
import { ManualClock } from '../../src/util/clock.js';
import { SeededRandom } from '../../src/util/random.js';
import { asRequest, auditSys, kvWrite, newBroker, removeDir, tempDir } from './helpers.js';

const req = (operation: Operation, p: string, data: Record<string, unknown> = {}): LogicalRequest =>
  ({ operation, path: p, data, mountPoint: 'sys/' });

async function refusal(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof VaultError) return { status: e.status, message: e.message };
    throw e;
  }
  throw new Error('expected a VaultError');
}

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

async function loaded() {
  const t = newBroker();
  await t.broker.load();
  return t;
}

describe('sys/audit listing and enabling', () => {
  it('lists no devices as an empty data object', async () => {
    const { broker } = await loaded();
    expect(await auditSys(broker).handle(req('read', 'audit'))).toEqual({ data: {} });
  });

  it('enables a file device (204), lists it keyed by path, and writes Vault\'s test probe', async () => {
    const { broker } = await loaded();
    const file = path.join(dir, 'nested', 'audit.log');
    expect(await auditSys(broker).handle(req('update', 'audit/file', { type: 'file', options: { file_path: file } }))).toBeNull();
    expect(await auditSys(broker).handle(req('read', 'audit'))).toEqual({
      data: { 'file/': { description: '', local: false, options: { file_path: file }, path: 'file/', type: 'file' } },
    });
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const probe = JSON.parse(lines[0]!);
    expect(Object.keys(probe)).toEqual(['time', 'type', 'auth', 'request', 'chain']);
    expect(probe).toMatchObject({
      time: '2026-01-02T03:04:05.678Z', type: 'request', auth: { token_type: 'default' },
      request: { operation: 'update', namespace: { id: 'root' }, path: 'sys/audit/test' },
    });
    expect(probe.request.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('accepts the CLI form with a trailing slash, options as k=v strings and weakly typed values', async () => {
    const { broker } = await loaded();
    const file = path.join(dir, 'a.log');
    await auditSys(broker).handle(req('update', 'audit/cli/', {
      type: 'file', description: 'from cli', options: [`file_path=${file}`, 'log_raw=true'], local: 'true',
    }));
    await auditSys(broker).handle(req('update', 'audit/weak', { type: 'memory', options: { log_raw: true, hmac_accessor: 0 } }));
    expect(broker.list()).toEqual([
      { description: 'from cli', local: true, options: { file_path: file, log_raw: 'true' }, path: 'cli/', type: 'file' },
      { description: '', local: false, options: { log_raw: '1', hmac_accessor: '0' }, path: 'weak/', type: 'memory' },
    ]);
  });

  it('skips the probe with skip_test=true', async () => {
    const { broker } = await loaded();
    await broker.enable('quiet', { type: 'memory', options: { skip_test: 'true' } });
    expect(broker.memory('quiet')!.lines()).toEqual([]);
  });

  it('sets the requested file mode with executable bits stripped', async () => {
    const { broker } = await loaded();
    await broker.enable('m', { type: 'file', options: { file_path: path.join(dir, 'm.log'), mode: '0755' } });
    expect(fs.statSync(path.join(dir, 'm.log')).mode & 0o777).toBe(0o644);
  });

  it('treats stdout and discard case-insensitively, and discard writes nothing yet never fails', async () => {
    const { broker } = await loaded();
    await broker.enable('d', { type: 'file', options: { file_path: 'DisCard' } });
    await broker.logRequest(asRequest(kvWrite({ a: 'b' })));
    expect(broker.head('d')).toEqual({ seq: 0, hash: '0'.repeat(64) });
    expect(broker.list()[0]!.options).toEqual({ file_path: 'DisCard' });
  });
});

describe('sys/audit refusals change nothing', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['unknown type', { type: 'syslog' }, 'unknown backend type: "syslog"'],
    ['missing type', {}, 'unknown backend type: ""'],
    ['missing file_path', { type: 'file' }, 'file_path is required'],
    ['bad log_raw', { type: 'memory', options: { log_raw: 'maybe' } }, 'strconv.ParseBool: parsing "maybe": invalid syntax'],
    ['bad hmac_accessor', { type: 'memory', options: { hmac_accessor: 'yes' } }, 'strconv.ParseBool: parsing "yes": invalid syntax'],
    ['jsonx', { type: 'memory', options: { format: 'jsonx' } },
      'jsonx formatting has been removed, consider switching to json by omitting "format" or setting it to "json"'],
    ['unknown format', { type: 'memory', options: { format: 'xml' } }, 'unknown format type "xml"'],
    ['bad mode', { type: 'memory', options: { mode: '0789' } }, 'strconv.ParseUint: parsing "0789": invalid syntax'],
    ['a type that is no string', { type: { a: 1 } },
      'Field validation failed: error converting input map[a:1] for field "type": \'\' expected type \'string\', got unconvertible type \'map[string]interface {}\', value: \'map[a:1]\''],
    ['an option without =', { type: 'memory', options: ['log_raw'] },
      'Field validation failed: error converting input [log_raw] for field "options": invalid key pair "log_raw"'],
    ['bad local', { type: 'memory', local: 'sometimes' },
      'Field validation failed: error converting input sometimes for field "local": cannot parse \'\' as bool: strconv.ParseBool: parsing "sometimes": invalid syntax'],
  ];
  it.each(cases)('refuses %s with 400 and Vault\'s message', async (_name, body, message) => {
    const { broker, storage } = await loaded();
    const before = storage.entries();
    expect(await refusal(auditSys(broker).handle(req('update', 'audit/x', body)))).toEqual({ status: 400, message });
    expect(storage.entries()).toEqual(before);
    expect(broker.list()).toEqual([]);
  });

  it('refuses a file it cannot open with the sanity-check message', async () => {
    const { broker, storage } = await loaded();
    const r = await refusal(broker.enable('f', { type: 'file', options: { file_path: dir } }));
    expect(r).toEqual({ status: 400, message: `sanity check failed; unable to open "${dir}" for writing: open ${dir}: is a directory` });
    expect(storage.entries()).toEqual([]);
  });

  it('refuses a path equal to, above or under an enabled device', async () => {
    const { broker } = await loaded();
    await broker.enable('team/a', { type: 'memory' });
    for (const p of ['team/a', 'team', 'team/a/b']) {
      expect(await refusal(broker.enable(p, { type: 'memory' }))).toEqual({ status: 400, message: 'path already in use' });
    }
    await broker.enable('team/b', { type: 'memory' });
    expect(broker.devicePaths()).toEqual(['team/a/', 'team/b/']);
  });

  it('lets only one of two concurrent enables of a path through', async () => {
    const { broker } = await loaded();
    const results = await Promise.allSettled([broker.enable('same', { type: 'memory' }), broker.enable('same', { type: 'memory' })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });
});

describe('sys/audit disable and sys/audit-hash', () => {
  it('disables a device, answers 204 for one that is not there, and forgets the salt', async () => {
    const { broker, storage } = await loaded();
    await broker.enable('mem', { type: 'memory' });
    const first = broker.hash('mem', 'value');
    expect(await auditSys(broker).handle(req('delete', 'audit/mem'))).toBeNull();
    expect(await auditSys(broker).handle(req('delete', 'audit/never'))).toBeNull();
    expect(broker.list()).toEqual([]);
    expect(storage.entries().map(([k]) => k)).toEqual(['table']);
    await broker.enable('mem', { type: 'memory' });
    expect(broker.hash('mem', 'value')).not.toBe(first);
  });

  it('hashes input with the device salt, warning about unknown parameters', async () => {
    const { broker } = await loaded();
    await broker.enable('mem', { type: 'memory' });
    const resp = await auditSys(broker).handle(req('update', 'audit-hash/mem', { input: 'my-secret', extra: 1, path: 'x' }));
    expect(resp).toEqual({
      data: { hash: broker.hash('mem/', 'my-secret') },
      warnings: [
        'Endpoint ignored these unrecognized parameters: [extra]',
        "Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [path]",
      ],
    });
    expect((resp!.data as { hash: string }).hash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
  });

  it('refuses an empty input and an unknown device with 400', async () => {
    const { broker } = await loaded();
    await broker.enable('mem', { type: 'memory' });
    expect(await refusal(auditSys(broker).handle(req('update', 'audit-hash/mem', { input: '' }))))
      .toEqual({ status: 400, message: 'the "input" parameter is empty' });
    expect(await refusal(auditSys(broker).handle(req('update', 'audit-hash/nope', { input: 'x' }))))
      .toEqual({ status: 400, message: 'unknown audit backend "nope/"' });
  });

  it('answers operations a path does not take with 405, and an empty device name with 404', async () => {
    const { broker } = await loaded();
    const op405 = '1 error occurred:\n\t* unsupported operation\n\n';
    expect(await refusal(auditSys(broker).handle(req('update', 'audit')))).toEqual({ status: 405, message: op405 });
    expect(await refusal(auditSys(broker).handle(req('list', 'audit')))).toEqual({ status: 405, message: op405 });
    expect(await refusal(auditSys(broker).handle(req('read', 'audit/file')))).toEqual({ status: 405, message: op405 });
    expect(await refusal(auditSys(broker).handle(req('read', 'audit-hash/file')))).toEqual({ status: 405, message: op405 });
    expect(await refusal(auditSys(broker).handle(req('read', 'audit/'))))
      .toEqual({ status: 404, message: '1 error occurred:\n\t* unsupported path\n\n' });
  });

  it('names the sudo paths and the paths it answers', () => {
    expect(AUDIT_SUDO_PATHS).toEqual(['sys/audit', 'sys/audit/*']);
    expect(['audit', 'audit/file', 'audit-hash/file'].every(isAuditSysPath)).toBe(true);
    expect(['auditx', 'mounts', 'audit-hash'].some(isAuditSysPath)).toBe(false);
  });
});

describe('the device table survives a restart', () => {
  it('brings devices back with their salt and options after unload and a new broker', async () => {
    const { broker, storage } = await loaded();
    const file = path.join(dir, 'a.log');
    await broker.enable('file', { type: 'file', description: 'd', options: { file_path: file, hmac_accessor: 'false' } });
    const hash = broker.hash('file', 'v');
    await broker.unload();
    expect(broker.loaded).toBe(false);
    expect(broker.devicePaths()).toEqual([]);
    const again = new AuditBroker({ storage, clock: new ManualClock(), random: new SeededRandom(9) });
    await again.load();
    expect(again.list()).toEqual([
      { description: 'd', local: false, options: { file_path: file, hmac_accessor: 'false' }, path: 'file/', type: 'file' },
    ]);
    expect(again.hash('file', 'v')).toBe(hash);
    await again.unload();
  });

  it('keeps a memory device\'s lines across seal and unseal of the same broker', async () => {
    const { broker } = await loaded();
    await broker.enable('mem', { type: 'memory' });
    await broker.unload();
    await broker.load();
    await broker.logRequest(asRequest(kvWrite({ a: 'b' })));
    expect(broker.memory('mem')!.lines()).toHaveLength(2);
  });

  it('refuses to load when devices are configured and none can open', async () => {
    const { broker, storage } = await loaded();
    const file = path.join(dir, 'gone', 'a.log');
    await broker.enable('file', { type: 'file', options: { file_path: file } });
    await broker.unload();
    fs.rmSync(path.join(dir, 'gone'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'gone'), 'a file where the directory was');
    const again = new AuditBroker({ storage });
    expect(await refusal(again.load())).toEqual({ status: 500, message: 'failed to setup audit table' });
    expect(again.loaded).toBe(false);
  });
});
