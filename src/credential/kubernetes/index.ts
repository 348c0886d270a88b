// The Kubernetes auth method (hashicorp/vault-plugin-auth-kubernetes v0.20.0, Vault 1.18.1): the
// mount factory core's registry loads on first use (src/core/builtin-backends.ts).
import type { Backend, BackendConfig } from '../../logical/types.js';
import { KubernetesBackend } from './backend.js';

export { KubernetesBackend, kubernetesSpec } from './backend.js';

/** K8S backend.go Factory: no options, always a backend. */
export function factory(config: BackendConfig): Backend {
  return new KubernetesBackend(config);
}
