// A backend's special paths, matched the way Vault's router does (vault/router.go RootPath,
// LoginPath, pathMatchesWildcardPath, isValidUnauthenticatedPath): paths are relative to the
// mount; `x*` is a prefix entry, anything else exact; unauthenticated entries may also use `+`
// for exactly one segment. Root (sudo) paths take the longest matching entry.
import { errInvalidWildcard } from '../errors/mounts.js';
import type { PathsSpecial } from './types.js';

interface Entry {
  readonly text: string;
  readonly prefix: boolean;
  /** For wildcard entries: the segments, `+` matching any one. */
  readonly segments?: readonly string[];
}

function entry(p: string): Entry {
  const prefix = p.endsWith('*');
  const text = prefix ? p.slice(0, -1) : p;
  return p.includes('+') ? { text, prefix, segments: text.split('/') } : { text, prefix };
}

/** Refuses the wildcard forms Vault refuses when a backend mounts; returns the entry's error. */
export function invalidUnauthenticatedPath(p: string): string | undefined {
  if (p.split('*').length > 2) return errInvalidWildcard(p, "multiple '*' is forbidden");
  if (p.includes('+*')) return errInvalidWildcard(p, "'+*' is forbidden");
  if (p.includes('*') && !p.endsWith('*')) return errInvalidWildcard(p, "'*' is only allowed at the end of a path");
  for (let i = 0; i < p.length; i++) {
    if (p[i] !== '+') continue;
    const before = i === 0 ? '/' : p[i - 1];
    const after = i === p.length - 1 ? '/' : p[i + 1];
    if (before !== '/' || (after !== '/' && after !== '*')) return errInvalidWildcard(p, "'+' is not allowed next to a non-slash");
  }
  return undefined;
}

function wildcardMatch(e: Entry, path: string): boolean {
  const want = e.segments!;
  const got = path.split('/');
  if (e.prefix) {
    if (got.length < want.length) return false;
    for (let i = 0; i < want.length - 1; i++) if (want[i] !== '+' && want[i] !== got[i]) return false;
    const last = want[want.length - 1]!;
    return last === '+' ? true : got[want.length - 1]!.startsWith(last);
  }
  if (got.length !== want.length) return false;
  return want.every((w, i) => w === '+' || w === got[i]);
}

export class SpecialPaths {
  readonly #root: Entry[];
  readonly #unauthPrefix: Entry[];
  readonly #unauthExact: Set<string>;
  readonly #unauthWildcard: Entry[];

  constructor(special: PathsSpecial | undefined) {
    // Longest first, so the first hit is the longest entry (the radix tree's LongestPrefix).
    this.#root = (special?.root ?? []).map(entry).sort((a, b) => b.text.length - a.text.length);
    for (const p of special?.unauthenticated ?? []) {
      const bad = invalidUnauthenticatedPath(p);
      if (bad !== undefined) throw new Error(bad);
    }
    const unauth = (special?.unauthenticated ?? []).map(entry);
    this.#unauthPrefix = unauth.filter((e) => e.segments === undefined && e.prefix);
    this.#unauthExact = new Set(unauth.filter((e) => e.segments === undefined && !e.prefix).map((e) => e.text));
    this.#unauthWildcard = unauth.filter((e) => e.segments !== undefined);
  }

  /** Whether `path` (relative to the mount) needs sudo. */
  isRoot(path: string): boolean {
    for (const e of this.#root) {
      if (!path.startsWith(e.text)) continue;
      return e.prefix || path === e.text;
    }
    return false;
  }

  /** Whether `path` is served without a token: prefix entries, then exact, then wildcards. */
  isUnauthenticated(path: string): boolean {
    if (this.#unauthPrefix.some((e) => path.startsWith(e.text))) return true;
    if (this.#unauthExact.has(path)) return true;
    return this.#unauthWildcard.some((e) => wildcardMatch(e, path));
  }
}
