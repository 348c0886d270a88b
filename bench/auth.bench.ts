// Auth figures: the per-request work core does (resolve a token, check its ACL) and the one-time
// work of compiling a policy, each beside the cheapest equivalent operation measured in the same run.
import { ACL, DEFAULT_POLICY, PolicyStore, TokenStore, parsePolicy } from '../src/auth/index.js';
import { MemoryStorage } from '../src/storage/memory.js';
import { ManualClock } from '../src/util/clock.js';
import { SeededRandom } from '../src/util/random.js';
import { measure, paired, timeRow, type BenchRow } from './harness.js';

const KGC_READ = `
path "kgc/data/*" { capabilities = ["read"] }
path "kgc/metadata/*" { capabilities = ["read"] }
path "auth/token/renew-self" { capabilities = ["update"] }
`;

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const us = (ns: number) => ns / 1000;

  // ACL check for an app token (default + kgc-read) against a bare exact-path Map lookup.
  const acl = new ACL([parsePolicy(DEFAULT_POLICY, 'default'), parsePolicy(KGC_READ, 'kgc-read')]);
  const exact = new Map(parsePolicy(DEFAULT_POLICY).paths.map((r) => [r.path, r.permissions]));
  let sink = 0;
  const check = await measure(() => { sink += acl.allowOperation('kgc/data/api-credentials', 'read').allowed ? 1 : 0; });
  const mapGet = await measure(() => { sink += exact.get('auth/token/lookup-self') ? 1 : 0; });
  rows.push(timeRow('ACL check, glob rule (default + kgc-read)', us(check.medianNs), us(mapGet.medianNs), 'Map.get of an exact path', 'informational', null));

  // Token resolution (hash, storage read, decode, parent check) against a storage read + JSON.parse.
  const storage = new MemoryStorage();
  const policies = new PolicyStore({ storage });
  const tokens = new TokenStore({ storage, policies, clock: new ManualClock(), random: new SeededRandom(1) });
  const root = await tokens.createRootToken();
  const rootEntry = (await tokens.resolveToken(root))!;
  const child = await tokens.create({ ...rootEntry, id: undefined, parentHash: '', policies: ['default', 'kgc-read'], path: 'auth/token/create' });
  const raw = storage.entries().find(([k]) => k.startsWith('id/'))![0];
  const [readDecodeNs, resolveNs] = await paired(async () => { sink += JSON.parse(new TextDecoder().decode((await storage.get(raw))!)).numUses; },
    () => tokens.resolveToken(child.id), 600, 100);
  rows.push(timeRow('resolve token (MemoryStorage)', us(resolveNs), us(readDecodeNs), 'storage get + JSON.parse of the entry', '≤ 3× the raw read', 3));

  // Compiling Vault's default policy against JSON.parse of the same rules.
  const asJson = JSON.stringify({ path: Object.fromEntries(parsePolicy(DEFAULT_POLICY).paths.map((r) => [r.path, { capabilities: ['read'] }])) });
  const compile = await measure(() => parsePolicy(DEFAULT_POLICY));
  const jsonParse = await measure(() => JSON.parse(asJson));
  rows.push(timeRow('parse + compile the default policy (HCL)', us(compile.medianNs), us(jsonParse.medianNs), 'JSON.parse of the same rules', 'informational', null));

  if (sink < 0) console.log(sink);
  return rows;
}
