// sys/internal/specs/openapi (vault/logical_system.go pathInternalOpenAPI): the OpenAPI document
// of every mount the caller can see, each mount's paths prefixed with its path, merged into one.
// Visibility is the UI listing's: with a token, the mounts it can reach; without, the mounts
// tuned `listing_visibility: unauth`.
import { FrameworkBackend } from '../framework/backend.js';
import { mergeOpenApi, openApiDocument, type OpenApiDocument } from '../framework/openapi.js';
import type { MountTable } from './mounts.js';
import type { AuthPort } from './ports.js';

export async function openApiOfMounts(
  mounts: MountTable, auth: AuthPort, clientToken: string | undefined, genericMountPaths: boolean, version: string,
): Promise<OpenApiDocument> {
  const token = clientToken ? await auth.resolveToken(clientToken) : undefined;
  const docs: OpenApiDocument[] = [];
  const entries = [...mounts.entries].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const entry of entries) {
    const visible = token ? await auth.hasMountAccess(token, entry.path) : entry.config.listing_visibility === 'unauth';
    if (!visible) continue;
    const backend = mounts.route(entry.path)?.backend;
    if (!(backend instanceof FrameworkBackend)) continue;
    docs.push(openApiDocument({ version, backend: backend.spec, mountType: entry.type, mountPath: entry.path, genericMountPaths }));
  }
  return mergeOpenApi(docs, version);
}
