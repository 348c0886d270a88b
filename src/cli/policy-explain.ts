// `minivault policy explain [options] PATH CAPABILITY`, a minivault addition (Vault has no tool
// that answers this): which rule of which policy decides a capability on a path, and why — exact
// rules first, then the longest `*` prefix against every matching `+` rule by Vault's priority
// order (vault/acl.go), deny merging across policies, LIST's trailing-slash pooling, and identity
// templating. The policies come from local files (-policy-file, works offline), from the server by
// name (-policy), or from a token's policy set (-accessor, else the CLI's own token).
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { EXPLAIN_CAPABILITIES, explainAcl, type ExplainCapability, type ExplainedRule } from '../auth/acl-explain.js';
import { parsePolicy, type Policy } from '../auth/policy.js';
import {
  errCliExplainCapability, errCliNotEnoughArgs, errCliPolicyReading, errCliTooManyArgs, ERR_CLI_TOKEN_LOOKUP,
} from '../errors/cli.js';
import { errorMessage, fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { goFileError } from './kv-data.js';
import { requireData } from './json.js';
import { formatOutput } from './yaml.js';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The named policies' text from the server (sys/policies/acl/<name>); `root` needs no text. */
async function fetchPolicies(ctx: Ctx, names: string[]): Promise<Policy[] | number> {
  const out: Policy[] = [];
  for (const name of [...new Set(names.map((n) => n.trim().toLowerCase()))]) {
    if (name === 'root') {
      out.push({ name: 'root', raw: '', paths: [], templated: false });
      continue;
    }
    try {
      const data = requireData(await ctx.client().json('GET', `sys/policies/acl/${name}`));
      out.push(parsePolicy(String(data.policy ?? ''), name));
    } catch (e) {
      return fail(ctx, errCliPolicyReading(name), e);
    }
  }
  return out;
}

/** token_policies plus identity_policies of a token looked up by accessor, or of the CLI's token. */
async function tokenPolicyNames(ctx: Ctx): Promise<string[] | number> {
  try {
    const accessor = ctx.flags.str('accessor');
    const body = accessor !== ''
      ? await ctx.client().json('POST', 'auth/token/lookup-accessor', { body: { accessor } })
      : await ctx.client().json('GET', 'auth/token/lookup-self');
    const data = requireData(body);
    return [...strings(data.policies), ...strings(data.identity_policies)];
  } catch (e) {
    return fail(ctx, ERR_CLI_TOKEN_LOOKUP, e);
  }
}

function readPolicyFiles(ctx: Ctx, files: string[]): Policy[] | number {
  const out: Policy[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      ctx.ui.error(`Error reading policy file: ${goFileError(file, e)}`);
      return 1;
    }
    try {
      out.push(parsePolicy(text, basename(file, extname(file))));
    } catch (e) {
      ctx.ui.error(`${file}: ${errorMessage(e)}`);
      return 1;
    }
  }
  return out;
}

const ruleLine = (r: ExplainedRule): string =>
  `path "${r.written}"  ${r.kind}  [${r.capabilities.join(' ')}]  policies: ${r.policies.join(', ')}`;

export const policyExplainCommand: Command = {
  name: 'policy explain',
  synopsis: 'Explains which policy rule decides a capability on a path',
  usage: 'PATH CAPABILITY',
  help: `
  Explains, for a set of ACL policies, which rule of which policy decides
  whether CAPABILITY (create, read, update, patch, delete, list or sudo) is
  granted on PATH, and why: exact rules first, then the longest "*" prefix rule
  against every matching "+" rule in Vault's priority order, a deny in any
  policy for the same path string, LIST's trailing-slash rule, and identity
  templating. A minivault addition; Vault has no such command.

  The policies are local files (-policy-file, no server needed), policies on
  the server by name (-policy), or the policies of a token (-accessor, or the
  token this CLI uses when neither -policy nor -policy-file is given).

      $ minivault policy explain -policy-file=dev.hcl secret/data/app read
      $ minivault policy explain -policy=default auth/token/lookup-self read
      $ minivault policy explain -accessor=8D5PHuWMwn6mI4Yd6cWyR4mZ sys/mounts list`,
  flags: [httpFlags(), outputFlags(), { title: 'Command Options', flags: [
    { name: 'policy', kind: 'strings', example: 'string', usage: 'Name of a policy on the server to include. This can be specified multiple times.' },
    { name: 'policy-file', kind: 'strings', example: 'string', usage: 'Local HCL or JSON policy file to include, named after the file. This can be specified multiple times.' },
    { name: 'accessor', kind: 'string', example: 'string', usage: 'Explain for the policies of the token with this accessor (auth/token/lookup-accessor).' },
  ] }],
  async run(ctx) {
    const n = ctx.args.length;
    if (n !== 2) {
      ctx.ui.error(n < 2 ? errCliNotEnoughArgs('2', n) : errCliTooManyArgs('2', n));
      return 1;
    }
    const capability = ctx.args[1]!.trim().toLowerCase();
    if (!(EXPLAIN_CAPABILITIES as readonly string[]).includes(capability)) {
      ctx.ui.error(errCliExplainCapability(capability));
      return 1;
    }
    const files = ctx.flags.list('policy-file');
    const fromFiles = readPolicyFiles(ctx, files);
    if (typeof fromFiles === 'number') return fromFiles;
    let names = ctx.flags.list('policy');
    if (names.length === 0 && files.length === 0) {
      const fromToken = await tokenPolicyNames(ctx);
      if (typeof fromToken === 'number') return fromToken;
      names = fromToken;
    }
    const fromServer = names.length > 0 ? await fetchPolicies(ctx, names) : [];
    if (typeof fromServer === 'number') return fromServer;
    const policies = [...fromFiles, ...fromServer];
    const x = explainAcl(policies, ctx.args[0]!.trim(), capability as ExplainCapability);
    if (ctx.format !== 'table') {
      ctx.ui.output(formatOutput(ctx.format, {
        path: x.path, capability: x.capability, allowed: x.allowed, root: x.root, policies: policies.map((p) => p.name),
        deciding_rule: x.decidingRule ?? null, candidates: x.candidates, reasons: x.reasons,
      }));
      return 0;
    }
    const lines = [
      `Path:          ${x.path}`,
      `Capability:    ${x.capability}`,
      `Policies:      ${policies.map((p) => p.name).join(', ') || '(none)'}`,
      `Decision:      ${x.allowed ? 'allowed' : 'denied'}`,
      `Decided by:    ${x.root ? 'the root policy' : x.decidingRule ? ruleLine(x.decidingRule) : 'no matching rule (implicit deny)'}`,
      '',
      'Why:',
      ...x.reasons.map((r) => `  * ${r}`),
    ];
    if (x.candidates.length > 1) lines.push('', 'Matching rules, highest priority first:', ...x.candidates.map((r) => `  ${ruleLine(r)}`));
    ctx.ui.output(lines.join('\n'));
    return 0;
  },
};
