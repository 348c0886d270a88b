// The identity secrets engine (Vault's vault/identity_store.go NewIdentityStore): the singleton
// `identity/` mount's path table over the identity store. Core builds it once per unseal with
// the store the token store shares (logins, identity policies, templated ACLs) and what it needs
// from core: mounts by accessor, the entity behind a request's token, the API address.
import { FrameworkBackend } from '../framework/backend.js';
import type { Storage } from '../storage/types.js';
import { entityAliasPaths, groupAliasPaths } from './alias-paths.js';
import { entityPaths } from './entity-paths.js';
import { groupPaths } from './group-paths.js';
import { lookupPaths } from './lookup-paths.js';
import type { OidcDeps } from './oidc-paths.js';
import { lazyOidcPaths } from './oidc-routes.js';
import { IdentityStore } from './store.js';
import type { MountLookup } from './types.js';

export { IdentityStore } from './store.js';
export type { MountFacts, MountLookup } from './types.js';

const HELP = `The identity store maintains client identities (entities), their aliases on
auth mounts and the groups they belong to, and issues identity tokens.`;

interface IdentityBackendDeps extends OidcDeps {
  mountOf: MountLookup;
  /** The token store mount's accessor. */
  tokenAccessor(): string;
}

/** Attaches the store to the mount's storage and answers the mount's backend. */
export async function identityBackend(store: IdentityStore, storage: Storage, deps: IdentityBackendDeps): Promise<FrameworkBackend> {
  await store.attach(storage, deps.mountOf, () => deps.tokenAccessor());
  return new FrameworkBackend('identity', {
    help: HELP,
    backendType: 'logical',
    // identity_store.go PathsSpecial.Unauthenticated
    pathsSpecial: { unauthenticated: ['oidc/.well-known/*', 'oidc/+/.well-known/*', 'oidc/provider/+/.well-known/*', 'oidc/provider/+/token'] },
    paths: [
      ...entityPaths(store), ...entityAliasPaths(store), ...groupPaths(store), ...groupAliasPaths(store), ...lookupPaths(store),
      // Identity tokens and the OIDC provider load with their first request (start-up cost).
      ...lazyOidcPaths(async () => (await import('./oidc-paths.js')).loadOidc(store, storage, deps)),
    ],
  });
}
