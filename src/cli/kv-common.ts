// What every `kv` subcommand shares (hashicorp/vault command/kv_helpers.go, command/base_helpers.go): the
// preflight `GET sys/internal/ui/mounts/<path>` that finds the mount and its KV version, path
// clean-up and joining (Go's path.Join), the `<mount>/<data|metadata|…>/<path>` API paths, and
// kvReadRequest, which treats a 404 that still carries data (a deleted version) as a result.
import { parseBody, type ApiClient } from './client.js';
import type { Ctx } from './command.js';
import { parseSecret, type Secret } from './json.js';
import { outputSecret, printRawField } from './output.js';

/** sanitizePath: trims whitespace, then every leading and trailing `/`. */
export function sanitizePath(s: string): string {
  return s.trim().replace(/^\/+/, '').replace(/\/+$/, '');
}

/** Go path.Clean over a slash-separated path. */
export function pathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Go path.Join: non-empty elements joined by `/` and cleaned; all empty → ''. */
export function pathJoin(...parts: string[]): string {
  const nonEmpty = parts.filter((p) => p !== '');
  return nonEmpty.length === 0 ? '' : pathClean(nonEmpty.join('/'));
}

/** addPrefixToKVPath: `kgc/api-credentials` + `kgc/` + `data` → `kgc/data/api-credentials`. */
export function addPrefixToKVPath(p: string, mountPath: string, prefix: string): string {
  if (p === mountPath || p === mountPath.replace(/\/$/, '')) return pathJoin(mountPath, prefix);
  let mount = mountPath;
  let rest = p.startsWith(mount) ? p.slice(mount.length) : p;
  while (rest === p) {
    // The mount path may carry a namespace prefix the path lacks: drop its first segment and retry.
    const slash = mount.indexOf('/');
    if (slash === -1 || mount.slice(slash + 1) === '') break;
    mount = mount.slice(slash + 1).replace(/\/$/, '');
    rest = rest.startsWith(mount) ? rest.slice(mount.length) : rest;
  }
  return pathJoin(mount, prefix, rest);
}

export interface KvMount {
  /** `kgc/`, or '' when the preflight answered 404. */
  mountPath: string;
  v2: boolean;
}

/**
 * kvPreflightVersionRequest: 404 means KV v1 with an unknown mount; any other failure is thrown
 * (commands print it bare, exit 2); version 2 only when `data.options.version` is "2". The CLI's
 * wrapping lookup is cleared for the call, so -wrap-ttl does not wrap it, but VAULT_WRAP_TTL (the
 * API default lookup) still does — and a wrapped answer, having no data, reads as KV v1, as in Vault.
 */
export async function kvPreflight(client: ApiClient, path: string): Promise<KvMount> {
  const res = await client.withoutWrappingLookup(() => client.send('GET', `sys/internal/ui/mounts/${path}`));
  if (res.status === 404) return { mountPath: '', v2: false };
  client.check(res);
  const secret = parseSecret(parseBody(res));
  if (!secret) throw new Error('nil response from pre-flight request');
  const data = secret.data ?? {};
  const mountPath = typeof data.path === 'string' ? data.path : '';
  const options = data.options as Record<string, unknown> | null | undefined;
  return { mountPath, v2: options?.version === '2' };
}

export interface KvTarget extends KvMount {
  /** The working path: mount-relative joined onto the mount for v2 (`kgc/api-credentials`). */
  partialPath: string;
  /** True when the mount came from -mount rather than the first path segment. */
  mountFlagSyntax: boolean;
}

/**
 * Resolves a kv command's path argument with the preflight, for either syntax:
 * `kgc/api-credentials` or `-mount=kgc api-credentials`. `getStyle` keeps all but one leading `/`
 * untrimmed, as `kv get` does.
 */
export async function resolveKvTarget(ctx: Ctx, arg: string, getStyle = false): Promise<KvTarget> {
  const mountFlag = ctx.flags.str('mount');
  const mountFlagSyntax = mountFlag !== '';
  let partialPath = getStyle ? arg.replace(/^\//, '') : sanitizePath(arg);
  const client = ctx.client();
  if (mountFlagSyntax) {
    const mount = await kvPreflight(client, sanitizePath(mountFlag));
    if (mount.v2) partialPath = pathJoin(mount.mountPath, partialPath);
    return { ...mount, partialPath, mountFlagSyntax };
  }
  const mount = await kvPreflight(client, partialPath);
  return { ...mount, partialPath, mountFlagSyntax };
}

/** The request path: v2 gets the API prefix; v1 joins the mount in flag syntax, else uses the path. */
export function kvRequestPath(target: KvTarget, prefix: string): string {
  if (target.v2) return addPrefixToKVPath(target.partialPath, target.mountPath, prefix);
  return target.mountFlagSyntax ? pathJoin(target.mountPath, target.partialPath) : target.partialPath;
}

/**
 * kvReadRequest: GET the path; a 404 whose body still has data or warnings is a result, any other
 * 404 is "not found" (undefined); other failures throw.
 */
export async function kvRead(client: ApiClient, path: string, query?: Record<string, string>): Promise<Secret | undefined> {
  const res = await client.send('GET', path, { query });
  if (res.status === 404) {
    const secret = parseSecret(parseBody(res));
    const hasContent = (secret?.warnings?.length ?? 0) > 0 || Object.keys(secret?.data ?? {}).length > 0;
    return hasContent ? secret : undefined;
  }
  return parseSecret(parseBody(client.check(res)));
}

/** The success line of a write with no response body (table format only), or the response. */
export function outputWriteResult(ctx: Ctx, line: string, secret: Secret | undefined): number {
  if (!secret) {
    if (ctx.format === 'table') ctx.ui.info(line);
    return 0;
  }
  if (ctx.flags.has('field') && ctx.flags.str('field') !== '') return printRawField(ctx, { secret }, ctx.flags.str('field'));
  return outputSecret(ctx, secret);
}
