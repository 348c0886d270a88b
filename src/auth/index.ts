// The auth area's public surface: policies (parse, store, sys endpoints), the ACL, and the token
// store with its `auth/token/` backend. Core wires these together; see each module's header.
export { parseHcl, HclSyntaxError, DEFAULT_HCL_MAX_BYTES, DEFAULT_HCL_MAX_DEPTH } from './hcl.js';
export type { HclDocument, HclItem, HclKey, HclLimits, HclValue } from './hcl.js';
export { parsePolicy, CAP } from './policy.js';
export type { Capability, PathPermissions, PathRule, Policy } from './policy.js';
export { ACL } from './acl.js';
export type { ACLResult, AllowOptions } from './acl.js';
export {
  DEFAULT_POLICY, RESPONSE_WRAPPING_POLICY, DEFAULT_POLICY_NAME, ROOT_POLICY_NAME, RESPONSE_WRAPPING_POLICY_NAME,
  CONTROL_GROUP_POLICY_NAME, IMMUTABLE_POLICIES, NON_ASSIGNABLE_POLICIES,
} from './builtin-policies.js';
export { PolicyStore, normalizePolicyName } from './policy-store.js';
export type { PolicyStoreOptions } from './policy-store.js';
export { policyPaths, decodeBase64IfValid } from './sys-policy.js';
export { TokenStore } from './token-store.js';
export type { NewToken, TokenStoreOptions } from './token-store.js';
export { authInfo, hashId, lookupData } from './token-entry.js';
export type { TokenEntry, TokenLease, TokenType } from './token-entry.js';
export { SYSTEM_MAX_LEASE_TTL, calculateTtl } from './token-ttl.js';
export type { LeaseLimits } from './token-ttl.js';
export { sanitizePolicies } from './token-create.js';
export { TokenBackend } from './token-backend.js';
export type { TokenBackendOptions } from './token-backend.js';
