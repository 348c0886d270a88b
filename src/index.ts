// minivault's public entry point: the test fake first (what most users want), then the pieces a
// reader or an embedder may use directly.
export { startVault, createVault, TestVault, Faults, ManualClock } from './testing/index.js';
export type { StartedVault, VaultOptions, Snapshot, FaultRule } from './testing/index.js';
export { createCore, type CoreOptions } from './core/create.js';
export { Core } from './core/core.js';
export type { CoreRequest, CoreResponse, CoreHandler } from './core/types.js';
export { createHttpServer, toFetchHandler } from './http/index.js';
export { VaultClient } from './client/index.js';
export { split, combine } from './shamir/index.js';
export { MemoryStorage } from './storage/memory.js';
export { FileStorage } from './storage/file.js';
export { VaultError } from './errors/vault-error.js';
