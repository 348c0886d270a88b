// The answers of sys/plugins/catalog for builtins, as pure functions of "which builtins minivault
// serves". Upstream: vault/logical_system.go handlePluginCatalogUntypedList / TypedList / Read,
// vault/plugincatalog/plugin_catalog.go listInternal, get and sortVersionedPlugins,
// sdk/helper/consts/plugin_types.go (all at the 1.18 branch point, main @ 28ca1ef7e17c).
// minivault registers no external plugins, so every entry here is a builtin; and it lists only
// the builtins it implements (its choice: the catalog shows what this server can mount).
import { GoError } from '../errors/vault-error.js';
import { errUnsupportedPluginType } from '../errors/plugins.js';
import { builtinNames, lookupBuiltin, type PluginKind } from './plugin-registry.js';

/** The builtins this server implements, per catalog type. Names not in Vault's registry are ignored. */
export interface ImplementedPlugins {
  readonly auth: ReadonlySet<string>;
  readonly secret: ReadonlySet<string>;
  readonly database: ReadonlySet<string>;
}

/** consts.PluginType strings; `unknown` parses but never has builtins. */
export type CatalogType = PluginKind | 'unknown';

/**
 * consts.ParsePluginType. The catalog handlers return its error as a plain Go error, so Vault
 * answers 500 with the multierror text. (The HTTP routes only match auth|database|secret, so over
 * HTTP this is not normally reachable.)
 */
export function parsePluginType(s: string): CatalogType {
  if (s === 'auth' || s === 'database' || s === 'secret' || s === 'unknown') return s;
  throw new GoError(500, errUnsupportedPluginType(s));
}

/** The order the untyped list walks types in (consts.PluginTypes minus `unknown`, which is empty). */
const KINDS: readonly PluginKind[] = ['auth', 'database', 'secret'];

/** Listed names of one type: implemented, in Vault's registry, not removed (registry Keys), sorted. */
function listedNames(implemented: ImplementedPlugins, kind: PluginKind): string[] {
  return builtinNames(kind).filter((n) => implemented[kind].has(n));
}

/** One `detailed` element; JSON keys in Go map (sorted) order. */
export type CatalogDetailedEntry = {
  builtin: true;
  deprecation_status: string;
  name: string;
  type: PluginKind;
  version: string;
};

/**
 * GET sys/plugins/catalog: `data` with one sorted name array per type that has any (keys `auth`,
 * `database`, `secret`) and `detailed`, ordered by type, then name, then version (here one
 * version per name), present only when non-empty. Keys come out sorted, as Go maps marshal.
 */
export function catalogListing(implemented: ImplementedPlugins): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const detailed: CatalogDetailedEntry[] = [];
  for (const kind of KINDS) {
    const names = listedNames(implemented, kind);
    if (names.length > 0) data[kind] = names;
    for (const name of names) {
      const info = lookupBuiltin(kind, name)!;
      detailed.push({ builtin: true, deprecation_status: info.status, name, type: kind, version: info.version });
    }
  }
  if (detailed.length > 0) data.detailed = detailed;
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * LIST sys/plugins/catalog/:type: `{keys: [...]}` sorted, or `{}` when the type has none
 * (logical.ListResponse; the HTTP layer then answers 404 for a LIST without keys).
 */
export function catalogTypedList(implemented: ImplementedPlugins, type: string): { keys?: string[] } {
  const t = parsePluginType(type);
  if (t === 'unknown') return {};
  const keys = listedNames(implemented, t);
  return keys.length > 0 ? { keys } : {};
}

/** GET sys/plugins/catalog/:type/:name data for a builtin; JSON keys in Go map (sorted) order. */
// (A type alias, not an interface, so it fits LogicalResponse's Record<string, unknown> data.)
export type CatalogPluginInfo = {
  /** A builtin's runner has no args: Go's nil slice, JSON `null`. */
  args: null;
  builtin: true;
  /** Empty for builtins (only external plugins have a command). */
  command: '';
  deprecation_status: string;
  name: string;
  /** Hex of an empty checksum. */
  sha256: '';
  version: string;
};

/**
 * GET sys/plugins/catalog/:type/:name, or undefined for Vault's 404 (empty `errors`). `version`,
 * when given, must be the canonical (`v`-prefixed) string the handler derived; only the builtin's
 * own version matches. A removed builtin is still answered (upstream get() finds it in the
 * registry; only listing hides it), with `deprecation_status: "removed"`. Other builtins are
 * answered only when implemented.
 */
export function catalogRead(
  implemented: ImplementedPlugins,
  type: string,
  name: string,
  version?: string,
): CatalogPluginInfo | undefined {
  const t = parsePluginType(type);
  if (t === 'unknown') return undefined;
  const info = lookupBuiltin(t, name);
  if (info === undefined) return undefined;
  if (info.status !== 'removed' && !implemented[t].has(name)) return undefined;
  if (version !== undefined && version !== '' && version !== info.version) return undefined;
  return {
    args: null,
    builtin: true,
    command: '',
    deprecation_status: info.status,
    name,
    sha256: '',
    version: info.version,
  };
}

// ---- call shapes used by the sys backend routes (src/core/sys-backend.ts) -----------------------

/** The `keys` of LIST sys/plugins/catalog/:type (possibly empty; see catalogTypedList). */
export function catalogTypeKeys(type: string, implemented: ImplementedPlugins): string[] {
  return catalogTypedList(implemented, type).keys ?? [];
}

/** catalogRead with the route's argument order; undefined = 404. */
export function catalogEntry(
  type: string,
  name: string,
  implemented: ImplementedPlugins,
  version?: string,
): CatalogPluginInfo | undefined {
  return catalogRead(implemented, type, name, version);
}
