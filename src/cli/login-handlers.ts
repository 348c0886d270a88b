// The auth handlers `minivault login -method=…` delegates to, after Vault 1.18's CLIHandler
// implementations: token (builtin/credential/token/cli.go: a token argument, `-` for stdin or a
// hidden prompt; lookup-self unless lookup=false), userpass (builtin/credential/userpass/cli.go:
// username=, password= or a hidden prompt, POST auth/<mount>/login/<username>), cert
// (builtin/credential/cert/cli.go: name=, the client certificate from the global TLS flags), and
// approle and jwt, minivault additions (Vault's CLI has neither handler; they POST role_id/secret_id
// or role/jwt to auth/<mount>/login). oidc, Vault's browser flow, is refused plainly. Each returns
// the login response; failures throw with the handler's text.
import {
  ERR_CLI_EMPTY_CREDENTIAL_RESPONSE, ERR_CLI_EMPTY_LOOKUP_SELF, ERR_CLI_JWT_REQUIRED, ERR_CLI_NOT_A_TERMINAL,
  ERR_CLI_OIDC_UNSUPPORTED, ERR_CLI_ROLE_ID_REQUIRED,
  ERR_CLI_TOKEN_MUST_BE_PASSED, ERR_CLI_USER_INTERRUPTED, ERR_CLI_USERNAME_REQUIRED, errCliLookupBool,
  errCliTokenLookupSelf, errCliTokenPrompt,
} from '../errors/cli.js';
import type { ApiClient } from './client.js';
import { errorMessage, type CliIO } from './command.js';
import { parseGoBool } from './flags.js';
import { logicalCall } from './generic.js';
import { parseSecret, type Secret } from './json.js';
import { InterruptedError, readHidden, type CliStdin } from './stdin.js';

export interface LoginEnv {
  client: ApiClient;
  io: CliIO;
}

export type LoginHandler = (env: LoginEnv, config: Record<string, string>) => Promise<Secret>;

/** password.Read: a hidden line from a terminal; anything else fails as Go's term.MakeRaw does. */
async function readPassword(stdin: CliStdin): Promise<string> {
  if (!stdin.isTTY) throw new Error(ERR_CLI_NOT_A_TERMINAL);
  return readHidden(stdin);
}

const mountOf = (config: Record<string, string>, fallback: string): string =>
  (config.mount ?? '').replace(/^\/+|\/+$/g, '') || fallback;

const stringList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** builtin/credential/token/cli.go CLIHandler.Auth. */
export const tokenHandler: LoginHandler = async ({ client, io }, config) => {
  let lookup = true;
  if ('lookup' in config) {
    try {
      lookup = parseGoBool(config.lookup!);
    } catch (e) {
      throw new Error(errCliLookupBool(errorMessage(e)));
    }
  }
  let token = config.token;
  if (token === undefined) {
    io.stdout('Token (will be hidden): ');
    try {
      token = await readPassword(io.stdin);
    } catch (e) {
      if (e instanceof InterruptedError) throw new Error(ERR_CLI_USER_INTERRUPTED);
      throw new Error(errCliTokenPrompt(errorMessage(e)));
    } finally {
      io.stdout('\n');
    }
  }
  token = token.trim();
  if (token === '') throw new Error(ERR_CLI_TOKEN_MUST_BE_PASSED);
  if (!lookup) return { ...emptySecret(), auth: { client_token: token } };
  let self: Secret | undefined;
  try {
    self = await client.withoutWrappingLookup(async () => parseSecret(
      await client.json('GET', 'auth/token/lookup-self', { token })));
  } catch (e) {
    throw new Error(errCliTokenLookupSelf(errorMessage(e)));
  }
  if (!self?.data) throw new Error(ERR_CLI_EMPTY_LOOKUP_SELF);
  const d = self.data;
  const tokenPolicies = stringList(d.policies);
  const identityPolicies = stringList(d.identity_policies);
  const meta = d.meta && typeof d.meta === 'object' ? d.meta as Record<string, string> : null;
  return {
    ...emptySecret(),
    auth: {
      client_token: typeof d.id === 'string' ? d.id : token,
      accessor: typeof d.accessor === 'string' ? d.accessor : '',
      policies: [...new Set([...tokenPolicies, ...identityPolicies])].sort(),
      token_policies: tokenPolicies,
      identity_policies: identityPolicies,
      metadata: meta,
      lease_duration: typeof d.ttl === 'number' ? d.ttl : 0,
      renewable: d.renewable === true,
    },
  };
};

/** builtin/credential/userpass/cli.go CLIHandler.Auth (mount default `userpass`). */
export const userpassHandler: LoginHandler = async ({ client, io }, config) => {
  const username = config.username ?? '';
  if (username === '') throw new Error(ERR_CLI_USERNAME_REQUIRED);
  let password = config.password ?? '';
  if (password === '') {
    io.stderr('Password (will be hidden): ');
    try {
      password = await readPassword(io.stdin);
    } finally {
      io.stderr('\n');
    }
  }
  const body: Record<string, string> = { password };
  if (config.passcode) body.passcode = config.passcode;
  const secret = await logicalCall(client, 'PUT', `auth/${mountOf(config, 'userpass')}/login/${username}`, { body, token: '' }, false);
  if (!secret) throw new Error(ERR_CLI_EMPTY_CREDENTIAL_RESPONSE);
  return secret;
};

/** minivault: approle login with role_id and secret_id (mount default `approle`). */
export const approleHandler: LoginHandler = async ({ client }, config) => {
  const roleId = config.role_id ?? '';
  if (roleId === '') throw new Error(ERR_CLI_ROLE_ID_REQUIRED);
  const body: Record<string, string> = { role_id: roleId };
  if (config.secret_id) body.secret_id = config.secret_id;
  const secret = await logicalCall(client, 'PUT', `auth/${mountOf(config, 'approle')}/login`, { body, token: '' }, false);
  if (!secret) throw new Error(ERR_CLI_EMPTY_CREDENTIAL_RESPONSE);
  return secret;
};

/**
 * builtin/credential/cert/cli.go CLIHandler.Auth: the certificate travels in the TLS handshake
 * (the global -client-cert / -client-key flags); the body names the role, `name` ('' = any).
 */
export const certHandler: LoginHandler = async ({ client }, config) => {
  const body = { name: config.name ?? '' };
  const secret = await logicalCall(client, 'PUT', `auth/${mountOf(config, 'cert')}/login`, { body, token: '' }, false);
  if (!secret) throw new Error(ERR_CLI_EMPTY_CREDENTIAL_RESPONSE);
  return secret;
};

/**
 * minivault: a plain JWT login (vault-plugin-auth-jwt path_login.go: role and jwt), which Vault's
 * CLI only reaches through `write auth/jwt/login`. An empty role is left out so default_role applies.
 */
export const jwtHandler: LoginHandler = async ({ client }, config) => {
  const jwt = config.jwt ?? '';
  if (jwt === '') throw new Error(ERR_CLI_JWT_REQUIRED);
  const body: Record<string, string> = { jwt };
  if (config.role) body.role = config.role;
  const secret = await logicalCall(client, 'PUT', `auth/${mountOf(config, 'jwt')}/login`, { body, token: '' }, false);
  if (!secret) throw new Error(ERR_CLI_EMPTY_CREDENTIAL_RESPONSE);
  return secret;
};

/** Vault's oidc handler opens a browser and listens for the callback; minivault has no such flow. */
export const oidcHandler: LoginHandler = async () => {
  throw new Error(ERR_CLI_OIDC_UNSUPPORTED);
};

export const LOGIN_HANDLERS: Readonly<Record<string, LoginHandler>> = {
  token: tokenHandler,
  userpass: userpassHandler,
  approle: approleHandler,
  cert: certHandler,
  jwt: jwtHandler,
  oidc: oidcHandler,
};

function emptySecret(): Secret {
  return {
    request_id: '', lease_id: '', lease_duration: 0, renewable: false, data: null, warnings: null,
    auth: null, wrap_info: null, mount_type: '',
  };
}
