// Small pieces of VaultClient's answers: the values it hands out are frozen (a cached secret is
// shared by every caller), one field of a secret is picked as `vault kv get -field` picks it
// (command/format.go PrintRawField's error), and the error a closed client gives.
import { errClientFieldMissing, ERR_CLIENT_CLOSED } from '../errors/client.js';
import { VaultClientError } from './errors.js';

export function closedError(): VaultClientError {
  return new VaultClientError('closed', 0, ERR_CLIENT_CLOSED, []);
}

export function pickField(data: Readonly<Record<string, unknown>>, field: string): Promise<unknown> {
  const value = data[field];
  if (value === undefined) {
    const message = errClientFieldMissing(field);
    return Promise.reject(new VaultClientError('field-missing', 0, message, [message]));
  }
  return Promise.resolve(value);
}

/** The one deep freeze (stack-free: a secret may nest 10000 levels deep, as Go's decoder allows). */
export { deepFreezeIter as deepFreeze } from '../util/json-iter.js';
