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

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
