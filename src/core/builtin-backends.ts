// The engines and auth methods minivault implements, by mount type (Vault's builtin registry,
// helper/builtinplugins/registry.go, narrowed to what exists here). Each entry loads its folder
// with a dynamic import the first time a mount of that type is set up, so a server that never
// mounts transit never loads it. Adding an engine = a folder exporting a factory + one line here.
import type { BackendFactory } from '../logical/types.js';

type Loader = () => Promise<BackendFactory>;

/** Secrets engines (src/secrets/<type>). `generic` is Vault's old name for KV v1. */
const SECRETS: Readonly<Record<string, Loader>> = {
  kv: async () => (await import('../secrets/kv/factory.js')).factory,
  generic: async () => (await import('../secrets/kv/factory.js')).factory,
  transit: async () => (await import('../secrets/transit/index.js')).factory,
  pki: async () => (await import('../secrets/pki/index.js')).factory,
};

/** Auth methods (src/credential/<type>). The token store is core's own and not listed here. */
const CREDENTIALS: Readonly<Record<string, Loader>> = {
  approle: async () => (await import('../credential/approle/index.js')).factory,
  cert: async () => (await import('../credential/cert/index.js')).factory,
  jwt: async () => (await import('../credential/jwt/index.js')).factory,
  oidc: async () => (await import('../credential/jwt/index.js')).oidcFactory,
  kubernetes: async () => (await import('../credential/kubernetes/index.js')).factory,
  userpass: async () => (await import('../credential/userpass/index.js')).factory,
};

export type BackendKind = 'secret' | 'auth';

function table(kind: BackendKind): Readonly<Record<string, Loader>> {
  return kind === 'secret' ? SECRETS : CREDENTIALS;
}

export function isImplemented(kind: BackendKind, type: string): boolean {
  return Object.hasOwn(table(kind), type);
}

/** Names minivault serves, for sys/plugins/catalog. */
export function implementedTypes(kind: BackendKind): ReadonlySet<string> {
  return new Set(Object.keys(table(kind)));
}

const loaded = new Map<string, Promise<BackendFactory>>();

/** The factory for a type (loaded once per process), or undefined when minivault lacks it. */
export function loadFactory(kind: BackendKind, type: string): Promise<BackendFactory> | undefined {
  const t = table(kind);
  if (!Object.hasOwn(t, type)) return undefined;
  const key = `${kind}/${type}`;
  let p = loaded.get(key);
  if (p === undefined) {
    p = t[type]!();
    loaded.set(key, p);
  }
  return p;
}
