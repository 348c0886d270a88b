// `users/:username/policies` (V builtin/credential/userpass/path_user_policies.go
// pathUserPolicies, pathUserPoliciesUpdate): replaces the user's policies, normalised by
// policyutil.ParsePolicies (trimmed, lower-cased, de-duplicated, sorted, no `default` added).
// `token_policies` wins over the legacy `policies`; the legacy copy is kept only when `policies`
// was sent too. Like the password path it writes the user back under the name as typed.
import { GoError } from '../../errors/vault-error.js';
import { ERR_USERPASS_NO_SUCH_USER } from '../../errors/userpass.js';
import { parsePolicies } from '../../framework/lease.js';
import { legacyTokenFields, TOKEN_FIELDS } from '../../framework/token-params.js';
import type { FieldSchemas, PathSpec } from '../../framework/types.js';
import { USERNAME_FIELD, USERNAME_PATTERN, type UserpassContext } from './password.js';

const FIELDS: FieldSchemas = {
  username: USERNAME_FIELD,
  ...legacyTokenFields(['policies']),
  token_policies: TOKEN_FIELDS.token_policies!,
};

export function pathUserPolicies(ctx: () => UserpassContext): PathSpec {
  return {
    pattern: `users/${USERNAME_PATTERN}/policies$`,
    fields: FIELDS,
    operations: {
      // V path_user_policies.go pathUserPoliciesUpdate
      update: async (_req, data) => {
        const { store } = ctx();
        const username = data.get<string>('username');
        const user = await store.get(username);
        if (user === undefined) throw new GoError(500, ERR_USERPASS_NO_SUCH_USER);
        const tokenPolicies = data.getOk<string[]>('token_policies');
        const legacy = data.getOk<string[]>('policies');
        if (tokenPolicies.ok) {
          user.token.tokenPolicies = parsePolicies(tokenPolicies.value);
          user.policies = legacy.ok ? [...user.token.tokenPolicies] : [];
        } else if (legacy.ok) {
          user.policies = parsePolicies(legacy.value);
          user.token.tokenPolicies = [...user.policies];
        }
        await store.put(username, user);
        return null;
      },
    },
    helpSynopsis: 'Update the policies associated with the username.',
    helpDescription: 'This endpoint allows updating the policies associated with the username.',
  };
}
