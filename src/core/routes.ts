// Every route minivault serves, read from the backends' own path tables: the raw sys handlers
// (http/sys_*.go, listed once in sys-raw.ts), then each mounted backend's framework paths in
// table order. scripts/coverage.ts mounts one of every engine and auth method minivault has and
// renders this as COVERAGE.md, so the document cannot drift from the code.
import { FrameworkBackend } from '../framework/backend.js';
import type { Operation } from '../logical/types.js';
import type { PathHandler, PathOperation, PathSpec } from '../framework/types.js';
import { RAW_ROUTES } from './sys-raw.js';

export interface RouteRow {
  method: string;
  path: string;
  area: string;
  notes: string;
}

const METHOD_OF: Record<Operation, string> = {
  read: 'GET', create: 'PUT/POST', update: 'PUT/POST', patch: 'PATCH', delete: 'DELETE', list: 'LIST',
};
const ORDER: Operation[] = ['read', 'list', 'create', 'update', 'patch', 'delete'];

/** A Vault pattern as a readable route: `(?P<name>…)` → `:name`, optional groups `[ ]`, anchors dropped. */
export function readablePattern(pattern: string): string {
  let out = '';
  let i = 0;
  const src = pattern.replace(/^\^/, '').replace(/\$$/, '');
  while (i < src.length) {
    if (src.startsWith('(?P<', i)) {
      const end = src.indexOf('>', i);
      const name = src.slice(i + 4, end);
      let depth = 1;
      let j = end + 1;
      for (; j < src.length && depth > 0; j++) {
        if (src[j] === '\\') { j++; continue; }
        if (src[j] === '(') depth++;
        else if (src[j] === ')') depth--;
      }
      out += `:${name}`;
      i = j;
      continue;
    }
    const c = src[i]!;
    if (c === '[') {
      // A character class (`[^\n]*`): any text, shown as `*`.
      let j = i + 1;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      i = j + 1;
      if ('*+?'.includes(src[i] ?? '')) i++;
      out += '*';
      continue;
    }
    if (c === '\\') { out += src[i + 1] ?? ''; i += 2; continue; }
    if (c === '(') { out += '['; i++; continue; }
    if (c === ')') { i++; if (src[i] === '?') i++; out += ']'; continue; }
    if (c === '?' && out.endsWith('/')) { out = out.slice(0, -1) + '[/]'; i++; continue; }
    out += c;
    i++;
  }
  return out;
}

function notesOf(op: PathHandler | PathOperation | undefined): string {
  return op !== undefined && typeof op !== 'function' ? op.notes ?? '' : '';
}

/** The rows of one backend's table, mounted at `prefix` (`/v1/sys/`, `/v1/:mount/`). */
export function tableRows(area: string, prefix: string, paths: readonly PathSpec[]): RouteRow[] {
  const rows: RouteRow[] = [];
  for (const spec of paths) {
    const path = prefix + readablePattern(spec.pattern);
    const byMethod = new Map<string, string[]>();
    for (const op of ORDER) {
      const handler = spec.operations[op];
      if (handler === undefined) continue;
      const method = METHOD_OF[op];
      const notes = [spec.notes ?? '', notesOf(handler)].filter((n) => n !== '');
      const seen = byMethod.get(method);
      if (seen) seen.push(...notes.filter((n) => !seen.includes(n)));
      else byMethod.set(method, notes);
    }
    for (const [method, notes] of byMethod) rows.push({ method, path, area, notes: notes.join('; ') });
  }
  return rows;
}

export function rawRows(): RouteRow[] {
  return RAW_ROUTES.flatMap((r) => (r.served ?? []).map(([method, notes]) => ({ method, path: `/v1/${r.path}`, area: 'sys (raw)', notes })));
}

export interface MountedTable {
  area: string;
  prefix: string;
  backend: unknown;
}

/** Raw rows, then every framework backend's rows in the order given. */
export function routesOf(tables: readonly MountedTable[]): RouteRow[] {
  const rows = rawRows();
  for (const t of tables) {
    if (t.backend instanceof FrameworkBackend) rows.push(...tableRows(t.area, t.prefix, t.backend.spec.paths));
  }
  return rows;
}
