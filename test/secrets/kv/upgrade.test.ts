// Tuning a KV mount from version 1 to 2 (hashicorp/vault-plugin-secrets-kv upgrade.go, backend.go): a 200 with Vault's warning,
// the versioned paths served from then on, and every secret written before kept as version 1.
import { describe, expect, it } from 'vitest';
import { WARN_KV_UPGRADE } from '../../../src/errors/mounts.js';
import { createVault } from '../../../src/testing/index.js';

type Body = Record<string, unknown>;

describe('KV version upgrade by tune', () => {
  it('keeps every passthrough secret as version 1 of the same key', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/app', { type: 'kv', options: { version: '1' } });
    await vault.request('update', 'app/db', { user: 'u', password: 'p' });
    await vault.request('update', 'app/team/a/key', { k: 1 });
    const tuned = await vault.request('update', 'sys/mounts/app/tune', { options: { version: '2' } });
    expect(tuned.status).toBe(200);
    expect((tuned.body as Body).warnings).toEqual([WARN_KV_UPGRADE]);
    const db = await vault.request('read', 'app/data/db');
    expect(db.status).toBe(200);
    expect((db.body as { data: Body }).data).toMatchObject({ data: { password: 'p', user: 'u' }, metadata: { version: 1 } });
    const nested = await vault.request('read', 'app/data/team/a/key');
    expect((nested.body as { data: Body }).data).toMatchObject({ data: { k: 1 } });
    expect(((await vault.request('list', 'app/metadata/')).body as { data: Body }).data).toEqual({ keys: ['db', 'team/'] });
    expect((await vault.request('read', 'sys/mounts/app')).body).toMatchObject({ data: { options: { version: '2' } } });
  });

  it('refuses a downgrade and changes nothing', async () => {
    const vault = await createVault();
    await vault.request('update', 'secret/data/x', { data: { a: 1 } });
    expect(await vault.request('update', 'sys/mounts/secret/tune', { options: { version: '1' } }))
      .toEqual({ status: 400, body: { errors: ['cannot downgrade mount from version 2'] } });
    expect((await vault.request('read', 'secret/data/x')).status).toBe(200);
  });
});
