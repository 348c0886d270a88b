// Every Vault error string minivault uses, in one place: one catalogue file per area, each string
// with the upstream file it comes from. Code elsewhere refers to these constants, never to literals.
export * from './vault-error.js';
export * from './shamir.js';
export * from './barrier.js';
export * from './kv.js';
export * from './framework.js';
export * from './auth.js';
export * from './audit.js';
export * from './http.js';
export * from './cli.js';
export * from './client.js';
export * from './core.js';
export * from './mounts.js';
export * from './plugins.js';
export * from './token-params.js';
