// Audit devices (Vault's audit broker, file device and salted HMACs) with minivault's hash chain
// over every log line. Core builds an AuditBroker over a barrier view, calls logRequest before
// a request acts and logResponse after it, and routes sys/audit* to broker.handle().
export { AuditBroker, type AuditBrokerOptions } from './broker.js';
export { AUDIT_SUDO_PATHS, isAuditSysPath } from './sys.js';
export { AUDIT_DEVICE_TYPES, type AuditDeviceType } from './options.js';
export { DEFAULT_HEAD_FLUSH, type HeadFlushPolicy } from './heads.js';
export { MemorySink } from './sinks.js';
export { GENESIS_HASH } from '../audit-chain/chain.js';
export { tokenIssueTime } from './format.js';
export { verifyFile, verifyLines, type VerifyOptions, type VerifyReason, type VerifyResult } from '../audit-chain/verify.js';
export type * from './types.js';
