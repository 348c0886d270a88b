// hashicorp/go-uuid GenerateUUID: 16 random bytes printed 8-4-4-4-12, with no version or variant
// bits set (unlike RFC 4122 v4). Vault uses it for unseal, rekey and verification nonces.
import { encodeHex } from '../shamir/encoding.js';
import type { RandomSource } from '../util/random.js';

export function goUuid(random: RandomSource): string {
  const h = encodeHex(random.bytes(16));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
