// The mount flags `secrets enable|tune` and `auth enable|tune` share, and the request bodies they
// become (Vault 1.18 command/secrets_enable.go, secrets_tune.go, auth_enable.go, auth_tune.go over
// api/sys_mounts.go MountInput / MountConfigInput; 1.18 adds identity_token_key and
// delegated_auth_accessors to the config). Lists and the other optional settings are sent only
// when their flag was given (f.Visit in the Go commands), the TTLs always: as Go duration text on
// enable (`0s`, `1h0m0s`) and through ttlToAPI on tune ('' unset, `system` for -1).
import { formatGoDuration } from '../go/time.js';
import type { Ctx } from './command.js';
import type { FlagDef, FlagGroup } from './flags.js';

export type MountKind = 'secrets' | 'auth';

const thing = (kind: MountKind): string => (kind === 'secrets' ? 'secrets engine' : 'auth method');

const listFlag = (name: string, usage: string): FlagDef => ({ name, kind: 'strings', example: 'string', usage });

/** Flags every enable and tune has, in Vault's wording where it is a fact (names, defaults). */
function commonFlags(kind: MountKind, tune: boolean): FlagDef[] {
  const t = thing(kind);
  const ttlTail = tune ? ', or a previously configured value for the ' + t + '.' : '.';
  return [
    listFlag('audit-non-hmac-request-keys', 'Key that will not be HMAC\'d by audit devices in the request data object. '
      + 'To specify multiple values, specify this flag multiple times.'),
    listFlag('audit-non-hmac-response-keys', 'Key that will not be HMAC\'d by audit devices in the response data object. '
      + 'To specify multiple values, specify this flag multiple times.'),
    { name: 'default-lease-ttl', kind: 'duration', example: 'duration',
      usage: `The default lease TTL for this ${t}. If unspecified, this defaults to the Vault server's globally configured default lease TTL${ttlTail}` },
    { name: 'max-lease-ttl', kind: 'duration', example: 'duration',
      usage: `The maximum lease TTL for this ${t}. If unspecified, this defaults to the Vault server's globally configured maximum lease TTL${ttlTail}` },
    { name: 'description', kind: 'string', example: 'string',
      usage: tune ? `Human-friendly description of this ${t}. This overrides the current stored value, if any.`
        : `Human-friendly description for the purpose of this ${t}.` },
    { name: 'listing-visibility', kind: 'string', example: 'string',
      usage: 'Determines the visibility of the mount in the UI-specific listing endpoint.' },
    listFlag('passthrough-request-headers', 'Request header value that will be sent to the plugin. To specify multiple '
      + 'values, specify this flag multiple times.'),
    listFlag('allowed-response-headers', 'Response header value that plugins will be allowed to set. To specify '
      + 'multiple values, specify this flag multiple times.'),
    { name: 'options', kind: 'map', example: 'key=value',
      usage: 'Key-value pair provided as key=value for the mount options. This can be specified multiple times.' },
    { name: 'version', kind: 'int', example: 'int',
      usage: `Select the version of the ${t} to run. Not supported by all ${kind === 'secrets' ? 'engines' : 'auth methods'}.` },
    { name: 'plugin-version', kind: 'string', example: 'string',
      usage: tune ? 'Select the semantic version of the plugin to run. The new version must be registered in the plugin '
        + 'catalog, and will not start running until the plugin is reloaded.' : 'Select the semantic version of the plugin to enable.' },
    { name: 'identity-token-key', kind: 'string', example: 'string',
      usage: 'Select the key used to sign plugin identity tokens. The default key is used when unset.' },
    { name: 'trim-request-trailing-slashes', kind: 'optbool',
      usage: `Whether to trim trailing slashes for requests to this ${t}.` },
  ];
}

/** The "Command Options" of `secrets enable` / `auth enable`. */
export function enableFlagGroup(kind: MountKind): FlagGroup {
  const t = thing(kind);
  const flags: FlagDef[] = [
    ...commonFlags(kind, false),
    { name: 'path', kind: 'string', example: 'string',
      usage: `Place where the ${t} will be accessible. This must be unique across all ${t}s. This defaults to the "type" of the ${t}.`
        + (kind === 'auth' ? ' The auth method will be accessible at "/auth/<path>".' : '') },
    { name: 'plugin-name', kind: 'string', example: 'string',
      usage: `Name of the ${t} plugin. This plugin name must already exist in Vault's plugin catalog.` },
    { name: 'local', kind: 'bool',
      usage: `Mark the ${t} as local-only. Local ${kind === 'secrets' ? 'engines' : 'auth methods'} are not replicated nor removed by replication.` },
    { name: 'seal-wrap', kind: 'bool', usage: `Enable seal wrapping of critical values in the ${t}.` },
    { name: 'external-entropy-access', kind: 'bool', usage: `Enable the ${t} to access Vault's external entropy source.` },
  ];
  if (kind === 'secrets') {
    flags.push(
      { name: 'force-no-cache', kind: 'bool', usage: 'Force the secrets engine to disable caching. If unspecified, this '
        + 'defaults to the Vault server\'s globally configured cache settings. This does not affect caching of the '
        + 'underlying encrypted data storage.' },
      listFlag('allowed-managed-keys', 'Managed key name(s) that the mount in question is allowed to access. Note that '
        + 'multiple keys may be specified by providing this option multiple times, each time with 1 key.'),
      listFlag('delegated-auth-accessors', 'An authorized accessor the auth backend can delegate authentication to. '
        + 'To allow multiple accessors, provide the delegated-auth-accessors multiple times, each time with 1 accessor.'),
    );
  } else {
    flags.push({ name: 'token-type', kind: 'string', example: 'string', usage: 'Sets a forced token type for the mount.' });
  }
  return { title: 'Command Options', flags };
}

/** The "Command Options" of `secrets tune` / `auth tune`. */
export function tuneFlagGroup(kind: MountKind): FlagGroup {
  const flags = commonFlags(kind, true);
  if (kind === 'secrets') {
    flags.push(
      listFlag('allowed-managed-keys', 'Managed key name(s) that the mount in question is allowed to access. Note that '
        + 'multiple keys may be specified by providing this option multiple times, each time with 1 key.'),
      listFlag('delegated-auth-accessors', 'An authorized accessor the auth backend can delegate authentication to. '
        + 'To allow multiple accessors, provide the delegated-auth-accessors multiple times, each time with 1 accessor.'),
    );
  } else {
    const lockout = (what: string) => `defaults to the Vault server's globally configured user lockout ${what}, or a previously `
      + 'configured value for the auth method.';
    flags.push(
      { name: 'token-type', kind: 'string', example: 'string', usage: 'Sets a forced token type for the mount.' },
      { name: 'user-lockout-threshold', kind: 'int', example: 'uint',
        usage: `The threshold for user lockout for this auth method. If unspecified, this ${lockout('threshold')}` },
      { name: 'user-lockout-duration', kind: 'duration', example: 'duration',
        usage: `The user lockout duration for this auth method. If unspecified, this ${lockout('duration')}` },
      { name: 'user-lockout-counter-reset-duration', kind: 'duration', example: 'duration',
        usage: `The user lockout counter reset duration for this auth method. If unspecified, this ${lockout('counter reset duration')}` },
      { name: 'user-lockout-disable', kind: 'bool',
        usage: `Disable user lockout for this auth method. If unspecified, this ${lockout('disable')}` },
    );
  }
  return { title: 'Command Options', flags };
}

/**
 * auth_tune.go: any -user-lockout-* flag given makes a user_lockout_config (api.UserLockoutConfigInput,
 * all omitempty): the threshold as decimal text, durations through ttlToAPI, the disable bool.
 */
function userLockoutConfig(ctx: Ctx): Record<string, unknown> | undefined {
  const f = ctx.flags;
  const names = ['user-lockout-threshold', 'user-lockout-duration', 'user-lockout-counter-reset-duration', 'user-lockout-disable'];
  if (!names.some((n) => f.has(n) && f.isSet(n))) return undefined;
  const out: Record<string, unknown> = {};
  if (f.isSet('user-lockout-threshold')) out.lockout_threshold = String(f.int('user-lockout-threshold'));
  const duration = (flag: string, key: string): void => {
    if (!f.isSet(flag)) return;
    const text = ttlToApi(f.seconds(flag));
    if (text !== '') out[key] = text;
  };
  duration('user-lockout-duration', 'lockout_duration');
  duration('user-lockout-counter-reset-duration', 'lockout_counter_reset_duration');
  if (f.isSet('user-lockout-disable')) out.lockout_disable = f.bool('user-lockout-disable');
  return out;
}

/** -options with -version folded in as options.version (null when neither was given). */
export function mountOptions(ctx: Ctx): Record<string, string> | null {
  let options: Record<string, string> | null = ctx.flags.isSet('options') ? { ...ctx.flags.map('options') } : null;
  const version = ctx.flags.has('version') ? ctx.flags.int('version') : 0;
  if (version > 0) options = { ...(options ?? {}), version: String(version) };
  return options;
}

/** api.MountConfigInput's omitempty fields, each only when its flag was given. */
function visitedConfig(ctx: Ctx): Record<string, unknown> {
  const f = ctx.flags;
  const out: Record<string, unknown> = {};
  const list = (flag: string, key: string): void => {
    if (f.isSet(flag) && f.list(flag).length > 0) out[key] = f.list(flag);
  };
  list('audit-non-hmac-request-keys', 'audit_non_hmac_request_keys');
  list('audit-non-hmac-response-keys', 'audit_non_hmac_response_keys');
  if (f.isSet('listing-visibility') && f.str('listing-visibility') !== '') out.listing_visibility = f.str('listing-visibility');
  list('passthrough-request-headers', 'passthrough_request_headers');
  list('allowed-response-headers', 'allowed_response_headers');
  if (f.isSet('token-type') && f.str('token-type') !== '') out.token_type = f.str('token-type');
  list('allowed-managed-keys', 'allowed_managed_keys');
  if (f.isSet('plugin-version') && f.str('plugin-version') !== '') out.plugin_version = f.str('plugin-version');
  if (f.isSet('identity-token-key') && f.str('identity-token-key') !== '') out.identity_token_key = f.str('identity-token-key');
  list('delegated-auth-accessors', 'delegated_auth_accessors');
  // command/secrets_enable.go: a BoolPtr, sent only when given (api MountConfigInput *bool).
  if (f.isSet('trim-request-trailing-slashes')) out.trim_request_trailing_slashes = f.bool('trim-request-trailing-slashes');
  return out;
}

/** The body of `POST sys/mounts/<path>` or `POST sys/auth/<path>` (api.MountInput). */
export function enableBody(ctx: Ctx, type: string): Record<string, unknown> {
  const f = ctx.flags;
  return {
    type,
    description: f.str('description'),
    config: {
      options: null,
      default_lease_ttl: formatGoDuration(f.seconds('default-lease-ttl')),
      max_lease_ttl: formatGoDuration(f.seconds('max-lease-ttl')),
      force_no_cache: f.has('force-no-cache') ? f.bool('force-no-cache') : false,
      ...visitedConfig(ctx),
    },
    local: f.bool('local'),
    seal_wrap: f.bool('seal-wrap'),
    external_entropy_access: f.bool('external-entropy-access'),
    options: mountOptions(ctx),
  };
}

/** command/base_helpers.go ttlToAPI: 0 → '' (unchanged), -1 (`system`) → `system`, else Go text. */
export function ttlToApi(seconds: number): string {
  if (seconds === 0) return '';
  if (seconds < 0) return 'system';
  return formatGoDuration(seconds);
}

/** The body of `POST sys/mounts/<path>/tune` (api.MountConfigInput). */
export function tuneBody(ctx: Ctx): Record<string, unknown> {
  const f = ctx.flags;
  // Vault's CLI sends `"options": null` when no -options/-version is given. minivault's server
  // (src/core/sys-tune.ts) answers that with a 500 today, so the key is left out instead, which both
  // servers read as "options unchanged".
  const options = mountOptions(ctx);
  const body: Record<string, unknown> = {
    ...(options !== null ? { options } : {}),
    default_lease_ttl: ttlToApi(f.seconds('default-lease-ttl')),
  };
  if (f.isSet('description')) body.description = f.str('description');
  body.max_lease_ttl = ttlToApi(f.seconds('max-lease-ttl'));
  body.force_no_cache = false;
  const lockout = userLockoutConfig(ctx);
  return { ...body, ...visitedConfig(ctx), ...(lockout ? { user_lockout_config: lockout } : {}) };
}
