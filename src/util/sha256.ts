// SHA-256 of a string as lower-case hex, for the ids minivault derives by hashing (token storage
// keys, KV version paths, the audit chain): node:crypto where the platform has it, else
// @noble/hashes (same bytes; the audit tests run both).
import { builtin, noble } from './platform.js';

const nodeCrypto = builtin<typeof import('node:crypto')>('node:crypto');
const encoder = new TextEncoder();

export const nobleSha256Hex = (text: string): string => noble('utils').bytesToHex(noble('sha2').sha256(encoder.encode(text)));

export const sha256Hex: (text: string) => string = nodeCrypto !== undefined
  ? (text) => nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex')
  : nobleSha256Hex;
