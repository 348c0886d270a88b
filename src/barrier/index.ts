// The barrier area's public surface: AES-GCM implementations, the encrypted barrier and its views,
// and the Shamir seal lifecycle (init, unseal, seal, status, rotate, rekey, root token generation).
export { createAead, nodeAead, nobleAead, AeadAuthError, type Aead, type AeadCipher, type AeadName } from './aead.js';
export { AesGcmBarrier, KEYRING_PATH, ROOT_KEY_PATH, SHAMIR_KEK_PATH, KEYRING_CANARY_PATH } from './barrier.js';
export type { BarrierOptions, KeyStatus, BarrierRotationConfig } from './barrier.js';
export { BarrierView } from './view.js';
export { OpenCache, type OpenCacheOptions } from './open-cache.js';
export { BARRIER_OVERHEAD } from './ciphertext.js';
export { SEAL_CONFIG_PATH, type SealConfig } from './seal-config.js';
export { STORED_BARRIER_KEYS_PATH } from './stored-keys.js';
export { SealManager, CLUSTER_INFO_PATH } from './seal-manager.js';
export type { SealManagerOptions, InitRequest, InitResult, UnsealRequest, SealStatus, ClusterInfo } from './seal-manager.js';
export type { Rekey } from './rekey.js';
export type { RekeyInitRequest, RekeyStatus, RekeyUpdateResult, RekeyVerifyStatus, RekeyVerifyResult } from './rekey.js';
export type { GenerateRoot } from './generate-root.js';
export type { GenerateRootStatus, MintRootToken } from './generate-root.js';
export type { RekeyBackupData } from './rekey-backup.js';
