// `config` (read, update) of the JWT/OIDC auth method (JWT path_config.go pathConfig,
// pathConfigRead, pathConfigWrite, validateJWKSURL, jwtConfig; jwks_pairs.go; provider_config.go).
// A write replaces the whole config; only `namespace_in_state` is carried over when not sent.
// Remote key sources are checked during the write as Vault does: the discovery document is
// fetched (issuer byte-equal), a JWKS URL must answer a key set. A successful write drops the
// cached key sets (`reset`).
import {
  ERR_JWT_CLIENT_ID_AND_SECRET, ERR_JWT_DISCOVERY_URL_FOR_OIDC, ERR_JWT_EXACTLY_ONE_KEY_SOURCE,
  ERR_JWT_JWKS_PAIRS_BOUND_ISSUER, ERR_JWT_JWKS_PAIRS_CA_PEM, ERR_JWT_PROVIDER_FIELD_MISSING,
  ERR_JWT_QUERY_MODE_ID_TOKEN, errJwtParsingPublicKey, errJwtProviderNotFound, errJwtResponseMode, errJwtResponseTypes,
  errJwtUnsupportedAlg, ERR_JWT_CHECKING_DISCOVERY, ERR_JWT_CHECKING_JWKS_CA, ERR_JWT_JWKS_PAIRS_NOT_OBJECTS,
  errJwtCheckingJwksUrl, errJwtInvalidJwksPairs, errMapstructureNotString,
} from '../../errors/jwt.js';
import { VaultError } from '../../errors/vault-error.js';
import { goTypeName, goValue } from '../../go/fmt.js';
import type { FieldData, FieldSchemas, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';
import { parsePublicKeyPem, SUPPORTED_ALGS } from './jws.js';
import { checkCaPem, discoveryKeySet, RemoteKeySet } from './keysets.js';

interface JwksPair { jwks_url: string; jwks_ca_pem: string }

/** jwks_pairs.go NewJWKSPairsConfig: each a JSON object whose two members are strings. */
export function jwksPairs(raw: readonly unknown[]): JwksPair[] {
  return raw.map((p) => {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new Error(ERR_JWT_JWKS_PAIRS_NOT_OBJECTS);
    const o = p as Record<string, unknown>;
    const out: JwksPair = { jwks_url: '', jwks_ca_pem: '' };
    for (const k of ['jwks_url', 'jwks_ca_pem'] as const) {
      const v = o[k];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string') throw new Error(errMapstructureNotString(k, goTypeName(v), goValue(v)));
      out[k] = v;
    }
    return out;
  });
}

/** validateJWKSURL: the CA must parse, the URL must serve a key set (only a signature mismatch passes). */
async function validateJwksUrl(url: string, caPem: string): Promise<void> {
  try {
    checkCaPem(caPem);
  } catch {
    throw new VaultError(400, ERR_JWT_CHECKING_JWKS_CA);
  }
  try {
    await new RemoteKeySet(url, caPem).fetchKeys();
  } catch {
    throw new VaultError(400, errJwtCheckingJwksUrl(url));
  }
}

/** The stored config (jwtConfig's JSON keys). */
export interface JwtConfig {
  oidc_discovery_url: string;
  oidc_discovery_ca_pem: string;
  oidc_client_id: string;
  oidc_client_secret: string;
  oidc_response_mode: string;
  oidc_response_types: string[];
  jwks_url: string;
  jwks_ca_pem: string;
  jwks_pairs: unknown[];
  jwt_validation_pubkeys: string[];
  jwt_supported_algs: string[];
  bound_issuer: string;
  default_role: string;
  provider_config: Record<string, unknown>;
  namespace_in_state: boolean;
  unsupported_critical_cert_extensions: string[];
}

const CONFIG_KEY = 'config';

export async function loadConfig(storage: Storage): Promise<JwtConfig | undefined> {
  const bytes = await storage.get(CONFIG_KEY);
  return bytes === undefined ? undefined : JSON.parse(new TextDecoder().decode(bytes)) as JwtConfig;
}

/** JWT path_config.go pathConfig Fields. */
const CONFIG_FIELDS: FieldSchemas = {
  oidc_discovery_url: { type: 'string', description: 'OIDC Discovery URL, without any .well-known component (base path). Cannot be used with "jwks_url" or "jwt_validation_pubkeys".' },
  oidc_discovery_ca_pem: { type: 'string', description: 'The CA certificate or chain of certificates, in PEM format, to use to validate connections to the OIDC Discovery URL. If not set, system certificates are used.' },
  oidc_client_id: { type: 'string', description: 'The OAuth Client ID configured with your OIDC provider.' },
  oidc_client_secret: { type: 'string', description: 'The OAuth Client Secret configured with your OIDC provider.' },
  oidc_response_mode: { type: 'string', description: "The response mode to be used in the OAuth2 request. Allowed values are 'query' and 'form_post'." },
  oidc_response_types: { type: 'comma_string_slice', description: "The response types to request. Allowed values are 'code' and 'id_token'. Defaults to 'code'." },
  jwks_url: { type: 'string', description: 'JWKS URL to use to authenticate signatures. Cannot be used with "oidc_discovery_url" or "jwt_validation_pubkeys".' },
  jwks_ca_pem: { type: 'string', description: 'The CA certificate or chain of certificates, in PEM format, to use to validate connections to the JWKS URL. If not set, system certificates are used.' },
  jwks_pairs: { type: 'slice', description: 'Set of JWKS Url and CA certificate (or chain of certificates) pairs. CA certificates must be in PEM format. Cannot be used with "jwks_url" or "jwks_ca_pem".' },
  default_role: { type: 'lowercase_string', description: 'The default role to use if none is provided during login. If not set, a role is required during login.' },
  jwt_validation_pubkeys: { type: 'comma_string_slice', description: 'A list of PEM-encoded public keys to use to authenticate signatures locally. Cannot be used with "jwks_url" or "oidc_discovery_url".' },
  jwt_supported_algs: { type: 'comma_string_slice', description: 'A list of supported signing algorithms. Defaults to RS256.' },
  bound_issuer: { type: 'string', description: "The value against which to match the 'iss' claim in a JWT. Optional." },
  provider_config: { type: 'map', description: 'Provider-specific configuration. Optional.' },
  namespace_in_state: { type: 'bool', description: 'Pass namespace in the OIDC state parameter instead of as a separate query parameter. With this setting, the allowed redirect URL(s) in Vault and on the provider side should not contain a namespace query parameter. This means only one redirect URL entry needs to be maintained on the provider side for all vault namespaces that will be authenticating against it. Defaults to true for new configs.' },
  unsupported_critical_cert_extensions: { type: 'comma_string_slice', description: 'A list of ASN1 OIDs of certificate extensions marked Critical that are unsupported by Vault and should be ignored.  This option should very rarely be needed except in specialized PKI environments.' },
};

const CONFIG_HELP = `The JWT authentication backend validates JWTs (or OIDC) using the configured
credentials. If using OIDC Discovery, the URL must be provided, along
with (optionally) the CA cert to use for the connection. If performing JWT
validation locally, a set of public keys must be provided.`;

/** JWT provider_config.go ProviderMap: the custom providers and the keys that are secrets. */
const PROVIDERS: Readonly<Record<string, readonly string[]>> = {
  azure: [], gsuite: ['gsuite_service_account'], secureauth: [], ibmisam: [],
};

/** pathConfigWrite: Vault's checks in order, then the minivault refusal of remote key sources. */
async function pathConfigWrite(storage: Storage, reset: () => void, data: FieldData): Promise<LogicalResponse | null> {
  const previous = await loadConfig(storage);
  const nsInState = data.getOk<boolean>('namespace_in_state');
  const c: JwtConfig = {
    oidc_discovery_url: data.get('oidc_discovery_url'),
    oidc_discovery_ca_pem: data.get('oidc_discovery_ca_pem'),
    oidc_client_id: data.get('oidc_client_id'),
    oidc_client_secret: data.get('oidc_client_secret'),
    oidc_response_mode: data.get('oidc_response_mode'),
    oidc_response_types: [...data.get<string[]>('oidc_response_types')],
    jwks_url: data.get('jwks_url'),
    jwks_ca_pem: data.get('jwks_ca_pem'),
    jwks_pairs: [...(data.get<unknown[] | null>('jwks_pairs') ?? [])],
    jwt_validation_pubkeys: [...data.get<string[]>('jwt_validation_pubkeys')],
    jwt_supported_algs: [...data.get<string[]>('jwt_supported_algs')],
    bound_issuer: data.get('bound_issuer'),
    default_role: data.get('default_role'),
    provider_config: { ...(data.get<Record<string, unknown> | null>('provider_config') ?? {}) },
    namespace_in_state: nsInState.ok ? nsInState.value : (previous?.namespace_in_state ?? true),
    unsupported_critical_cert_extensions: [...data.get<string[]>('unsupported_critical_cert_extensions')],
  };

  const sources = [c.jwt_validation_pubkeys.length > 0, c.jwks_url !== '', c.jwks_pairs.length > 0, c.oidc_discovery_url !== '']
    .filter(Boolean).length;
  if (sources !== 1) throw new VaultError(400, ERR_JWT_EXACTLY_ONE_KEY_SOURCE);
  if ((c.oidc_client_id === '') !== (c.oidc_client_secret === '')) throw new VaultError(400, ERR_JWT_CLIENT_ID_AND_SECRET);
  if (c.oidc_discovery_url !== '') {
    // NewOIDCDiscoveryKeySet (or, with client credentials, the OIDC provider: the same fetch).
    try {
      await discoveryKeySet(c.oidc_discovery_url, c.oidc_discovery_ca_pem);
    } catch {
      throw new VaultError(400, ERR_JWT_CHECKING_DISCOVERY);
    }
  } else if (c.oidc_client_id !== '') {
    throw new VaultError(400, ERR_JWT_DISCOVERY_URL_FOR_OIDC);
  } else if (c.jwks_ca_pem !== '' && c.jwks_pairs.length > 0) {
    throw new VaultError(400, ERR_JWT_JWKS_PAIRS_CA_PEM);
  } else if (c.jwks_pairs.length > 0 && c.bound_issuer !== '') {
    throw new VaultError(400, ERR_JWT_JWKS_PAIRS_BOUND_ISSUER);
  } else if (c.jwks_url !== '') {
    await validateJwksUrl(c.jwks_url, c.jwks_ca_pem);
  } else if (c.jwks_pairs.length > 0) {
    let pairs: JwksPair[];
    try {
      pairs = jwksPairs(c.jwks_pairs);
    } catch (e) {
      throw new VaultError(400, errJwtInvalidJwksPairs((e as Error).message));
    }
    for (const p of pairs) await validateJwksUrl(p.jwks_url, p.jwks_ca_pem);
  } else {
    for (const pem of c.jwt_validation_pubkeys) {
      try {
        parsePublicKeyPem(pem);
      } catch (e) {
        throw new VaultError(400, errJwtParsingPublicKey((e as Error).message));
      }
    }
  }
  for (const alg of c.jwt_supported_algs) {
    if (!SUPPORTED_ALGS.includes(alg)) throw new VaultError(400, errJwtUnsupportedAlg(alg));
  }
  if (c.oidc_response_types.some((t) => t !== 'code' && t !== 'id_token')) {
    throw new VaultError(400, errJwtResponseTypes(c.oidc_response_types));
  }
  if (c.oidc_response_mode === 'query' || c.oidc_response_mode === '') {
    if (c.oidc_response_types.includes('id_token')) throw new VaultError(400, ERR_JWT_QUERY_MODE_ID_TOKEN);
  } else if (c.oidc_response_mode !== 'form_post') {
    throw new VaultError(400, errJwtResponseMode(c.oidc_response_mode));
  }
  if (Object.keys(c.provider_config).length > 0) {
    // provider_config.go NewProviderConfig (each provider's Initialize checks are not modelled).
    const provider = c.provider_config.provider;
    if (typeof provider !== 'string') throw new VaultError(400, ERR_JWT_PROVIDER_FIELD_MISSING);
    if (!Object.hasOwn(PROVIDERS, provider)) throw new VaultError(400, errJwtProviderNotFound(provider));
  }
  await storage.put(CONFIG_KEY, new TextEncoder().encode(JSON.stringify(c)));
  reset();
  return null;
}

/** pathConfigRead: every key, the client secret never, provider secrets removed. */
async function pathConfigRead(storage: Storage): Promise<LogicalResponse | null> {
  const c = await loadConfig(storage);
  if (c === undefined) return null;
  const provider: Record<string, unknown> = {};
  const name = c.provider_config.provider;
  if (typeof name === 'string' && Object.hasOwn(PROVIDERS, name)) {
    Object.assign(provider, c.provider_config);
    for (const k of PROVIDERS[name]!) delete provider[k];
  }
  return {
    data: {
      bound_issuer: c.bound_issuer,
      default_role: c.default_role,
      jwks_ca_pem: c.jwks_ca_pem,
      jwks_pairs: [...c.jwks_pairs],
      jwks_url: c.jwks_url,
      jwt_supported_algs: [...c.jwt_supported_algs],
      jwt_validation_pubkeys: [...c.jwt_validation_pubkeys],
      namespace_in_state: c.namespace_in_state,
      oidc_client_id: c.oidc_client_id,
      oidc_discovery_ca_pem: c.oidc_discovery_ca_pem,
      oidc_discovery_url: c.oidc_discovery_url,
      oidc_response_mode: c.oidc_response_mode,
      oidc_response_types: [...c.oidc_response_types],
      provider_config: provider,
      unsupported_critical_cert_extensions: [...c.unsupported_critical_cert_extensions],
    },
  };
}

export function pathConfig(storage: () => Storage, reset: () => () => void): PathSpec {
  return {
    pattern: 'config',
    fields: CONFIG_FIELDS,
    operations: {
      read: { handler: async () => pathConfigRead(storage()), summary: 'Read the current JWT authentication backend configuration.' },
      update: {
        handler: async (_req, data) => pathConfigWrite(storage(), reset(), data),
        summary: 'Configure the JWT authentication backend.',
        description: CONFIG_HELP,
      },
    },
    notes: "provider_config is stored and checked for a known provider, not used (no provider Initialize checks)",
    helpSynopsis: 'Configures the JWT authentication backend.',
    helpDescription: CONFIG_HELP,
  };
}
