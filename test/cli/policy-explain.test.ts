// `minivault policy explain` and src/auth/acl-explain.ts: the rule it names is the rule the ACL
// evaluator applies (checked by property on random rule sets against ACL.capabilities and
// ACL.allowOperation), the glob / `+` / deny / LIST / templating cases read as they should, and the
// command works offline on policy files, on server policies by name (the default policy), and on a
// token's policies.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACL, parsePolicy } from '../../src/auth/index.js';
import { EXPLAIN_CAPABILITIES, explainAcl } from '../../src/auth/acl-explain.js';
import { startVault, type StartedVault } from '../../src/testing/index.js';
import { runCli } from './run-cli.js';

interface Rule { pattern: string; caps: string[] }
const text = (rules: Rule[]) => rules.map((r) => `path "${r.pattern}" { capabilities = ${JSON.stringify(r.caps)} }`).join('\n');
const policies = (sets: Rule[][]) => sets.map((rules, i) => parsePolicy(text(rules), `p${i}`));

const patternArb = fc
  .tuple(fc.array(fc.constantFrom('a', 'b', 'ab', '+', 'a+'), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '*', '/*'))
  .map(([segs, tail]) => segs.join('/') + tail)
  .filter((p) => !p.includes('+*'));
const capsArb: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 5, arbitrary: fc.subarray(['create', 'read', 'update', 'delete', 'list', 'patch', 'sudo'], { minLength: 1 }) },
  { weight: 1, arbitrary: fc.constant<string[]>(['deny']) },
);
const setsArb = fc.array(fc.array(fc.record({ pattern: patternArb, caps: capsArb }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 });
const pathArb = fc.tuple(fc.array(fc.constantFrom('a', 'b', 'ab', 'abc', 'a+', ''), { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([segs, slash]) => segs.join('/') + (slash ? '/' : ''));

describe('explainAcl agrees with the ACL evaluator', () => {
  it('names the rule whose capabilities the evaluator applies, and never disagrees on the verdict', () => {
    fc.assert(fc.property(setsArb, pathArb, fc.constantFrom(...EXPLAIN_CAPABILITIES), (sets, path, cap) => {
      const ps = policies(sets);
      const acl = new ACL(ps);
      const x = explainAcl(ps, path, cap);
      const allowed = cap === 'sudo' ? acl.hasSudo(path) : acl.allowOperation(path, cap).allowed;
      expect(x.allowed).toBe(allowed);
      const ruleCaps = x.decidingRule?.capabilities ?? ['deny'];
      // For a path without a trailing slash every operation resolves as capabilities-self does.
      if (!path.endsWith('/')) expect(ruleCaps).toEqual(acl.capabilities(path));
      // The named rule alone decides: it grants the capability exactly when access is allowed.
      expect(!ruleCaps.includes('deny') && ruleCaps.includes(cap)).toBe(allowed);
    }), { numRuns: 150 });
  });
});

describe('explainAcl on the classic cases', () => {
  const one = (hcl: string, name = 'p') => [parsePolicy(hcl, name)];

  it('an exact rule beats a glob; the longest glob beats a shorter one', () => {
    const ps = one('path "secret/*" { capabilities = ["read"] }\npath "secret/app" { capabilities = ["deny"] }\npath "secret/app/*" { capabilities = ["update"] }');
    const exact = explainAcl(ps, 'secret/app', 'read');
    expect(exact).toMatchObject({ allowed: false, decidingRule: { written: 'secret/app', kind: 'exact', capabilities: ['deny'] } });
    expect(exact.reasons[0]).toMatch(/exact rule/);
    expect(explainAcl(ps, 'secret/app/x', 'update').decidingRule?.written).toBe('secret/app/*');
    expect(explainAcl(ps, 'secret/other', 'read')).toMatchObject({ allowed: true, decidingRule: { written: 'secret/*' } });
  });

  it('a `+` rule outranks a glob with its wildcard at the same place, and says why', () => {
    const ps = one('path "secret/*" { capabilities = ["read"] }\npath "secret/+/config" { capabilities = ["update"] }');
    const x = explainAcl(ps, 'secret/team/config', 'read');
    expect(x).toMatchObject({ allowed: false, decidingRule: { written: 'secret/+/config', kind: 'segment' } });
    expect(x.candidates.map((c) => c.written)).toEqual(['secret/+/config', 'secret/*']);
    expect(x.reasons.join(' ')).toMatch(/outranks "secret\/\*" because it has no trailing `\*`/);
  });

  it('a deny in one policy discards what another grants on the same path string', () => {
    const ps = [parsePolicy('path "kv/*" { capabilities = ["read", "list"] }', 'readers'), parsePolicy('path "kv/*" { capabilities = ["deny"] }', 'blocked')];
    const x = explainAcl(ps, 'kv/x', 'read');
    expect(x).toMatchObject({ allowed: false, decidingRule: { policies: ['readers', 'blocked'], capabilities: ['deny'] } });
    expect(x.reasons.join(' ')).toMatch(/deny in any policy for the same path string/);
  });

  it('LIST on a trailing slash uses the exact rule without the slash; nothing matching is an implicit deny', () => {
    const ps = one('path "kv/metadata" { capabilities = ["list"] }');
    expect(explainAcl(ps, 'kv/metadata/', 'list')).toMatchObject({ allowed: true, decidingRule: { written: 'kv/metadata' } });
    const none = explainAcl(ps, 'other', 'read');
    expect(none.decidingRule).toBeUndefined();
    expect(none.reasons).toContain('No rule matches the path: everything not granted is denied.');
  });

  it('says that templated rules stay literal, and that root allows everything', () => {
    const x = explainAcl(one('path "secret/{{identity.entity.id}}/*" { capabilities = ["read"] }'), 'secret/e1/x', 'read');
    expect(x.allowed).toBe(false);
    expect(x.reasons[0]).toMatch(/identity templating.*keeps them literal/);
    const root = explainAcl([{ name: 'root', raw: '', paths: [], templated: false }], 'anything', 'sudo');
    expect(root).toMatchObject({ allowed: true, root: true });
  });
});

describe('minivault policy explain', () => {
  let vault: StartedVault;
  const dir = mkdtempSync(join(tmpdir(), 'minivault-explain-'));
  beforeAll(async () => { vault = await startVault({ seed: 81 }); });
  afterAll(async () => { await vault.close(); });
  const cli = (argv: string[], token = vault.rootToken) => runCli(vault.address, argv, { env: { VAULT_TOKEN: token } });

  it('works offline on policy files', async () => {
    const file = join(dir, 'dev.hcl');
    writeFileSync(file, 'path "secret/*" { capabilities = ["read"] }\npath "secret/+/admin" { capabilities = ["deny"] }\n');
    const r = await runCli(undefined, ['policy', 'explain', `-policy-file=${file}`, 'secret/x/admin', 'read']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Decision:      denied\nDecided by:    path "secret/+/admin"  segment  [deny]  policies: dev\n');
    expect(r.stdout).toContain('Matching rules, highest priority first:\n  path "secret/+/admin"');
    const json = JSON.parse((await runCli(undefined, ['policy', 'explain', '-format=json', `-policy-file=${file}`, 'secret/y', 'read'])).stdout);
    expect(json).toMatchObject({ allowed: true, policies: ['dev'], deciding_rule: { written: 'secret/*', kind: 'prefix' } });
  });

  it('explains the default policy fetched by name, and the policies of the calling token', async () => {
    const r = await cli(['policy', 'explain', '-policy=default', 'auth/token/lookup-self', 'read']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Decision:      allowed\nDecided by:    path "auth/token/lookup-self"  exact  [read]  policies: default\n');
    expect((await cli(['policy', 'explain', '-policy=default', 'sys/mounts', 'read'])).stdout).toContain('Decision:      denied');
    const auth = JSON.parse((await cli(['token', 'create', '-format=json', '-policy=default'])).stdout).auth;
    const byAccessor = await cli(['policy', 'explain', `-accessor=${auth.accessor as string}`, 'cubbyhole/x', 'create']);
    expect(byAccessor.stderr).toBe('');
    expect(byAccessor.stdout).toContain('Policies:      default\n');
    expect(byAccessor.stdout).toContain('Decided by:    path "cubbyhole/*"  prefix  [create delete list read update]  policies: default');
    // A default-policy token may not read policy texts itself: Vault's 403, exit 2.
    const self = await cli(['policy', 'explain', 'cubbyhole/x', 'create'], auth.client_token as string);
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/^Error reading policy named default: Error making API request\.\n\nURL: GET .*\nCode: 403/);
    expect((await cli(['policy', 'explain', 'sys/mounts', 'sudo'])).stdout).toContain('Decided by:    the root policy');
  });

  it('refuses a bad capability or argument count (exit 1) and a missing policy (exit 2)', async () => {
    expect(await runCli(undefined, ['policy', 'explain', '-policy-file=/x', 'p', 'fly'])).toEqual({ code: 1, stdout: '',
      stderr: 'Unknown capability "fly": expected one of create, read, update, patch, delete, list, sudo\n' });
    expect((await runCli(undefined, ['policy', 'explain', 'p'])).code).toBe(1);
    const missing = await cli(['policy', 'explain', '-policy=nope', 'p', 'read']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^Error reading policy named nope: /);
  });
});
