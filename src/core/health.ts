// sys/health and sys/leader (http/sys_health.go getSysHealth, http/sys_leader.go): unauthenticated,
// raw JSON (no envelope), answered in every seal state. The status code comes from the query
// parameters, checked in Vault's order: uninitialised, sealed, standby, active.
import { VaultError } from '../errors/vault-error.js';
import { errBadHealthCode } from '../errors/core.js';
import type { CoreResponse } from './types.js';
import { VAULT_VERSION } from './version.js';

export interface ClusterIdentity {
  cluster_name: string;
  cluster_id: string;
}

const CODE_PARAMS: Record<string, number> = {
  activecode: 200, standbycode: 429, drsecondarycode: 472, performancestandbycode: 473,
  haunhealthycode: 474, removedcode: 530, sealedcode: 503, uninitcode: 501,
};

function codeParam(data: Record<string, unknown>, name: string): number {
  const raw = data[name];
  if (raw === undefined || raw === '') return CODE_PARAMS[name]!;
  const s = String(raw);
  if (!/^[+-]?\d+$/.test(s)) throw new VaultError(400, errBadHealthCode(name, s), []);
  return parseInt(s, 10);
}

export interface HealthState {
  initialized: boolean;
  sealed: boolean;
  nowMs: number;
  cluster?: ClusterIdentity;
}

/**
 * The health answer. An uninitialised vault answers 501 here because that is Vault's documented
 * `uninitcode` default and clients (hvac) read it as "not initialised" — this is the one place a
 * 501 is Vault's own behaviour rather than an unsupported feature.
 */
export function health(state: HealthState, data: Record<string, unknown>): CoreResponse {
  let status: number;
  try {
    if (!state.initialized) status = codeParam(data, 'uninitcode');
    else if (state.sealed) status = codeParam(data, 'sealedcode');
    else status = codeParam(data, 'activecode');
    for (const p of Object.keys(CODE_PARAMS)) codeParam(data, p); // reject any malformed code param
  } catch (e) {
    if (e instanceof VaultError) return { status: 400, body: { errors: [] } };
    throw e;
  }
  if (status < 100 || status > 999) status = 400;
  const body: Record<string, unknown> = {
    initialized: state.initialized,
    sealed: state.sealed,
    standby: state.sealed || !state.initialized,
    performance_standby: false,
    replication_performance_mode: 'disabled',
    replication_dr_mode: 'disabled',
    server_time_utc: Math.floor(state.nowMs / 1000),
    version: VAULT_VERSION,
    enterprise: false,
  };
  if (!state.sealed && state.cluster) Object.assign(body, state.cluster);
  Object.assign(body, { echo_duration_ms: 0, clock_skew_ms: 0, replication_primary_canary_age_ms: 0 });
  return { status, body };
}

export function leader(): CoreResponse {
  return {
    status: 200,
    body: {
      ha_enabled: false,
      is_self: false,
      active_time: '0001-01-01T00:00:00Z',
      leader_address: '',
      leader_cluster_address: '',
      performance_standby: false,
      performance_standby_last_remote_wal: 0,
    },
  };
}
