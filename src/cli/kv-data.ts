// KV data arguments for `kv put`, `kv patch` and `audit enable`, as go-secure-stdlib's
// kv-builder/builder.go reads them (via command/base_helpers.go parseArgsData): `key=value`,
// `key=@file` (whole file), `key=\@x` (literal `@x`), `key=-` (all of stdin), a bare `-` or
// `@file.json` (a JSON object merged in), repeated keys collected into an array. Values stay
// strings; only JSON documents bring other types.
import { readFileSync } from 'node:fs';
import { errCliKvPair } from '../errors/cli.js';
import { readAll, type CliStdin } from './stdin.js';

const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
};

/** A Go os.PathError text: `open /x: no such file or directory`. */
export function goFileError(path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const op = e.code === 'EISDIR' ? 'read' : 'open';
  return `${op} ${path}: ${GO_ERRNO_TEXT[e.code ?? ''] ?? e.message}`;
}

class KvPairError extends Error {}

function readFileText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new KvPairError(goFileError(path, e));
  }
}

function mergeJson(result: Record<string, unknown>, text: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new KvPairError(text.trim() === '' ? 'EOF' : (e as Error).message);
  }
  if (doc === null) return;
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    const kind = Array.isArray(doc) ? 'array' : typeof doc;
    throw new KvPairError(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  Object.assign(result, doc);
}

/** Reads KV arguments; rejects with the builder's error as `invalid key/value pair "<arg>": …`. */
export async function parseKvArgs(args: string[], stdin: CliStdin | undefined): Promise<Record<string, unknown>> {
  // No prototype, so a key named __proto__ is stored like any other.
  const result = Object.create(null) as Record<string, unknown>;
  let stdinUsed = false;
  const takeStdin = async (): Promise<string> => {
    if (!stdin) throw new KvPairError('stdin is not supported');
    if (stdinUsed) throw new KvPairError('stdin already consumed');
    stdinUsed = true;
    return readAll(stdin);
  };
  for (const arg of args) {
    try {
      if (arg === '') continue;
      const eq = arg.indexOf('=');
      if (eq === -1) {
        if (arg === '-') { mergeJson(result, await takeStdin()); continue; }
        if (arg.startsWith('@')) { mergeJson(result, readFileText(arg.slice(1))); continue; }
        throw new KvPairError('format must be key=value');
      }
      const key = arg.slice(0, eq);
      let value = arg.slice(eq + 1);
      if (value.startsWith('@')) {
        try {
          value = readFileSync(value.slice(1), 'utf8');
        } catch (e) {
          throw new KvPairError(`error reading file: ${goFileError(value.slice(1), e)}`);
        }
      } else if (value.startsWith('\\@')) {
        value = value.slice(1);
      } else if (value === '-') {
        value = await takeStdin();
      }
      if (Object.prototype.hasOwnProperty.call(result, key)) {
        const existing = result[key];
        result[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
      } else {
        result[key] = value;
      }
    } catch (e) {
      if (e instanceof KvPairError) throw new Error(errCliKvPair(arg, e.message));
      throw e;
    }
  }
  return result;
}
