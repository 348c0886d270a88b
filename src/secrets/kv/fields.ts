// The shapes KV's handlers read their input in: a request's decoded fields (only the ones that
// were sent) and plain JSON objects. Decoding itself is the framework's (src/framework/field-types.ts).
export type JsonObject = Record<string, unknown>;

/** A decoded request: only fields present in the request (after Vault's null handling). */
export type Fields = Map<string, unknown>;
