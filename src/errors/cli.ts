// Vault error strings for the cli area, each with its upstream source. `V114` = hashicorp/vault
// 1.14 command/*.go (as preserved in openbao's history), `GO` = Go's flag/strconv packages,
// `LIB` = hashicorp/cli or go-secure-stdlib. Strings marked "minivault" belong to minivault's own
// additions (`audit verify`, piped unseal keys), which Vault lacks.

// --- framework and arguments ---------------------------------------------------------------
// V114 api/client.go validateToken
export const ERR_CLI_TOKEN_NON_PRINTABLE = 'configured Vault token contains non-printable characters and cannot be used';
// V114 command/main.go RunCustom
export const errCliInvalidFormat = (format: string): string => `Invalid output format: ${format}`;
// LIB hashicorp/cli cli.go Run
export const ERR_CLI_FLAGS_BEFORE_SUBCOMMAND =
  'Invalid flags before the subcommand. If these flags are for\nthe subcommand, please put them after the subcommand.';
// V114 command/*.go Run (argument-count checks)
export const errCliTooManyArgs = (expected: string, got: number): string => `Too many arguments (expected ${expected}, got ${got})`;
export const errCliNotEnoughArgs = (expected: string, got: number): string => `Not enough arguments (expected ${expected}, got ${got})`;
// V114 command/kv_rollback.go
export const errCliInvalidArgCount = (expected: string, got: number): string => `Invalid number of arguments (expected ${expected}, got ${got})`;
// V114 api/sys_policy.go, sys_audit.go, sys_mounts.go (a response without data, e.g. a wrapped one)
export const ERR_CLI_EMPTY_RESPONSE_DATA = 'data from server response is empty';
// V114 command/util.go PrintRawField
export const errCliFieldNotPresent = (field: string): string => `Field "${field}" not present in secret`;
// LIB go-secure-stdlib kv-builder/builder.go Add, wrapped by V114 command/kv_put.go
export const errCliKvPair = (arg: string, reason: string): string => `invalid key/value pair ${JSON.stringify(arg)}: ${reason}`;
export const errCliParseKvData = (err: string): string => `Failed to parse K=V data: ${err}`;

// --- status and operator ---------------------------------------------------------------------
// V114 command/status.go, command/format.go OutputSealStatus, command/operator_*.go
export const ERR_CLI_CHECKING_SEAL_STATUS = 'Error checking seal status';
export const ERR_CLI_CHECKING_LEADER = 'Error checking leader status';
export const ERR_CLI_INITIALIZING = 'Error initializing';
export const ERR_CLI_CHECKING_INIT = 'Error checking init status';
export const ERR_CLI_UNSEALING = 'Error unsealing';
export const ERR_CLI_RESETTING_UNSEAL = 'Error resetting unseal process';
export const ERR_CLI_SEALING = 'Error sealing';
export const ERR_CLI_ROTATING = 'Error rotating key';
export const ERR_CLI_READING_KEY_STATUS = 'Error reading key status';
// V114 command/operator_unseal.go (password.Read failure)
export const errCliUnsealPrompt = (raw: string): string => 'An error occurred attempting to ask for an unseal key. '
  + 'The raw error message is shown below, but usually this is because you attempted to pipe a value '
  + 'into the unseal command or you are executing outside of a terminal (tty). You should run the '
  + 'unseal command from a terminal for maximum security. If this is not an option, the unseal key '
  + `can be provided as the first argument to the unseal command. The raw error was:\n\n${raw}`;
// minivault: piped stdin ended before any unseal key arrived
export const ERR_CLI_UNSEAL_KEY_EMPTY_STDIN = 'No unseal key was read from stdin (it was empty)';
// minivault: -non-interactive forbids prompting (OpenBao refuses to prompt the same way)
export const ERR_CLI_NON_INTERACTIVE_KEY = 'Refusing to read an unseal key: -non-interactive is set and no key was given';
// V114 command/operator_rekey.go
export const ERR_CLI_REKEY_INIT = 'Error initializing rekey';
export const ERR_CLI_REKEY_CANCEL = 'Error canceling rekey';
export const ERR_CLI_REKEY_STATUS = 'Error reading rekey status';
export const ERR_CLI_REKEY_GET_STATUS = 'Error getting rekey status';
export const ERR_CLI_REKEY_POST_KEY = 'Error posting unseal key';
export const ERR_CLI_REKEY_MISSING_NONCE = 'Missing nonce value: specify it via the -nonce flag';
export const ERR_CLI_REKEY_NOT_STARTED =
  'No rekey is in progress. Start a rekey process by running "minivault operator rekey -init".';
export const errCliRekeyUnknownTarget = (target: string): string => `Unknown target: ${target}`;
export const errCliRekeyPrompt = (raw: string): string => 'An error occurred attempting to ask for the unseal key. '
  + 'The raw error message is shown below, but usually this is because you attempted to pipe a value '
  + 'into the command or you are executing outside of a terminal (tty). If you want to pipe the value, '
  + `pass "-" as the argument to read from stdin. The raw error was: ${raw}`;
export const ERR_CLI_USER_CANCELED = 'user canceled';
// V114 command/operator_generate_root.go (the prompt failure reuses errCliRekeyPrompt's text)
export const ERR_CLI_GENROOT_STATUS = 'Error getting root generation status';
export const ERR_CLI_GENROOT_INIT = 'Error initializing root generation';
export const ERR_CLI_GENROOT_OTP_AND_PGP = 'Error initializing: cannot specify both -otp and -pgp-key';
export const ERR_CLI_GENROOT_CANCEL = 'Error canceling root token generation';
export const ERR_CLI_GENROOT_POST_KEY = 'Error posting unseal key';
export const ERR_CLI_GENROOT_DECODE = 'Error decoding root token';
export const ERR_CLI_GENROOT_MISSING_ENCODED = 'Missing encoded value: use -decode=<string> to supply it';
export const ERR_CLI_GENROOT_MISSING_ENCODED_STDIN = 'Missing encoded value. When using -decode="-" value must be passed via stdin.';
export const ERR_CLI_GENROOT_MISSING_OTP = 'Missing otp: use -otp to supply it';
export const ERR_CLI_GENROOT_NOT_STARTED =
  'No root generation is in progress. Start a root generation by running "minivault operator generate-root -init".';
export const errCliGenrootOtpLength = (n: number): string => 'If starting root generation using the OTP method and '
  + `generating your own OTP, the length of the OTP string needs to be ${n} characters in length.`;
export const ERR_CLI_GENROOT_OTP_SHOWN = 'A One-Time-Password has been generated for you and is shown in the OTP field. '
  + 'You will need this value to decode the resulting root token, so keep it safe.';
export const errCliReadStdin = (err: string): string => `Failed to read from stdin: ${err}`;
// minivault: -pgp-key names a file minivault could not read (Vault reads it while parsing flags)
export const errCliPgpKeyFile = (path: string, err: string): string => `Error reading PGP key file ${path}: ${err}`;

// --- kv ------------------------------------------------------------------------------------
// V114 command/kv_*.go
export const ERR_CLI_MUST_SUPPLY_DATA = 'Must supply data';
export const errCliReading = (path: string): string => `Error reading ${path}`;
export const errCliWriting = (path: string): string => `Error writing data to ${path}`;
export const errCliDeleting = (path: string): string => `Error deleting ${path}`;
export const errCliListing = (path: string): string => `Error listing ${path}`;
export const errCliPreRead = (path: string): string => `Error doing pre-read at ${path}`;
export const errCliNoValue = (path: string): string => `No value found at ${path}`;
export const errCliNoEntries = (path: string): string => `No entries found at ${path}`;
export const errCliNoData = (path: string): string => `No data found at ${path}`;
export const errCliNoDataFor = (path: string, op: string): string => `No data found at ${path}; ${op} only works on existing data`;
export const errCliNoMetadataFor = (path: string, op: string): string => `No metadata found at ${path}; ${op} only works on existing data`;
export const errCliMetadataType = (path: string): string => `Metadata found at ${path} is not the expected type (JSON object)`;
export const errCliDataType = (path: string): string => `Data found at ${path} is not the expected type (JSON object)`;
export const ERR_CLI_KV_PATCH_V1 = 'K/V engine mount must be version 2 for patch support';
export const errCliKvPatchMethod = (method: string): string => `Unsupported method provided to -method flag: ${method}`;
export const errCliKvPatchCapability = (path: string): string => `Data was written to ${path} but we recommend that you add the "patch" capability to your ACL policy in order to use HTTP PATCH in the future.`;
export const ERR_CLI_KV_ROLLBACK_V1 = 'K/V engine mount must be version 2 for rollback support';
export const ERR_CLI_VERSION_FLAG_REQUIRED = 'Version flag must be specified';
export const errCliInvalidVersion = (v: number): string => `Invalid value ${v} for the version flag`;
export const errCliNoVersions = (action: string): string => `No versions provided, use the "-versions" flag to specify the version to ${action}.`;
export const ERR_CLI_UNDELETE_V1 = 'Undelete not supported on KV Version 1';
export const ERR_CLI_DESTROY_V1 = 'Destroy not supported on KV Version 1';
export const ERR_CLI_METADATA_V1 = 'Metadata not supported on KV Version 1';

// --- policy, token, secrets, audit ----------------------------------------------------------
// V114 command/policy_*.go
export const ERR_CLI_POLICY_OPEN = 'Error opening policy file';
export const ERR_CLI_POLICY_READ_INPUT = 'Error reading policy';
export const ERR_CLI_POLICY_UPLOAD = 'Error uploading policy';
export const errCliPolicyReading = (name: string): string => `Error reading policy named ${name}`;
export const ERR_CLI_POLICY_LIST = 'Error listing policies';
export const errCliNoPolicy = (name: string): string => `No policy named: ${name}`;
export const errCliPolicyNameConverted = (from: string, to: string): string => `Policy name was converted from "${from}" to "${to}"`;
// V114 command/token_*.go
export const ERR_CLI_TOKEN_CREATE = 'Error creating token';
export const ERR_CLI_TOKEN_LOOKUP = 'Error looking up token';
export const ERR_CLI_TOKEN_RENEW = 'Error renewing token';
export const ERR_CLI_TOKEN_REVOKE = 'Error revoking token';
export const errCliAccessorArgs = (got: number): string => `Not enough arguments with -accessor (expected 1, got ${got})`;
export const errCliAccessorTooMany = (got: number): string => `Too many arguments with -accessor (expected 1, got ${got})`;
export const errCliInvalidMode = (mode: string): string => `Invalid mode: ${mode}`;
export const errCliSelfArgs = (got: number): string => `Too many arguments with -self (expected 0, got ${got})`;
export const ERR_CLI_SELF_WITH_ACCESSOR = 'Cannot use -self with -accessor!';
export const ERR_CLI_SELF_WITH_MODE = 'Cannot use -self with -mode!';
export const ERR_CLI_ACCESSOR_WITH_ORPHAN = 'Cannot use -accessor with -mode=orphan!';
export const ERR_CLI_ACCESSOR_WITH_PATH = 'Cannot use -accessor with -mode=path!';
// V114 command/lease_lookup.go, lease_renew.go, lease_revoke.go
export const ERR_CLI_MISSING_ID = 'Missing ID!';
export const errCliLeaseLookup = (id: string): string => `error looking up lease id ${id}`;
export const errCliLeaseRenew = (id: string): string => `Error renewing ${id}`;
export const errCliLeaseRevoke = (id: string): string => `Error revoking lease ${id}`;
export const errCliLeaseRevokePrefix = (prefix: string): string => `Error revoking leases with prefix ${prefix}`;
export const errCliLeaseRevokeForce = (prefix: string): string => `Error force revoking leases with prefix ${prefix}`;
export const ERR_CLI_FORCE_REQUIRES_PREFIX = 'Specifying -force requires also specifying -prefix';
export const WARN_CLI_FORCE_REVOKE = 'Warning! Force-removing leases can cause Vault to become out of sync with secret engines!';
// V114 command/unwrap.go
export const ERR_CLI_UNWRAPPING = 'Error unwrapping';
export const MSG_CLI_UNWRAP_NO_DATA = 'Successfully unwrapped. There was no data in the wrapped secret.';
// V114 api/logical.go UnwrapWithContext (the fallback read of cubbyhole/response)
export const errCliUnwrapReadFailed = (err: string): string => `error reading "cubbyhole/response": ${err}`;
export const ERR_CLI_UNWRAP_NO_VALUE = 'no value found at "cubbyhole/response"';
export const ERR_CLI_UNWRAP_NO_DATA = '"data" not found in wrapping response';
export const ERR_CLI_UNWRAP_NO_RESPONSE = '"response" not found in wrapping response "data" map';
export const errCliUnwrapUnmarshal = (err: string): string => `error unmarshalling wrapped secret: ${err}`;
// V114 command/secrets_*.go
export const ERR_CLI_SECRETS_ENABLE = 'Error enabling';
export const ERR_CLI_SECRETS_LIST = 'Error listing secrets engines';
export const errCliSecretsDisable = (path: string): string => `Error disabling secrets engine at ${path}`;
// V114 command/audit_*.go
export const ERR_CLI_AUDIT_TYPE_MISSING =
  "Error enabling audit device: audit type missing. Valid types include 'file', 'socket' and 'syslog'.";
export const ERR_CLI_AUDIT_ENABLE = 'Error enabling audit device';
export const ERR_CLI_AUDIT_LIST = 'Error listing audits';
export const ERR_CLI_AUDIT_DISABLE = 'Error disabling audit device';
// minivault: `audit verify` (not a Vault command)
export const errCliAuditHeadValue = (value: string): string =>
  `Invalid value ${JSON.stringify(value)} for -head: expected SEQ:HASH (a sequence number and 64 hex digits)`;
export const errCliAuditVerifyRead = (err: string): string => `Error reading audit log: ${err}`;
export const errCliAuditVerifyFailed = (line: number, reason: string, message: string): string =>
  `Audit log verification failed at line ${line} (${reason}): ${message}`;

// --- generic read / write / list / delete / patch, login, version ---------------------------
// Vault 1.18 command/write.go, command/patch.go (without -force and without data)
export const ERR_CLI_MUST_SUPPLY_DATA_OR_FORCE = 'Must supply data or use -force';
// Vault 1.18 command/base_helpers.go parseArgsDataStringLists / parseArgsDataString (a value that is
// neither a string nor, for the lists form, a list of strings)
export const errCliArgType = (key: string, value: unknown): string => `unsupported type for key ${JSON.stringify(key)}: ${typeof value}`;
// Vault 1.18 command/login.go
export const ERR_CLI_NO_STORE_AND_NO_PRINT = '-no-store and -no-print cannot be used together';
export const errCliUnknownAuthMethod = (method: string): string => `Unknown auth method: ${method}. Use "minivault auth list" `
  + 'to see the complete list of auth methods. Additionally, some auth methods are only available via the HTTP API.';
export const ERR_CLI_LOGIN_PARSE_CONFIG = 'Error parsing configuration';
export const ERR_CLI_AUTHENTICATING = 'Error authenticating';
export const ERR_CLI_EXTRACTING_TOKEN = 'Error extracting token';
export const ERR_CLI_EMPTY_SECRET = 'Vault returned an empty secret';
export const ERR_CLI_SECRET_NO_AUTH = 'Vault returned a secret, but the secret has no authentication information attached. '
  + 'This should never happen and is likely a bug.';
export const errCliTokenHelperStore = (err: string): string => `Error storing token: ${err}`;
export const MSG_CLI_TOKEN_NOT_PERSISTED =
  'Authentication was successful, but the token was not persisted. The resulting token is shown below for your records.';
export const WARN_CLI_VAULT_TOKEN_SET = 'WARNING! The VAULT_TOKEN environment variable is set! The value of this variable will '
  + 'take precedence; if this is unwanted please unset VAULT_TOKEN or update its value accordingly.';
export const WARN_CLI_TOKEN_NOT_STORED = 'The token was not stored in token helper. Set the VAULT_TOKEN environment variable '
  + 'or pass the token below with each request to Vault.';
export const MSG_CLI_LOGIN_SUCCESS = 'Success! You are now authenticated. The token information displayed below is already '
  + 'stored in the token helper. You do NOT need to run "minivault login" again. Future Vault requests will automatically use this token.';
// Vault 1.18 builtin/credential/token/cli.go
export const errCliLookupBool = (err: string): string => `Failed to parse "lookup" as boolean: ${err}`;
export const ERR_CLI_TOKEN_MUST_BE_PASSED = 'A token must be passed to auth. Please view the help for more information.';
export const errCliTokenLookupSelf = (err: string): string => `error looking up token: ${err}`;
export const ERR_CLI_EMPTY_LOOKUP_SELF = 'empty response from lookup-self';
export const errCliTokenPrompt = (raw: string): string => 'An error occurred attempting to ask for a token. The raw error '
  + 'message is shown below, but usually this is because you attempted to pipe a value into the command or you are executing '
  + 'outside of a terminal (tty). If you want to pipe the value, pass "-" as the argument to read from stdin. The raw error '
  + `was: ${raw}`;
export const ERR_CLI_USER_INTERRUPTED = 'user interrupted';
// Vault 1.18 builtin/credential/userpass/cli.go
export const ERR_CLI_USERNAME_REQUIRED = "'username' must be specified";
export const ERR_CLI_EMPTY_CREDENTIAL_RESPONSE = 'empty response from credential provider';
// minivault: `login -method=approle` (Vault's CLI has no approle login handler)
export const ERR_CLI_ROLE_ID_REQUIRED = "'role_id' must be specified";
// go-secure-stdlib password/password_unix.go: the prompt's stdin is not a terminal (term.MakeRaw)
export const ERR_CLI_NOT_A_TERMINAL = 'inappropriate ioctl for device';
// minivault: `login -method=jwt` (Vault's CLI has no plain JWT handler)
export const ERR_CLI_JWT_REQUIRED = "'jwt' must be specified";
// minivault: Vault's oidc handler (vault-plugin-auth-jwt cli.go) runs a browser callback flow
export const ERR_CLI_OIDC_UNSUPPORTED = 'minivault does not implement the OIDC browser login (-method=oidc); '
  + 'log in with -method=jwt role=<role> jwt=<token> instead';

// --- auth and secrets mounts (V114 command/auth_*.go, secrets_*.go) ------------------------
export const errCliAuthEnable = (type: string): string => `Error enabling ${type} auth`;
export const errCliAuthDisable = (path: string): string => `Error disabling auth method at ${path}`;
export const ERR_CLI_AUTH_LIST = 'Error listing enabled authentications';
export const errCliAuthTune = (path: string): string => `Error tuning auth method ${path}`;
export const ERR_CLI_AUTH_HELP_LIST = 'Error listing auth methods';
export const errCliAuthHelpNoMount = (path: string): string => `No auth method available on the server at ${JSON.stringify(path)}`;
export const errCliAuthHelpNoHandler = (type: string): string =>
  `No method-specific CLI handler available for auth method ${JSON.stringify(type)}`;

// --- token capabilities, path-help, step-down, policy fmt ---------------------------------
// V114 command/token_capabilities.go
export const ERR_CLI_CAPABILITIES = 'Error listing capabilities';
export const ERR_CLI_NO_CAPABILITIES = 'No capabilities found';
// hashicorp/vault PR #24479 (Vault 1.16) command/token_capabilities.go -accessor
export const errCliAccessorCapsArgs = (which: 'Not enough' | 'Too many', got: number): string =>
  `${which} arguments with -accessor (expected 2, got ${got})`;
// V114 command/path_help.go
export const ERR_CLI_PATH_HELP = 'Error retrieving help';
export const ERR_CLI_PATH_HELP_SEALED = 'Error: Vault is sealed.\n\nThe "path-help" command requires the Vault to be '
  + 'unsealed so that the mount\npoints of the secret engines are known.';
// V114 command/operator_step_down.go
export const ERR_CLI_STEP_DOWN = 'Error stepping down';
// V114 command/policy_fmt.go
export const errCliPolicyFmtRead = (err: string): string => `Error reading source file: ${err}`;
export const errCliPolicyFmtWrite = (err: string): string => `Error writing result: ${err}`;
// V114 command/format.go RawFormatter, base_helpers.go generateFlagErrors
export const ERR_CLI_RAW_UNSUPPORTED = 'This command does not support the -format=raw option.';
export const errCliReadingRaw = (path: string): string => `Error reading: ${path}`;
// minivault: policy explain
export const errCliExplainCapability = (cap: string): string =>
  `Unknown capability ${JSON.stringify(cap)}: expected one of create, read, update, patch, delete, list, sudo`;

// --- HTTP options (V114 command/base.go Client) --------------------------------------------
export const errCliForbiddenHeaders = (keys: string[]): string =>
  `failed to setup Headers[${keys.join(', ')}]: Header starting by 'X-Vault-' are for internal usage only`;
// minivault: HTTP options it lists for fidelity of -h but does not carry out
export const errCliFlagNotImplemented = (flag: string): string => `minivault does not implement -${flag}`;
