// Shared fixtures for the audit tests: a broker over memory storage with a manual clock and
// seeded randomness, temporary directories, and request/response inputs shaped as core fills them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditBroker, type AuditBrokerOptions } from '../../src/audit/broker.js';
import { FrameworkBackend } from '../../src/framework/backend.js';
import type { AuditAuth, AuditRequestInput, AuditResponseInput } from '../../src/audit/types.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { ManualClock } from '../../src/util/clock.js';
import { SeededRandom } from '../../src/util/random.js';

export function newBroker(extra: Partial<AuditBrokerOptions> = {}) {
  const storage = new MemoryStorage();
  const clock = new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
  const errors: Array<{ path: string; error: unknown }> = [];
  const broker = new AuditBroker({
    storage, clock, random: new SeededRandom('audit-tests'),
    onDeviceError: (p, error) => errors.push({ path: p, error }),
    ...extra,
  });
  return { broker, storage, clock, errors };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'minivault-audit-'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export const ROOT_TOKEN = 'hvs.rootTokenValue1234567890';
export const ROOT_ACCESSOR = 'rootAccessorABCDEFGHIJKLMN';

export const rootAuth: AuditAuth = {
  client_token: ROOT_TOKEN, accessor: ROOT_ACCESSOR, display_name: 'root', policies: ['root'], token_policies: ['root'],
  policy_results: { allowed: true, granting_policies: [{ name: 'root', namespace_id: 'root', type: 'acl' }] },
  token_type: 'service', token_issue_time: '2026-01-02T03:00:00Z',
};

let counter = 0;

/** A kv v2 write as core would describe it. */
export function kvWrite(secret: Record<string, unknown>, auth: AuditAuth = rootAuth): AuditResponseInput {
  counter++;
  return {
    auth,
    request: {
      id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`, operation: 'create',
      mount_point: 'secret/', mount_type: 'kv', mount_accessor: 'kv_5e1c9a2b', mount_running_version: 'v0.21.0+builtin',
      mount_class: 'secret', client_token: auth.client_token, client_token_accessor: auth.accessor,
      path: 'secret/data/app', data: { data: secret }, remote_address: '127.0.0.1', remote_port: 50123,
    },
    response: {
      data: { created_time: '2026-01-02T03:04:05.678Z', custom_metadata: null, deletion_time: '', destroyed: false, version: counter },
    },
  };
}

/** Request-entry part of an input. */
export function asRequest(input: AuditResponseInput): AuditRequestInput {
  return { auth: input.auth, request: input.request, error: input.error };
}

/** Writes `n` request/response pairs through a memory device and returns its lines. */
export async function chainedLines(n: number): Promise<string[]> {
  const { broker } = newBroker();
  await broker.load();
  await broker.enable('mem', { type: 'memory', options: { skip_test: 'true' } });
  for (let i = 0; i < n; i++) {
    const input = kvWrite({ password: `pw-${i}`, note: 'x'.repeat(i % 5) });
    if (i % 2 === 0) await broker.logRequest(asRequest(input));
    else await broker.logResponse(input);
  }
  return broker.memory('mem')!.lines();
}

/** The broker's sys/ paths served by the framework, as the sys backend serves them. */
export function auditSys(broker: AuditBroker): FrameworkBackend {
  return new FrameworkBackend('system', { help: '', backendType: 'logical', paths: broker.paths() });
}
