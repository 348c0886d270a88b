// Wires core to the real subsystems: the Shamir seal and barrier (src/barrier), the token and
// policy stores (src/auth) and the audit broker (src/audit); engines load through builtin-backends.ts. Storage layout behind
// the barrier follows Vault where it has one: `sys/token/`, `sys/policy/`, `logical/<uuid>/`;
// audit devices live under `core/audit/`. createWiredCore() also hands out those subsystems,
// typed (CoreHandles), for callers below the API such as the test fake.
// The audit modules themselves rather than audit/index.js, which also carries the log verifier a
// running server never needs (one module fewer to load at start-up).
import { VAULT_SYSTEM_TTLS, type SystemTtls } from './sys-mount-info.js';
import type { AuditBroker } from '../audit/broker.js';
import { auditPaths } from '../audit/sys.js';
import { hasTable } from '../audit/table.js';
import type { AuditAuth, AuditRequest } from '../audit/types.js';
import { PolicyStore, TokenBackend, TokenStore, hashId, policyPaths, type TokenEntry } from '../auth/index.js';
import { SealManager, type AeadName, type OpenCacheOptions } from '../barrier/index.js';
import { identityHook } from '../identity/hook.js';
import { IdentityStore } from '../identity/store.js';
import { MemoryStorage } from '../storage/memory.js';
import type { Storage } from '../storage/types.js';
import { preciseNow, systemClock, type Clock } from '../util/clock.js';
import { systemRandom, type RandomSource } from '../util/random.js';
import { Core } from './core.js';
import type { Expiration } from './expiration.js';
import type { MountTable } from './mounts.js';
import type { AuditPort, AuditRecord, AuthPort, BarrierPort, SealPort, TokenInfo } from './ports.js';
import { BUILD_DATE, VAULT_VERSION } from './version.js';

export interface CoreOptions {
  storage?: Storage;
  clock?: Clock;
  random?: RandomSource;
  aead?: AeadName;
  /** Test knob: rotate the barrier term after this many encryptions. */
  maxOperations?: number;
  /** How often audit chain heads are written behind the barrier (default: batched). */
  auditHeadFlush?: { entries?: number; ms?: number };
  /** The barrier's decrypt memo (src/barrier/open-cache.ts): limits, or false for `disable_cache`. */
  cache?: OpenCacheOptions | false;
  /** The server configuration's default_lease_ttl / max_lease_ttl in seconds (768h each by default). */
  systemTtls?: SystemTtls;
  /** The server's api_addr ('' or absent when unknown; Core.apiAddr may be set later). */
  apiAddr?: string;
}

type WiredAuth = AuthPort & { tokens: TokenStore; policies: PolicyStore; identity: IdentityStore };
type WiredAudit = AuditPort & { readonly broker: AuditBroker | undefined };

/**
 * The real subsystems behind core's ports while it is unsealed, typed, for callers that act below
 * the API with no ACL (the test fake's seeding and assertions).
 */
export interface CoreHandles {
  readonly tokens: TokenStore;
  readonly policies: PolicyStore;
  readonly identity: IdentityStore;
  /** Absent until an audit device is enabled or a stored audit table loads. */
  readonly auditBroker: AuditBroker | undefined;
  readonly mounts: MountTable;
  readonly expiration: Expiration;
  readonly barrier: BarrierPort;
}

export function createCore(opts: CoreOptions = {}): Core {
  return createWiredCore(opts).core;
}

/** createCore() plus `handles()`: the current unsealed subsystems, or undefined while sealed. */
export function createWiredCore(opts: CoreOptions = {}): { core: Core; handles: () => CoreHandles | undefined } {
  const storage = opts.storage ?? new MemoryStorage();
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? systemRandom;
  const sm = new SealManager(storage, { clock, random, aead: opts.aead, maxOperations: opts.maxOperations, cache: opts.cache, version: VAULT_VERSION, buildDate: BUILD_DATE });
  const barrierPort: BarrierPort = { storage: () => sm.barrier, view: (p) => sm.view(p) };
  const seal: SealPort = {
    initialized: () => sm.initialized(),
    sealed: () => sm.sealed,
    status: async () => ({ ...(await sm.status()) }),
    init: async (body, onInitialized) => {
      let root = '';
      const res = await sm.init(body, async () => {
        root = await onInitialized(barrierPort);
      });
      return { keys: res.keys, keys_base64: res.keys_base64, root_token: root };
    },
    unseal: async (body) => {
      await sm.unseal(body as { key?: string; reset?: boolean });
    },
    seal: () => sm.seal(),
    barrier: () => barrierPort,
    cluster: () => sm.cluster(),
    keyStatus: () => ({ ...sm.keyStatus() }),
    rotate: async () => {
      await sm.rotate();
    },
    rekeyStatus: async () => ({ ...(await (await sm.rekey()).status()) }),
    rekeyInit: async (body) => ({ ...(await (await sm.rekey()).init(body)) }),
    rekeyUpdate: async (body) => ({ ...(await (await sm.rekey()).update(String(body.key ?? ''), String(body.nonce ?? ''))) }),
    rekeyCancel: async () => (await sm.rekey()).cancel(),
    rekeyVerifyStatus: async () => ({ ...(await (await sm.rekey()).verifyStatus()) }),
    rekeyVerifyUpdate: async (body) => ({ ...(await (await sm.rekey()).verifyUpdate(String(body.key ?? ''), String(body.nonce ?? ''))) }),
    rekeyVerifyRestart: async () => ({ ...(await (await sm.rekey()).verifyRestart()) }),
    rekeyBackup: async (recovery) => {
      const backup = await sm.rekeyBackup(recovery);
      return backup === undefined ? undefined : { ...backup };
    },
    rekeyDeleteBackup: (recovery) => sm.deleteRekeyBackup(recovery),
    generateRootStatus: async () => ({ ...(await (await sm.rootGeneration()).status()) }),
    generateRootInit: async (body) => ({ ...(await (await sm.rootGeneration()).init(body)) }),
    generateRootCancel: async () => (await sm.rootGeneration()).cancel(),
    generateRootUpdate: async (body, mint) => ({ ...(await (await sm.rootGeneration()).update(body, mint)) }),
  };
  const systemTtls = opts.systemTtls ?? VAULT_SYSTEM_TTLS;
  // Core holds its ports by interface; the objects made here are remembered by identity, so the
  // typed subsystem behind the port core holds now can be handed out without a cast.
  const auths = new WeakMap<AuthPort, WiredAuth>();
  const audits = new WeakMap<AuditPort, WiredAudit>();
  const core = new Core({
    clock, random, seal, systemTtls, apiAddr: opts.apiAddr,
    makeAuth: (barrier) => {
      const made = makeAuth(barrier, clock, random, systemTtls);
      auths.set(made, made);
      return made;
    },
    makeAudit: (barrier) => {
      const made = makeAudit(barrier, clock, random, opts.auditHeadFlush);
      audits.set(made, made);
      return made;
    },
  });
  const handles = (): CoreHandles | undefined => {
    const state = core.unsealed;
    if (!state) return undefined;
    const auth = auths.get(state.auth);
    const audit = audits.get(state.audit);
    if (!auth || !audit) throw new Error('core was not built by createWiredCore');
    return {
      tokens: auth.tokens, policies: auth.policies, identity: auth.identity, auditBroker: audit.broker,
      mounts: state.mounts, expiration: state.expiration, barrier: state.barrier,
    };
  };
  return { core, handles };
}

function tokenInfo(e: TokenEntry): TokenInfo & { entry: TokenEntry } {
  return {
    id: e.id, accessor: e.accessor, policies: e.policies, displayName: e.displayName, metadata: e.meta,
    ttl: e.lease?.ttl ?? e.ttl, issueTimeMs: (e.lease?.issueTime ?? e.creationTime) * 1000, numUses: e.numUses,
    entityId: e.entityId, type: e.type, entry: e, ...(e.boundCidrs ? { boundCidrs: e.boundCidrs } : {}),
  };
}
const entryOf = (t: TokenInfo) => (t as TokenInfo & { entry: TokenEntry }).entry;

function makeAuth(barrier: BarrierPort, clock: Clock, random: RandomSource, system: SystemTtls): WiredAuth {
  const policies = new PolicyStore({ storage: barrier.view('sys/policy/') });
  const tokens = new TokenStore({
    storage: barrier.view('sys/token/'), policies, clock, random, defaultLeaseTtl: system.defaultTtl, maxLeaseTtl: system.maxTtl,
  });
  // The identity store: filled when core builds the identity/ mount; consulted per token from then on.
  const identity = new IdentityStore({ clock, random });
  tokens.identity = identityHook(identity);
  const backend = new TokenBackend({ tokens });
  return {
    tokens, policies, identity,
    resolveToken: async (id) => {
      const e = await tokens.resolveToken(id);
      return e ? tokenInfo(e) : undefined;
    },
    authorize: async (token, path, operation, data, needsSudo, wrapTtl) => {
      const acl = await tokens.aclFor(entryOf(token));
      const r = acl.allowOperation(path, operation, { data, rootPrivsRequired: needsSudo, wrapTtl });
      return { allowed: r.allowed, grantingPolicies: r.allowed ? token.policies : [] };
    },
    capabilities: async (token, path) => (await tokens.aclFor(entryOf(token))).capabilities(path),
    hasMountAccess: async (token, mountPath) => (await tokens.aclFor(entryOf(token))).hasMountAccess(mountPath),
    templateInput: (token) => {
      const view = token.entityId === '' ? undefined : tokens.identity?.view(token.entityId);
      return view?.state === 'ok' ? view.template : undefined;
    },
    useToken: async (token) => {
      await tokens.useToken(entryOf(token));
    },
    createRootToken: async (id) => {
      if (id === undefined) return tokens.createRootToken();
      const e = await tokens.create({
        id, parentHash: '', policies: ['root'], path: 'auth/token/root', meta: null, displayName: 'root', numUses: 0,
        creationTime: Math.floor(clock.now() / 1000), ttl: 0, explicitMaxTtl: 0, period: 0, type: 'service', entityId: '', lease: null,
      });
      return e.id;
    },
    tokenBackend: () => backend,
    policyPaths: () => policyPaths(policies),
    createLoginToken: async (login, mount) => (await import('../auth/login-token.js')).createLoginToken(tokens, login, mount),
    revokeByPathPrefix: (prefix) => tokens.revokeByPathPrefix(prefix),
    tokenKey: (token) => hashId(token.id),
    onRevoke: (hook) => {
      tokens.revocationHooks.push((e) => hook(hashId(e.id), tokenInfo(e)));
    },
    onTidy: (hook) => {
      tokens.tidyHooks.push(hook);
    },
    expireDue: () => tokens.expireDue(),
    nextExpiry: () => tokens.nextExpiry(),
    loadExpiries: () => tokens.loadExpiries(),
    tokenLease: async (leaseId) => {
      const e = await tokens.byLeaseId(leaseId);
      if (!e || !e.lease) return undefined;
      const l = e.lease;
      return { issueMs: l.issueTime, expireMs: l.expireTime, lastRenewalMs: l.lastRenewalTime, renewable: l.renewable && e.type === 'service' };
    },
    tokenLeaseIds: () => tokens.leaseIds(),
    createWrappingToken: async (path, ttl) => {
      const now = preciseNow(clock);
      const e = await tokens.create({
        parentHash: '', policies: ['response-wrapping'], path, meta: null, displayName: '', numUses: 1,
        creationTime: Math.floor(now / 1000), ttl, explicitMaxTtl: ttl, period: 0, type: 'service', entityId: '',
        lease: { issueTime: now, expireTime: now + ttl * 1000, lastRenewalTime: 0, ttl, renewable: false },
      });
      return tokenInfo(e);
    },
    lookupToken: async (id, tainted) => {
      const e = await tokens.lookup(id, { tainted });
      return e ? tokenInfo(e) : undefined;
    },
    lookupAccessor: async (accessor) => {
      const e = await tokens.lookupByAccessor(accessor);
      return e ? tokenInfo(e) : undefined;
    },
    revokeToken: async (id) => {
      const e = await tokens.lookup(id, { tainted: true });
      if (e) await tokens.revokeTree(e);
    },
    revokeTokenLease: async (leaseId) => {
      const e = await tokens.byLeaseId(leaseId);
      if (!e) return false;
      await tokens.revokeTree(e);
      return true;
    },
    isRoot: (token) => token.policies.includes('root'),
  };
}

function auditAuthOf(rec: AuditRecord, tokenIssueTime: (ms: number) => string): AuditAuth | undefined {
  const t = rec.token;
  if (!t) return undefined;
  return {
    client_token: rec.clientToken, accessor: t.accessor, display_name: t.displayName, policies: t.policies,
    token_policies: t.policies,
    policy_results: rec.policyResults
      ? { allowed: rec.policyResults.allowed, granting_policies: rec.policyResults.grantingPolicies.map((name) => ({ name, namespace_id: 'root', type: 'acl' })) }
      : undefined,
    metadata: t.metadata, remaining_uses: t.numUses > 0 ? t.numUses : undefined, entity_id: t.entityId,
    token_type: t.type, token_ttl: t.ttl, token_issue_time: tokenIssueTime(t.issueTimeMs),
  };
}

function auditRequest(rec: AuditRecord): AuditRequest {
  return {
    id: rec.requestId, operation: rec.operation, mount_point: rec.mount?.path, mount_type: rec.mount?.type,
    mount_accessor: rec.mount?.accessor, mount_running_version: rec.mount?.runningVersion, mount_class: rec.mount?.class,
    client_token: rec.token?.id ?? rec.clientToken, client_token_accessor: rec.token?.accessor, path: rec.path,
    data: rec.data && Object.keys(rec.data).length > 0 ? rec.data : undefined,
    remote_address: rec.remoteAddress, remote_port: rec.remotePort,
  };
}

/**
 * The audit port. The broker and its device code load the first time they are needed — a stored
 * audit table at unseal, or a sys/audit request — so a vault that never audits never loads them.
 */
function makeAudit(barrier: BarrierPort, clock: Clock, random: RandomSource, headFlush?: CoreOptions['auditHeadFlush']): WiredAudit {
  const storage = barrier.view('core/audit/');
  let broker: AuditBroker | undefined;
  let loading: Promise<AuditBroker> | undefined;
  let issueTime: (ms: number) => string = () => '';
  const get = (): Promise<AuditBroker> => {
    loading ??= Promise.all([import('../audit/broker.js'), import('../audit/format.js')]).then(async ([{ AuditBroker }, format]) => {
      const b = new AuditBroker({ storage, clock, random, headFlush });
      await b.load();
      issueTime = format.tokenIssueTime;
      broker = b;
      return b;
    });
    return loading;
  };
  const auditAuth = (rec: AuditRecord) => auditAuthOf(rec, issueTime);
  return {
    get broker() {
      return broker;
    },
    // With no device enabled nothing is logged, so skip building the entries at all.
    logRequest: async (rec) => {
      if (broker && broker.devicePaths().length > 0) await broker.logRequest({ auth: auditAuth(rec), request: auditRequest(rec), error: rec.error });
    },
    logResponse: async (rec) => (!broker || broker.devicePaths().length === 0) ? undefined : broker.logResponse({
      auth: auditAuth(rec), request: auditRequest(rec), error: rec.error,
      response: rec.response
        ? {
          mount_point: rec.mount?.path, mount_type: rec.mount?.type, mount_accessor: rec.mount?.accessor,
          mount_running_plugin_version: rec.mount?.runningVersion, mount_class: rec.mount?.class,
          data: rec.response.data, warnings: rec.response.warnings, auth: (rec.response.auth as AuditAuth | null) ?? undefined,
        }
        : undefined,
    }),
    paths: () => auditPaths(get),
    load: async () => {
      if (await hasTable(storage)) await get();
    },
    unload: async () => {
      const b = broker;
      broker = undefined;
      loading = undefined;
      if (b) await b.unload();
    },
  };
}
