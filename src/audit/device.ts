// One enabled audit device: Vault's audit.Backend (openbao internal/builtin/audit/file/backend.go
// LogRequest, LogResponse, LogTestMessage, GetHash) with minivault's hash chain. It formats an
// entry with its own salt and options, splices in the chain fields, writes the line to its sink
// and only then advances its chain head, so a failed write leaves the chain where the file is.
import { chainLine, type ChainedLine } from '../audit-chain/chain.js';
import type { Digests } from './digest.js';
import { goJson } from '../go/json.js';
import { requestEntry, responseEntry, type FormatOptions } from './format.js';
import type { Hasher } from './hash-structure.js';
import type { DeviceSettings } from './options.js';
import type { AuditSink } from './sinks.js';
import type { AuditRequestInput, AuditResponseInput, ChainHead } from './types.js';

/** The path Vault's test probe claims (openbao internal/vault/audit.go generateAuditTestProbe). */
const AUDIT_PROBE_PATH = 'sys/audit/test';

interface AuditDeviceParts {
  path: string;
  type: string;
  uuid: string;
  settings: DeviceSettings;
  salt: string;
  /** null: `file_path=discard`, nothing is written (Vault returns before formatting). */
  sink: AuditSink | null;
  digests: Digests;
  /** Where the chain continues from. */
  head: ChainHead;
}

export class AuditDevice {
  readonly path: string;
  readonly type: string;
  readonly uuid: string;
  readonly settings: DeviceSettings;
  readonly sink: AuditSink | null;
  readonly #format: FormatOptions;
  readonly #hasher: Hasher;
  readonly #sha256Hex: (text: string) => string;
  #seq: number;
  #hash: string;
  /** The sequence number last written to storage (the broker persists heads in batches). */
  persistedSeq: number;

  constructor(parts: AuditDeviceParts) {
    this.path = parts.path;
    this.type = parts.type;
    this.uuid = parts.uuid;
    this.settings = parts.settings;
    this.sink = parts.sink;
    this.#format = {
      raw: parts.settings.raw,
      hmacAccessor: parts.settings.hmacAccessor,
      elideListResponses: parts.settings.elideListResponses,
    };
    const hmacHex = parts.digests.hmacHex(parts.salt);
    this.#hasher = (value) => `hmac-sha256:${hmacHex(value)}`;
    this.#sha256Hex = parts.digests.sha256Hex;
    this.#seq = parts.head.seq;
    this.#hash = parts.head.hash;
    this.persistedSeq = parts.head.seq;
  }

  /** The last entry written: its sequence number and hash. */
  head(): ChainHead {
    return { seq: this.#seq, hash: this.#hash };
  }

  /** `sys/audit-hash`: the value this device writes for `input` (always hashed, even with log_raw). */
  hash(input: string): string {
    return this.#hasher(input);
  }

  logRequest(input: AuditRequestInput, time: string): Promise<void> | undefined {
    if (!this.sink) return undefined;
    const order = { exact: false };
    const entry = requestEntry(input, time, this.#hasher, this.#format, order);
    return this.#append(goJson(entry, { exact: order.exact }));
  }

  logResponse(input: AuditResponseInput, time: string): Promise<void> | undefined {
    if (!this.sink) return undefined;
    const order = { exact: false };
    const entry = responseEntry(input, time, this.#hasher, this.#format, order);
    return this.#append(goJson(entry, { exact: order.exact }));
  }

  /** Vault's test probe on enable: a bare request entry for `sys/audit/test`. */
  logTestProbe(requestId: string, time: string): Promise<void> | undefined {
    if (!this.sink) return undefined;
    const input: AuditRequestInput = { request: { id: requestId, operation: 'update', path: AUDIT_PROBE_PATH } };
    return this.#append(goJson(requestEntry(input, time, null, this.#format)));
  }

  /** Chains and writes one serialised entry; throws (or rejects, when syncing) on failure. */
  #append(entryJson: string): Promise<void> | undefined {
    const seq = this.#seq + 1;
    const chained: ChainedLine = chainLine(this.settings.prefix, entryJson, seq, this.#hash, this.#sha256Hex);
    this.sink!.write(chained.line);
    this.#seq = seq;
    this.#hash = chained.hash;
    return this.settings.fsync ? this.sink!.sync() : undefined;
  }

  close(): void {
    this.sink?.close();
  }
}
