// The sys backend's ACL policy endpoints (V vault/logical_system.go handlePoliciesList/Read/Set/
// Delete and the legacy sys/policy routes) as framework paths relative to `sys/`:
//   LIST policies/acl               → data.keys (stored names sorted, then "root")
//   GET|PUT|DELETE policies/acl/:n  → data {name, policy} | 204 | 204
//   GET|LIST policy                 → data {keys, policies} (same list twice)
//   GET|PUT|DELETE policy/:n        → data {name, rules} | 204 or 200 with warnings | 204
import { ERR_AUTH_POLICY_EMPTY, ERR_AUTH_POLICY_NAME_MISSING, WARN_AUTH_RULES_DEPRECATED } from '../errors/auth.js';
import { VaultError } from '../errors/vault-error.js';
import type { FieldData, PathSpec } from '../framework/types.js';
import type { LogicalResponse } from '../logical/types.js';
import { ROOT_POLICY_NAME } from './builtin-policies.js';
import type { PolicyStore } from './policy-store.js';

// Help texts and field descriptions are Vault's own, verbatim (vault/logical_system_paths.go
// policyPaths: sysHelp "policy-list", "policy", "policy-name", "policy-rules" in vault/logical_system.go).
const NAME = { type: 'string', description: 'The name of the policy. Example: "ops"' } as const;
const POLICY = { type: 'string', description: 'The rules of the policy.' } as const;
const SYNOPSIS = 'Read, Modify, or Delete an access control policy.';
const DESCRIPTION = `Read the rules of an existing policy, create or update the rules of a policy,
or delete a policy.`;
const LIST_SYNOPSIS = 'List the configured access control policies.';
const LIST_DESCRIPTION = `This path responds to the following HTTP methods.

    GET /
        List the names of the configured access control policies.

    GET /<name>
        Retrieve the rules for the named policy.

    PUT /<name>
        Add or update a policy.

    DELETE /<name>
        Delete the policy with the given name.`;

/** The policy paths of sys/ (vault/logical_system_paths.go policyPaths), in Vault's order. */
export function policyPaths(store: PolicyStore): PathSpec[] {
  const legacyList = async () => {
    const keys = await listWithRoot(store);
    return { data: { keys, policies: keys } };
  };
  return [
    {
      pattern: 'policy/?$',
      operations: { read: legacyList, list: legacyList },
      notes: 'legacy; top-level data injection',
      helpSynopsis: LIST_SYNOPSIS,
      helpDescription: LIST_DESCRIPTION,
    },
    {
      pattern: 'policy/(?P<name>.+)',
      fields: { name: NAME, rules: { ...POLICY, deprecated: true }, policy: POLICY },
      notes: 'legacy; `rules` (deprecated warning) or `policy`',
      operations: {
        read: async (req) => readPolicy(store, req.captures.name!, true),
        update: async (req, data) => writePolicy(store, req.captures.name!, data, true),
        delete: async (req) => {
          await store.delete(req.captures.name!);
          return null;
        },
      },
      helpSynopsis: SYNOPSIS,
      helpDescription: DESCRIPTION,
    },
    {
      pattern: 'policies/acl/?$',
      operations: { list: async () => ({ data: { keys: await listWithRoot(store) } }) },
      helpSynopsis: LIST_SYNOPSIS,
      helpDescription: LIST_DESCRIPTION,
    },
    {
      pattern: 'policies/acl/(?P<name>.+)',
      fields: { name: NAME, policy: POLICY },
      notes: 'HCL and JSON policies; no Sentinel/EGP/RGP',
      operations: {
        read: async (req) => readPolicy(store, req.captures.name!, false),
        update: async (req, data) => writePolicy(store, req.captures.name!, data, false),
        delete: async (req) => {
          await store.delete(req.captures.name!);
          return null;
        },
      },
      helpSynopsis: SYNOPSIS,
      helpDescription: DESCRIPTION,
    },
  ];
}

async function listWithRoot(store: PolicyStore): Promise<string[]> {
  return [...(await store.list()), ROOT_POLICY_NAME];
}

async function readPolicy(store: PolicyStore, name: string, legacy: boolean): Promise<LogicalResponse | null> {
  const policy = await store.get(name);
  if (!policy) return null;
  return { data: { name: policy.name, [legacy ? 'rules' : 'policy']: policy.raw } };
}

async function writePolicy(store: PolicyStore, rawName: string, data: FieldData, legacy: boolean): Promise<LogicalResponse | null> {
  const name = rawName.toLowerCase();
  if (name.trim() === '') throw new VaultError(400, ERR_AUTH_POLICY_NAME_MISSING);
  const warnings: string[] = [];
  let text = data.get<string>('policy');
  if (text === '' && legacy) {
    text = data.get<string>('rules');
    warnings.push(WARN_AUTH_RULES_DEPRECATED);
  }
  if (text === '') throw new VaultError(400, ERR_AUTH_POLICY_EMPTY);
  await store.put(name, decodeBase64IfValid(text));
  return warnings.length > 0 ? { warnings } : null;
}

/** Go's base64.StdEncoding.DecodeString succeeds (newlines ignored) → the decoded text is the policy. */
export function decodeBase64IfValid(text: string): string {
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return text;
  const bin = atob(compact);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
