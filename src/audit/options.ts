// A device's string options, read as Vault's file backend reads them (openbao
// internal/builtin/audit/file/backend.go Factory), plus minivault's `fsync`. The `memory` type
// takes the same options except the path. Every bad value is refused with Vault's message, so
// an enable either succeeds whole or changes nothing.
import {
  ERR_AUDIT_FILE_PATH_REQUIRED, ERR_AUDIT_JSONX_REMOVED, ERR_AUDIT_MODE_NOT_REGULAR,
  errAuditParseMode, errAuditUnknownFormat,
} from '../errors/audit.js';
import { GoLibError, goParseBool } from '../go/strconv.js';

/** The device types minivault has: Vault's `file`, and `memory` for tests. */
export const AUDIT_DEVICE_TYPES = ['file', 'memory'] as const;
export type AuditDeviceType = (typeof AUDIT_DEVICE_TYPES)[number];

export function isAuditDeviceType(type: string): type is AuditDeviceType {
  return (AUDIT_DEVICE_TYPES as readonly string[]).includes(type);
}

export interface DeviceSettings {
  /** `file` only: a path, `stdout` or `discard` (those two case-insensitive). */
  filePath: string;
  raw: boolean;
  hmacAccessor: boolean;
  elideListResponses: boolean;
  /** Written before every line. */
  prefix: string;
  /** Permission bits for the file; 0 leaves an existing file's mode unchanged. */
  mode: number;
  /** minivault: fsync after each write (group commit), default false as in Vault. */
  fsync: boolean;
  /** `skip_test=true`: no test probe on enable. */
  skipTest: boolean;
}

/** An option value Vault refuses; the message is Vault's. */
export class AuditOptionError extends Error {}

function boolOption(options: Record<string, string>, key: string, fallback: boolean): boolean {
  const raw = options[key];
  if (raw === undefined) return fallback;
  try {
    return goParseBool(raw);
  } catch (e) {
    // the file backend's Factory returns strconv's error as it is
    if (e instanceof GoLibError) throw new AuditOptionError(e.message);
    throw e;
  }
}

// Go's os.ModeType bits: a mode with any of them is not a regular file's.
const GO_MODE_TYPE = (1 << 31) >>> 0 | 1 << 27 | 1 << 26 | 1 << 25 | 1 << 24 | 1 << 21 | 1 << 19;

function modeOption(raw: string | undefined): number {
  if (raw === undefined) return 0o600;
  if (!/^[0-7]+$/.test(raw)) throw new AuditOptionError(errAuditParseMode(raw, false));
  const value = parseInt(raw, 8);
  if (value > 0xffffffff) throw new AuditOptionError(errAuditParseMode(raw, true));
  if (value === 0) return 0;
  if ((value & GO_MODE_TYPE) !== 0) throw new AuditOptionError(ERR_AUDIT_MODE_NOT_REGULAR);
  // Executable bits are stripped (HCSEC-2025-14 / CVE-2025-6000).
  return value & 0o777 & ~0o111;
}

function filePathOption(type: AuditDeviceType, options: Record<string, string>): string {
  if (type !== 'file') return '';
  const path = options.file_path ?? options.path;
  if (path === undefined) throw new AuditOptionError(ERR_AUDIT_FILE_PATH_REQUIRED);
  const lower = path.toLowerCase();
  return lower === 'stdout' || lower === 'discard' ? lower : path;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The prefix as bytes will hold it: a lone surrogate (possible from a JSON `\ud800` escape)
 * becomes U+FFFD, as in Go, so the chain hashes what the file holds.
 */
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/** Reads and checks a device's options; throws AuditOptionError with Vault's message. */
export function parseDeviceOptions(type: AuditDeviceType, options: Record<string, string>): DeviceSettings {
  const filePath = filePathOption(type, options);
  const format = options.format ?? 'json';
  if (format === 'jsonx') throw new AuditOptionError(ERR_AUDIT_JSONX_REMOVED);
  if (format !== 'json') throw new AuditOptionError(errAuditUnknownFormat(format));
  return {
    filePath,
    hmacAccessor: boolOption(options, 'hmac_accessor', true),
    raw: boolOption(options, 'log_raw', false),
    elideListResponses: boolOption(options, 'elide_list_responses', false),
    mode: modeOption(options.mode),
    fsync: boolOption(options, 'fsync', false),
    prefix: wellFormed(options.prefix ?? ''),
    skipTest: options.skip_test === 'true',
  };
}
