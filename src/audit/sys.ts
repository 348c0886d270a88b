// The audit endpoints of the sys/ mount (openbao internal/vault/logical_system_paths.go
// auditPaths; logical_system.go handleAuditTable, handleEnableAudit, handleDisableAudit,
// handleAuditHash). Paths are relative to sys/: `audit`, `audit/:path`, `audit-hash/:path`.
// Declared as framework paths, so body fields are decoded by the framework's field types.
import { ERR_AUDIT_HASH_INPUT_EMPTY } from '../errors/audit.js';
import { VaultError } from '../errors/vault-error.js';
import type { FieldData, PathSpec } from '../framework/types.js';
import type { LogicalResponse } from '../logical/types.js';
import type { AuditDeviceConfig, AuditDeviceInfo } from './types.js';

/** What these paths need of the audit broker (the broker itself implements it; no import cycle). */
export interface AuditBrokerView {
  list(): AuditDeviceInfo[];
  enable(path: string, config: AuditDeviceConfig): Promise<void>;
  disable(path: string): Promise<void>;
  hash(path: string, input: string): string;
}

/**
 * Paths that need `sudo` as well as the capability (openbao internal/vault/logical_system.go
 * PathsSpecial.Root: `audit`, `audit/*`), as ACL paths; `sys/audit-hash/*` is not among them.
 */
export const AUDIT_SUDO_PATHS: readonly string[] = ['sys/audit', 'sys/audit/*'];

/** Whether a sys-relative path is one of the audit endpoints this module answers. */
export function isAuditSysPath(path: string): boolean {
  return path === 'audit' || path.startsWith('audit/') || path.startsWith('audit-hash/');
}

async function auditTable(broker: AuditBrokerView): Promise<LogicalResponse> {
  const data: Record<string, unknown> = {};
  for (const info of broker.list()) data[info.path] = info;
  return { data };
}

async function enableAudit(broker: AuditBrokerView, path: string, data: FieldData): Promise<null> {
  await broker.enable(path, {
    type: data.get<string>('type'),
    description: data.get<string>('description'),
    options: { ...data.get<Record<string, string>>('options') },
    local: data.get<boolean>('local'),
  });
  return null;
}

function auditHash(broker: AuditBrokerView, path: string, data: FieldData): LogicalResponse {
  const input = data.get<string>('input');
  if (input === '') throw new VaultError(400, ERR_AUDIT_HASH_INPUT_EMPTY);
  return { data: { hash: broker.hash(path, input) } };
}

// Help texts and field descriptions are Vault's own, verbatim (vault/logical_system_paths.go
// auditHashPath and auditPaths; sysHelp "audit-hash", "audit-table", "audit", "audit_*" in
// vault/logical_system.go). Vault gives audit-hash no description and its `input` field none.
const PATH = { type: 'string', description: 'The name of the backend. Cannot be delimited. Example: "mysql"' } as const;

/**
 * The audit paths of sys/ (logical_system_paths.go auditPaths), relative to sys/. The broker is
 * asked for when a request needs it (it loads with the first audit request or enabled device).
 */
export function auditPaths(get: () => Promise<AuditBrokerView>): PathSpec[] {
  return [
    {
      pattern: 'audit-hash/(?P<path>.+)',
      fields: { path: PATH, input: { type: 'string' } },
      operations: { update: async (req, data) => auditHash(await get(), req.captures.path!, data) },
      helpSynopsis: 'The hash of the given string via the given audit backend',
      helpDescription: '',
    },
    {
      pattern: 'audit$',
      operations: { read: async () => auditTable(await get()) },
      notes: 'top-level data injection',
      helpSynopsis: 'List the currently enabled audit backends.',
      helpDescription: `This path responds to the following HTTP methods.

    GET /
        List the currently enabled audit backends.

    PUT /<path>
        Enable an audit backend at the given path.

    DELETE /<path>
        Disable the given audit backend.`,
    },
    {
      pattern: 'audit/(?P<path>.+)',
      fields: {
        path: PATH,
        type: { type: 'string', description: 'The type of the backend. Example: "mysql"' },
        description: { type: 'string', description: 'User-friendly description for this audit backend.' },
        options: { type: 'kvpairs', description: 'Configuration options for the audit backend.' },
        local: { type: 'bool', default: false, description: `Mark the mount as a local mount, which is not replicated
and is unaffected by replication.` },
      },
      notes: 'types file and memory (minivault test sink) only; socket and syslog refused',
      operations: {
        update: async (req, data) => enableAudit(await get(), req.captures.path!, data),
        delete: async (req) => {
          await (await get()).disable(req.captures.path!);
          return null;
        },
      },
      helpSynopsis: 'Enable or disable audit backends.',
      helpDescription: 'Enable a new audit backend or disable an existing backend.',
    },
  ];
}
