// The command table: every leaf command and the parent commands that group them, the way
// Vault's command/commands.go registers them with hashicorp/cli. Help listings are generated from
// this table, so the documented command set cannot drift from the code.
import { deleteCommand, listCommand, patchCommand, readCommand, writeCommand } from './generic.js';
import { auditDisableCommand, auditEnableCommand, auditListCommand, auditVerifyCommand } from './audit.js';
import type { Command } from './command.js';
import { kvGetCommand, kvPatchCommand, kvPutCommand } from './kv.js';
import {
  kvMetadataDeleteCommand, kvMetadataGetCommand, kvMetadataPatchCommand, kvMetadataPutCommand,
} from './kv-metadata.js';
import { kvDeleteCommand, kvDestroyCommand, kvUndeleteCommand } from './kv-versions.js';
import { kvListCommand } from './kv-list.js';
import { kvRollbackCommand } from './kv-rollback.js';
import { loginCommand } from './login.js';
import { leaseLookupCommand, leaseRenewCommand, leaseRevokeCommand } from './lease.js';
import {
  operatorInitCommand, operatorKeyStatusCommand, operatorRotateCommand, operatorSealCommand, operatorUnsealCommand,
} from './operator.js';
import { operatorGenerateRootCommand } from './operator-generate-root.js';
import { operatorRekeyCommand } from './operator-rekey.js';
import { policyDeleteCommand, policyListCommand, policyReadCommand, policyWriteCommand } from './policy.js';
import { secretsDisableCommand, secretsEnableCommand, secretsListCommand, secretsMoveCommand, secretsTuneCommand } from './secrets.js';
import {
  authDisableCommand, authEnableCommand, authHelpCommand, authListCommand, authMoveCommand, authTuneCommand,
} from './auth.js';
import { pathHelpCommand } from './path-help.js';
import { policyExplainCommand } from './policy-explain.js';
import { policyFmtCommand } from './policy-fmt.js';
import { operatorStepDownCommand, printTokenCommand } from './print.js';
import { tokenCapabilitiesCommand } from './token-capabilities.js';
import { statusCommand } from './status.js';
import { tokenCreateCommand, tokenLookupCommand, tokenRenewCommand, tokenRevokeCommand } from './token.js';
import { unwrapCommand } from './unwrap.js';
import { versionCommand } from './version.js';

export const LEAF_COMMANDS: readonly Command[] = [
  statusCommand,
  operatorInitCommand, operatorUnsealCommand, operatorSealCommand, operatorRotateCommand,
  operatorKeyStatusCommand, operatorRekeyCommand, operatorGenerateRootCommand,
  kvPutCommand, kvGetCommand, kvPatchCommand, kvDeleteCommand, kvUndeleteCommand, kvDestroyCommand,
  kvListCommand, kvRollbackCommand,
  kvMetadataGetCommand, kvMetadataPutCommand, kvMetadataPatchCommand, kvMetadataDeleteCommand,
  policyWriteCommand, policyReadCommand, policyListCommand, policyDeleteCommand,
  tokenCreateCommand, tokenLookupCommand, tokenRenewCommand, tokenRevokeCommand,
  secretsEnableCommand, secretsListCommand, secretsDisableCommand, secretsTuneCommand, secretsMoveCommand,
  authEnableCommand, authDisableCommand, authListCommand, authTuneCommand, authMoveCommand, authHelpCommand,
  tokenCapabilitiesCommand, policyFmtCommand, policyExplainCommand, pathHelpCommand, operatorStepDownCommand,
  printTokenCommand,
  auditEnableCommand, auditListCommand, auditDisableCommand, auditVerifyCommand,
  leaseLookupCommand, leaseRenewCommand, leaseRevokeCommand,
  unwrapCommand,
  readCommand, writeCommand, listCommand, deleteCommand, patchCommand, loginCommand, versionCommand,
];

/** A command that only groups subcommands (`kv`, `operator`): running it alone prints its help. */
export interface ParentCommand {
  readonly name: string;
  readonly synopsis: string;
  readonly help: string;
  /** Vault's help text for it lacks the "Please see the individual subcommand help" line (lease). */
  readonly noSubcommandNote?: boolean;
}

export const PARENT_COMMANDS: readonly ParentCommand[] = [
  { name: 'operator', synopsis: 'Perform operator-specific tasks', help: `
  Groups the commands operators use to manage the server: initializing it,
  unsealing and sealing it, rotating the encryption key and rekeying the
  unseal shares.

      $ minivault operator init -key-shares=5 -key-threshold=3
      $ minivault operator unseal <share>` },
  { name: 'kv', synopsis: 'Interact with Vault\'s Key-Value storage', help: `
  Groups the commands that read and write the key/value secrets engine. Paths
  are given as <mount>/<path>, or with -mount=<mount> and the path alone; the
  KV version of the mount is detected automatically.

      $ minivault kv put kgc/api-credentials api_key=key-v1
      $ minivault kv get kgc/api-credentials` },
  { name: 'kv metadata', synopsis: 'Interact with Vault\'s Key-Value storage', help: `
  Groups the commands that read and change a KV v2 key's metadata: its settings
  and the history of its versions.

      $ minivault kv metadata get kgc/api-credentials` },
  { name: 'policy', synopsis: 'Interact with policies', help: `
  Groups the commands that manage ACL policies, which say what a token may do
  on which paths.

      $ minivault policy write kgc-read kgc-read.hcl
      $ minivault policy list` },
  { name: 'token', synopsis: 'Interact with tokens', help: `
  Groups the commands that create, inspect, renew and revoke tokens.

      $ minivault token create -policy=kgc-read -ttl=24h` },
  { name: 'secrets', synopsis: 'Interact with secrets engines', help: `
  Groups the commands that mount, list, tune, move and unmount secrets engines.

      $ minivault secrets enable -path=kgc -version=2 kv
      $ minivault secrets tune -max-lease-ttl=72h kgc/` },
  { name: 'auth', synopsis: 'Interact with auth methods', help: `
  Groups the commands that enable, list, tune, move and disable auth methods,
  and print a login method's usage. To log in, use "minivault login".

      $ minivault auth enable approle
      $ minivault auth list -detailed` },
  { name: 'print', synopsis: 'Prints runtime configurations', noSubcommandNote: true, help: `
  This command groups subcommands for interacting with Vault's runtime values.` },
  { name: 'lease', synopsis: 'Interact with leases', noSubcommandNote: true, help: `
  This command groups subcommands for interacting with leases. Users can revoke
  or renew leases.

  Renew a lease:

      $ minivault lease renew database/creds/readonly/2f6a614c...

  Revoke a lease:

      $ minivault lease revoke database/creds/readonly/2f6a614c...` },
  { name: 'audit', synopsis: 'Interact with audit devices', help: `
  Groups the commands that manage audit devices, plus minivault's offline check
  of an audit log's hash chain (audit verify).

      $ minivault audit enable file file_path=/var/log/minivault/audit.log
      $ minivault audit verify /var/log/minivault/audit.log` },
];

/** `server` lives in ./server.ts (written by the lead); only its listing is here. */
export const SERVER_ENTRY = { name: 'server', synopsis: 'Start a Vault server' } as const;

/** Vault's "Common commands" group, as far as minivault has them. */
export const COMMON_COMMANDS: readonly string[] = ['read', 'write', 'delete', 'list', 'login', 'server', 'status', 'unwrap'];

export function findLeaf(name: string): Command | undefined {
  return LEAF_COMMANDS.find((c) => c.name === name);
}

export function findParent(name: string): ParentCommand | undefined {
  return PARENT_COMMANDS.find((c) => c.name === name);
}

/** Direct children of a parent (leaves and nested parents), sorted, with their synopses. */
export function childrenOf(parent: string): Array<{ name: string; synopsis: string }> {
  const depth = parent.split(' ').length + 1;
  const all = [...LEAF_COMMANDS, ...PARENT_COMMANDS];
  return all
    .filter((c) => c.name.startsWith(`${parent} `) && c.name.split(' ').length === depth)
    .map((c) => ({ name: c.name.split(' ').pop()!, synopsis: c.synopsis }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Top-level entries: every first word with its synopsis. */
export function topLevel(): Array<{ name: string; synopsis: string }> {
  const leaves = LEAF_COMMANDS.filter((c) => !c.hidden);
  const entries = [SERVER_ENTRY, ...leaves, ...PARENT_COMMANDS].filter((c) => !c.name.includes(' '));
  return entries.map((c) => ({ name: c.name, synopsis: c.synopsis })).sort((a, b) => (a.name < b.name ? -1 : 1));
}
