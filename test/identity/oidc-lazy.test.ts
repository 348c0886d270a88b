// The OIDC half of the identity mount loads with its first request (src/identity/oidc-routes.ts):
// an unsealed vault has not loaded the six OIDC modules, the first identity/oidc request loads
// them, the declared table and the implementation agree path for path, and a key that exists
// still rotates on the vault's clock across a seal.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadOidc } from '../../src/identity/oidc-paths.js';
import { OIDC_ROUTES } from '../../src/identity/oidc-routes.js';
import { IdentityStore } from '../../src/identity/store.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { createVault, ManualClock } from '../../src/testing/index.js';
import { createRandom } from '../../src/util/random.js';

const OIDC_MODULES = ['oidc-introspect', 'oidc-keys', 'oidc-paths', 'oidc-provider', 'oidc-store', 'oidc-token'];

describe('lazy OIDC modules', () => {
  it('leaves the OIDC modules unloaded at unseal and loads them with the first identity/oidc request', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mv-lazy-'));
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  const m = /\\/src\\/identity\\/([\\w-]+)\\.ts$/.exec(url);
  if (m) appendFileSync(${JSON.stringify(join(dir, 'seen.txt'))}, m[1] + '\\n');
  return next(url, context);
}
`);
    const script = join(dir, 'run.mts');
    writeFileSync(script, `import { register } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
register(${JSON.stringify(pathToFileURL(hooks).href)});
const seen = () => (existsSync(${JSON.stringify(join(dir, 'seen.txt'))}) ? readFileSync(${JSON.stringify(join(dir, 'seen.txt'))}, 'utf8').split('\\n').filter(Boolean) : []);
const { createVault } = await import(${JSON.stringify(pathToFileURL(join(process.cwd(), 'src/testing/index.ts')).href)});
const vault = await createVault({ seed: 1 });
await vault.request('update', 'identity/entity', { name: 'e' });
const before = seen();
await vault.request('list', 'identity/oidc/key');
console.log(JSON.stringify({ before, after: seen() }));
process.exit(0);
`);
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), encoding: 'utf8' });
    const { before, after } = JSON.parse(out.trim().split('\n').pop()!) as { before: string[]; after: string[] };
    expect(before).toContain('store');
    expect(before).toContain('oidc-routes');
    for (const m of OIDC_MODULES) {
      expect(before).not.toContain(m);
      expect(after).toContain(m);
    }
  });

  it('declares exactly the paths and operations the implementation answers', async () => {
    const impl = await loadOidc(new IdentityStore({ clock: new ManualClock(0), random: createRandom(1) }), new MemoryStorage(), {
      entityOfToken: async () => '', apiAddr: () => '',
    });
    const implemented = impl.map((r) => [r.pattern, Object.keys(r.operations).sort(), r.existenceCheck !== undefined]);
    const declared = OIDC_ROUTES.map((d) => [d.pattern, [...d.ops].sort(), d.exists === true]);
    expect(declared).toEqual(implemented);
  });

  it('rotates an existing key on the vault clock when the first request after an unseal reaches it', async () => {
    const vault = await createVault({ seed: 4 });
    expect((await vault.request('update', 'identity/oidc/key/k', { rotation_period: '1h', verification_ttl: '1h', allowed_client_ids: '*' })).status).toBe(204);
    // the JWKS publishes the keys roles use
    expect((await vault.request('update', 'identity/oidc/role/r', { key: 'k', ttl: '30m' })).status).toBe(204);
    const kids = async () => {
      const res = await vault.handle({ operation: 'read', path: 'identity/oidc/.well-known/keys', token: '' });
      return (JSON.parse(Buffer.from(res.rawBody!).toString('utf8')) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid).sort();
    };
    const first = await kids();
    expect(first).toHaveLength(2); // current and next
    await vault.seal();
    vault.clock.advance('3h');
    await vault.unseal();
    const after = await kids();
    // one rotation: a new next key; the outgoing one stays published for its verification_ttl
    expect(after).toHaveLength(3);
    expect(after).toEqual(expect.arrayContaining(first));
  });
});
