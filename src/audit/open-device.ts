// Builds a device from its table entry: Vault's backend Factory (options, the file sanity check)
// plus the salt and minivault's chain head, used both on enable and when devices are loaded on
// unseal. Failures a client caused are AuditOptionError, carrying Vault's message.
import { errAuditSanityCheck, errAuditUnknownType } from '../errors/audit.js';
import type { Storage } from '../storage/types.js';
import * as fs from 'node:fs';
import { resumeHead } from '../audit-chain/chain.js';
import { AuditDevice } from './device.js';
import type { Digests } from './digest.js';
import { AuditOptionError, isAuditDeviceType, parseDeviceOptions, type AuditDeviceType, type DeviceSettings } from './options.js';
import { FileSink, goFsError, MemorySink, StdoutSink, type AuditSink } from './sinks.js';
import { readHead, readSalt, writeSalt, type AuditTableEntry } from './table.js';

interface OpenDeviceArgs {
  entry: AuditTableEntry;
  /** A new device's salt; undefined: read it from storage. */
  salt: string | undefined;
  storage: Storage;
  digests: Digests;
  /** Memory devices' stores by device uuid (they outlive seal/unseal). */
  memorySinks: Map<string, MemorySink>;
  /** A fresh salt when a stored device has lost its own (Vault creates salts on first use). */
  newSalt: () => string;
}

function fileSink(settings: DeviceSettings): AuditSink | null {
  const path = settings.filePath;
  if (path === 'discard') return null;
  if (path === 'stdout') return new StdoutSink();
  if (settings.mode === 0) {
    // mode 0000 keeps the existing file's mode, so the file must exist (Vault stats it).
    try {
      fs.statSync(path);
    } catch (e) {
      throw new AuditOptionError(goFsError(e));
    }
  }
  const sink = new FileSink(path, settings.mode, settings.fsync);
  try {
    sink.open();
  } catch (e) {
    throw new AuditOptionError(errAuditSanityCheck(path, goFsError(e)));
  }
  return sink;
}

function makeSink(type: AuditDeviceType, settings: DeviceSettings, uuid: string, memory: Map<string, MemorySink>): AuditSink | null {
  if (type === 'file') return fileSink(settings);
  let sink = memory.get(uuid);
  if (!sink) {
    sink = new MemorySink();
    memory.set(uuid, sink);
  }
  return sink;
}

async function deviceSalt(args: OpenDeviceArgs): Promise<string> {
  if (args.salt !== undefined) return args.salt;
  const stored = await readSalt(args.storage, args.entry.uuid);
  if (stored !== undefined) return stored;
  const salt = args.newSalt();
  await writeSalt(args.storage, args.entry.uuid, salt);
  return salt;
}

export async function openDevice(args: OpenDeviceArgs): Promise<AuditDevice> {
  const { entry } = args;
  if (!isAuditDeviceType(entry.type)) throw new AuditOptionError(errAuditUnknownType(entry.type));
  const settings = parseDeviceOptions(entry.type, entry.options);
  const fresh = args.salt !== undefined;
  const salt = await deviceSalt(args);
  const stored = fresh ? undefined : await readHead(args.storage, entry.uuid);
  const sink = makeSink(entry.type, settings, entry.uuid, args.memorySinks);
  return new AuditDevice({
    path: entry.path, type: entry.type, uuid: entry.uuid, settings, salt, sink, digests: args.digests,
    head: resumeHead(sink?.lastLine(), stored),
  });
}
