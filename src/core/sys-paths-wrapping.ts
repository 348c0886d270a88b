// The wrapping paths of sys/ (vault/logical_system_paths.go wrappingPaths; handlers in
// vault/logical_system.go handleWrappingUnwrap, handleWrappingLookup, handleWrappingWrap,
// handleWrappingRewrap). The wrapping token comes from the body (`token`) or, first party, is the
// client token itself; either way it is validated before anything is read.
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_WRAPPING_BODY_TOKEN_DECODE, ERR_WRAPPING_BODY_TOKEN_EMPTY, ERR_WRAPPING_REQUIRED, ERR_WRAPPING_TOKEN_EMPTY,
  errWrappingValidate,
} from '../errors/wrapping.js';
import type { FrameworkRequest, PathSpec } from '../framework/types.js';
import type { LogicalResponse } from '../logical/types.js';
import type { SysContext } from './sys-context.js';

const TOKEN = { type: 'string', description: '' } as const;

/** The wrapping token of a request: the body's `token`, else the client token (http/handler.go). */
export function wrappingToken(req: { data?: Record<string, unknown>; clientToken?: string }): { id: string; firstParty: boolean } {
  const body = req.data ?? {};
  if (Object.hasOwn(body, 'token')) {
    const t = body.token;
    if (typeof t !== 'string') throw new VaultError(403, errWrappingValidate(ERR_WRAPPING_BODY_TOKEN_DECODE));
    if (t === '') throw new VaultError(403, errWrappingValidate(ERR_WRAPPING_BODY_TOKEN_EMPTY));
    return { id: t, firstParty: t === req.clientToken };
  }
  if (!req.clientToken) throw new VaultError(403, errWrappingValidate(ERR_WRAPPING_TOKEN_EMPTY));
  return { id: req.clientToken, firstParty: true };
}

export function wrappingPaths(sys: SysContext): PathSpec[] {
  const w = sys.wrapping;
  const lookup = async (req: FrameworkRequest): Promise<LogicalResponse> => {
    const { id } = wrappingToken(req);
    return { data: await w.lookup(id) };
  };
  return [
    {
      pattern: 'wrapping/pubkey$',
      operations: { read: async () => ({ data: await w.publicKey() }) },
      helpSynopsis: 'Returns pubkeys used in some wrapping formats.',
      helpDescription: 'Returns pubkeys used in some wrapping formats.',
    },
    {
      pattern: 'wrapping/wrap$',
      takesArbitraryInput: true,
      operations: {
        update: async (req) => {
          if (!req.wrapTtl) throw new VaultError(400, ERR_WRAPPING_REQUIRED);
          return { data: { ...(req.data ?? {}) } };
        },
      },
      helpSynopsis: 'Response-wraps an arbitrary JSON object.',
      helpDescription: 'Round trips the given input data into a response-wrapped token.',
    },
    {
      pattern: 'wrapping/unwrap$',
      fields: { token: TOKEN },
      operations: {
        update: async (req) => {
          const { id, firstParty } = wrappingToken(req);
          const response = await w.unwrap(id, firstParty);
          if (response === '') return null;
          return { raw: { body: JSON.parse(response) as unknown } };
        },
      },
      helpSynopsis: 'Unwraps a response-wrapped token.',
      helpDescription: 'Unwraps a response-wrapped token. Unlike simply reading from cubbyhole/response (which is deprecated), this endpoint provides additional validation checks on the token, returns the original value on the wire rather than a JSON string representation of it, and ensures that the response is properly audit-logged.',
    },
    {
      pattern: 'wrapping/lookup$',
      fields: { token: TOKEN },
      operations: { read: lookup, update: lookup },
      helpSynopsis: 'Looks up the properties of a response-wrapped token.',
      helpDescription: 'Returns the creation TTL and creation time of a response-wrapped token.',
    },
    {
      pattern: 'wrapping/rewrap$',
      fields: { token: TOKEN },
      operations: {
        update: async (req) => {
          const { id, firstParty } = wrappingToken(req);
          return { data: null, wrapInfo: await w.rewrap(id, req.wrapTtl ?? 0, firstParty), wrapTtl: 1 };
        },
      },
      helpSynopsis: 'Rotates a response-wrapped token.',
      helpDescription: 'Rotates a response-wrapped token; the output is a new token with the same response wrapped inside and the same creation TTL. The original token is revoked.',
    },
  ];
}
