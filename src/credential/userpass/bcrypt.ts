// bcrypt as Vault's userpass uses it: golang.org/x/crypto/bcrypt GenerateFromPassword at
// DefaultCost 10 (hashes written `$2a$10$…`, the version Go writes; passwords over 72 bytes
// refused) and CompareHashAndPassword (any `$2?$` hash; the salt is taken as stored and only the
// 31-character hash part is compared). Blowfish itself comes from bcryptjs, whose output is
// byte-identical to Go's (the x/crypto test vector is checked in the tests); salts come from
// the mount's random source, so a seeded test vault writes reproducible hashes.
import bcrypt from 'bcryptjs';
import { ERR_BCRYPT_PASSWORD_TOO_LONG } from '../../errors/userpass.js';
import { constantTimeEqual, type RandomSource } from '../../util/random.js';

/** x/crypto bcrypt.go DefaultCost, what Vault passes (V path_user_password.go updateUserPassword). */
const BCRYPT_DEFAULT_COST = 10;
/** x/crypto bcrypt.go: GenerateFromPassword refuses longer passwords. */
const MAX_PASSWORD_BYTES = 72;
const ENCODED_SALT = 22;
const ENCODED_HASH = 31;
const MIN_HASH_SIZE = 59;

/**
 * A lone UTF-16 surrogate becomes U+FFFD, as Go's JSON decoder does with `\ud800`, so the bytes
 * hashed here are the bytes Vault would have hashed.
 */
export function goString(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** A Go error from the bcrypt package (the caller decides how Vault surfaces it). */
export class BcryptError extends Error {}

/**
 * x/crypto bcrypt.go GenerateFromPassword(password, DefaultCost): `$2a$10$` + 22 characters of
 * salt (16 random bytes) + 31 of hash. Throws BcryptError past 72 bytes of UTF-8.
 */
export async function generateFromPassword(password: string, random: RandomSource): Promise<string> {
  const pw = goString(password);
  if (Buffer.byteLength(pw, 'utf8') > MAX_PASSWORD_BYTES) throw new BcryptError(ERR_BCRYPT_PASSWORD_TOO_LONG);
  const salt = bcrypt.encodeBase64(Array.from(random.bytes(16)), 16);
  return bcrypt.hash(pw, `$2a$${String(BCRYPT_DEFAULT_COST).padStart(2, '0')}$${salt}`);
}

/**
 * x/crypto bcrypt.go CompareHashAndPassword: true only for a hash that parses (newFromHash: at
 * least 59 bytes, `$`, major `2` or lower, any minor letter, cost 4–31) and whose hash part equals
 * bcrypt(password, cost, salt). Every Go error (short hash, bad cost, bad salt) is a mismatch.
 * Go always feeds the trailing NUL into the key schedule whatever the minor letter, so the
 * computation here always runs as `$2a$`.
 */
export async function compareHashAndPassword(hash: string, password: string): Promise<boolean> {
  if (Buffer.byteLength(hash, 'utf8') < MIN_HASH_SIZE || hash[0] !== '$' || hash[1]! > '2') return false;
  // decodeVersion: a third byte other than `$` is the minor letter, whatever it is.
  const n = hash[2] === '$' ? 3 : 4;
  // decodeCost: strconv.Atoi of two bytes, then checkCost; the byte after them is skipped unread.
  const costText = hash.slice(n, n + 2);
  if (!/^\+?\d+$/.test(costText)) return false;
  const cost = Number(costText);
  if (cost < 4 || cost > 31) return false;
  const salt = hash.slice(n + 3, n + 3 + ENCODED_SALT);
  const stored = hash.slice(n + 3 + ENCODED_SALT);
  let computed: string;
  try {
    computed = await bcrypt.hash(goString(password), `$2a$${String(cost).padStart(2, '0')}$${salt}`);
  } catch {
    return false; // a salt that is not bcrypt base64 (Go: base64Decode error)
  }
  // Hashed.Hash() writes at most 31 characters of the stored hash part.
  const enc = new TextEncoder();
  return constantTimeEqual(enc.encode(stored.slice(0, ENCODED_HASH)), enc.encode(computed.slice(-ENCODED_HASH)));
}
