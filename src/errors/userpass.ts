// Vault error strings of the userpass auth method (src/credential/userpass), each with its
// upstream source. V: = hashicorp/vault at the 1.18 line (builtin/credential/userpass/*.go, whose
// files did not change between PR #28441 and 1.18.1); LIB: = a library Vault links.

// ---- users/:username (V path_users.go pathUserWrite; error responses, 400) --------------------
// fmt.Sprintf("%q and %q cannot be supplied together", paramPassword, paramPasswordHash)
export const ERR_USERPASS_PASSWORD_AND_HASH = '"password" and "password_hash" cannot be supplied together';
// fmt.Sprintf("%q or %q must be supplied", ...): on create, and in updateUserPassword
export const ERR_USERPASS_PASSWORD_REQUIRED = '"password" or "password_hash" must be supplied';

// ---- password_hash (V path_user_password.go parsePasswordHash; plain Go errors) ----------------
export const ERR_USERPASS_HASH_LENGTH = 'password hash has incorrect length';
export const ERR_USERPASS_HASH_PREFIX = 'password hash has incorrect prefix';

// ---- users/:username/password and /policies (V path_user_password.go pathUserPasswordUpdate,
// path_user_policies.go pathUserPoliciesUpdate; plain Go errors → 500, multierror-wrapped) ------
export const ERR_USERPASS_NO_SUCH_USER = 'username does not exist';

// ---- the user lookup (V path_users.go user; path_login.go pathLoginAliasLookahead) -------------
export const ERR_USERPASS_MISSING_USERNAME = 'missing username';

// ---- login/:username (V path_login.go pathLogin) ------------------------------------------------
/** Wrong password, or no such user (an error response: 400). */
export const ERR_USERPASS_INVALID_LOGIN = 'invalid username or password';
/** V sdk/logical/errors.go ErrInvalidCredentials: what an empty password returns since PR #28441 (400). */
export const ERR_INVALID_CREDENTIALS = 'invalid credentials';

// ---- renewal (V path_login.go pathLoginRenew; a plain Go error) -------------------------------
export const ERR_USERPASS_POLICIES_CHANGED = 'policies have changed, not renewing';

// ---- LIB golang.org/x/crypto bcrypt.go ErrPasswordTooLong (GenerateFromPassword, since v0.5) ---
export const ERR_BCRYPT_PASSWORD_TOO_LONG = 'bcrypt: password length exceeds 72 bytes';
