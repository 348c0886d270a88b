// What minivault takes from its platform, looked up rather than imported so that the code also
// runs where Node's built-ins do not exist: `node:crypto` and friends through
// process.getBuiltinModule, and the @noble fallbacks loaded on first use. Importing @noble costs
// ~25 ms (AES builds its tables at import), which `server -dev` would otherwise pay at start-up
// though on Node it never needs them; there they load synchronously the first time they are
// asked for, via require() of an ES module (Node ≥ 20.19). Without Node, loading starts at import
// (asynchronously: a top-level await would stop CommonJS code from require()-ing minivault) and
// is done long before the first request, which always awaits something first.
import type * as NobleAes from '@noble/ciphers/aes.js';
import type * as NobleChacha from '@noble/ciphers/chacha.js';
import type * as NobleHmac from '@noble/hashes/hmac.js';
import type * as NobleSha2 from '@noble/hashes/sha2.js';
import type * as NobleUtils from '@noble/hashes/utils.js';

type Proc = { getBuiltinModule?: (id: string) => unknown };

/** A Node built-in (`node:crypto`), or undefined where there is none. */
export function builtin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: Proc }).process;
  try {
    return proc?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

interface Noble {
  aes: typeof NobleAes;
  chacha: typeof NobleChacha;
  hmac: typeof NobleHmac;
  sha2: typeof NobleSha2;
  utils: typeof NobleUtils;
}

const IDS: Record<keyof Noble, string> = {
  aes: '@noble/ciphers/aes.js',
  chacha: '@noble/ciphers/chacha.js',
  hmac: '@noble/hashes/hmac.js',
  sha2: '@noble/hashes/sha2.js',
  utils: '@noble/hashes/utils.js',
};

const nodeRequire = builtin<typeof import('node:module')>('node:module')?.createRequire(import.meta.url);
const loaded: Partial<Noble> = {};
if (nodeRequire === undefined) {
  for (const name of Object.keys(IDS) as Array<keyof Noble>) {
    void import(IDS[name]).then((m: Noble[typeof name]) => { (loaded as Record<string, unknown>)[name] = m; });
  }
}

/** One of the @noble modules, loaded the first time it is asked for. */
export function noble<K extends keyof Noble>(name: K): Noble[K] {
  const mod = loaded[name];
  if (mod !== undefined) return mod;
  if (nodeRequire === undefined) throw new Error(`${IDS[name]} is still loading; await anything once before first use`);
  return (loaded[name] = nodeRequire(IDS[name]) as Noble[K]);
}
