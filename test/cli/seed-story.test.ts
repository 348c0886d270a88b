// The seed's whole story through main(), against the lead's in-process minivault
// (src/testing startVault): init 5/3, unseal ×3, KV v2 at kgc/, two policies, twelve writes, rollback to version 4, audit device, offline chain verification.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';
import { startVault } from '../../src/testing/index.js';



const KGC_READ = 'path "kgc/data/api-credentials" {\n  capabilities = ["read"]\n}\n';
const KGC_ROTATE = 'path "kgc/data/api-credentials" {\n  capabilities = ["create", "update", "read"]\n}\n'
  + 'path "kgc/metadata/api-credentials" {\n  capabilities = ["read"]\n}\n';

describe('the seed story against minivault', () => {
  it('initialises, unseals, stores twelve versions, rolls back to 4 and verifies the audit log', async () => {
    const vault = await startVault({ dev: false });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'minivault-seed-'));
      const cli = (argv: string[], opts: { token?: string; stdin?: string } = {}) =>
        runCli(vault.address, argv, { env: opts.token ? { VAULT_TOKEN: opts.token } : {}, stdin: opts.stdin });

      const init = await cli(['operator', 'init', '-key-shares=5', '-key-threshold=3', '-format=json']);
      expect(init.code).toBe(0);
      const { unseal_keys_b64: keys, root_token: root } = JSON.parse(init.stdout) as { unseal_keys_b64: string[]; root_token: string };
      expect(keys).toHaveLength(5);

      const first = await cli(['operator', 'unseal', keys[0]!]);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('Unseal Progress    1/3');
      expect((await cli(['operator', 'unseal'], { stdin: `${keys[3]}\n` })).stdout).toContain('Unseal Progress    2/3');
      const last = await cli(['operator', 'unseal', keys[4]!]);
      expect(last.stdout).toContain('Sealed          false');
      expect((await cli(['status'])).code).toBe(0);

      expect((await cli(['secrets', 'enable', '-path=kgc', '-version=2', 'kv'], { token: root })).stdout)
        .toBe('Success! Enabled the kv secrets engine at: kgc/\n');
      writeFileSync(join(dir, 'kgc-read.hcl'), KGC_READ);
      expect((await cli(['policy', 'write', 'kgc-read', join(dir, 'kgc-read.hcl')], { token: root })).code).toBe(0);
      expect((await cli(['policy', 'write', 'kgc-rotate', '-'], { token: root, stdin: KGC_ROTATE })).code).toBe(0);

      const logFile = join(dir, 'audit.log');
      expect((await cli(['audit', 'enable', 'file', `file_path=${logFile}`], { token: root })).code).toBe(0);

      for (let n = 1; n <= 12; n++) {
        const put = await cli(['kv', 'put', 'kgc/api-credentials', `api_key=key-v${n}`, `created_at=t${n}`], { token: root });
        expect(put.code).toBe(0);
        expect(put.stdout).toContain(`version            ${n}\n`);
      }
      const rollback = await cli(['kv', 'rollback', '-version=4', 'kgc/api-credentials'], { token: root });
      expect(rollback.code).toBe(0);
      expect(rollback.stdout).toContain('version            13');

      const v13 = JSON.parse((await cli(['kv', 'get', '-format=json', 'kgc/api-credentials'], { token: root })).stdout);
      const v4 = JSON.parse((await cli(['kv', 'get', '-format=json', '-version=4', 'kgc/api-credentials'], { token: root })).stdout);
      expect(v13.data.metadata.version).toBe(13);
      expect(v13.data.data).toEqual({ api_key: 'key-v4', created_at: 't4' });
      expect(v13.data.data).toEqual(v4.data.data);

      const reader = JSON.parse((await cli(['token', 'create', '-policy=kgc-read', '-format=json'], { token: root })).stdout);
      const denied = await cli(['kv', 'put', 'kgc/api-credentials', 'api_key=x'], { token: reader.auth.client_token });
      expect(denied.code).toBe(2);
      expect(denied.stderr).toContain('permission denied');

      expect((await cli(['audit', 'disable', 'file'], { token: root })).code).toBe(0);
      const verify = await cli(['audit', 'verify', logFile]);
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/^ok: \d+ entries\n$/);
    } finally {
      await vault.close();
    }
  });
});
