// `minivault status` and the seal-status display it shares with `operator unseal` (hashicorp/vault
// command/status.go, command/format.go OutputSealStatus / OutputSealStatusStruct, api/sys_seal.go
// SealStatusResponse): seal-status then leader, a fixed-order Key/Value table or the
// SealStatusOutput JSON; exit 0 unsealed, 2 sealed, 1 on any error.
import { ERR_CLI_CHECKING_LEADER, ERR_CLI_CHECKING_SEAL_STATUS, errCliTooManyArgs } from '../errors/cli.js';
import { ClientSetupError, errorMessage, fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { goValue } from '../go/fmt.js';
import { keyValueTable } from './format.js';
import { GoStruct } from '../go/json.js';
import { formatOutput } from './yaml.js';

type Json = Record<string, unknown>;

const ZERO_TIME = '0001-01-01T00:00:00Z';
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const orUndefined = <T>(v: T, empty: boolean): T | undefined => (empty ? undefined : v);

function sealStatusRows(s: Json, leader: Json): Array<[string, string]> {
  const recovery = s.recovery_seal === true;
  const rows: Array<[string, string]> = [['Seal Type', str(s.type)]];
  if (recovery) rows.push(['Recovery Seal Type', str(s.recovery_seal_type)]);
  rows.push(['Initialized', String(s.initialized === true)]);
  rows.push(['Sealed', String(s.sealed === true)]);
  rows.push([recovery ? 'Total Recovery Shares' : 'Total Shares', String(num(s.n))]);
  rows.push(['Threshold', String(num(s.t))]);
  if (s.sealed === true) {
    rows.push(['Unseal Progress', `${num(s.progress)}/${num(s.t)}`]);
    rows.push(['Unseal Nonce', str(s.nonce)]);
  }
  if (s.migration === true) rows.push(['Seal Migration in Progress', 'true']);
  rows.push(['Version', str(s.version)]);
  rows.push(['Build Date', str(s.build_date)]);
  rows.push(['Storage Type', str(s.storage_type)]);
  if (str(s.cluster_name) !== '' && str(s.cluster_id) !== '') {
    rows.push(['Cluster Name', str(s.cluster_name)]);
    rows.push(['Cluster ID', str(s.cluster_id)]);
  }
  const ha = leader.ha_enabled === true;
  rows.push(['HA Enabled', String(ha)]);
  if (ha && s.sealed !== true) {
    const isSelf = leader.is_self === true;
    rows.push(['HA Cluster', str(leader.leader_cluster_address)]);
    rows.push(['HA Mode', isSelf ? 'active' : 'standby']);
    const activeTime = str(leader.active_time);
    if (isSelf && activeTime !== '' && activeTime !== ZERO_TIME) rows.push(['Active Since', activeTime]);
    if (!isSelf) rows.push(['Active Node Address', str(leader.leader_address) || '<none>']);
  }
  if (num(leader.raft_committed_index) > 0) rows.push(['Raft Committed Index', String(leader.raft_committed_index)]);
  if (num(leader.raft_applied_index) > 0) rows.push(['Raft Applied Index', String(leader.raft_applied_index)]);
  if (num(leader.last_wal) > 0) rows.push(['Last WAL', String(leader.last_wal)]);
  if (Array.isArray(s.warnings) && s.warnings.length > 0) rows.push(['Warnings', goValue(s.warnings)]);
  return rows;
}

/** SealStatusOutput: api.SealStatusResponse's fields, then the leader fields, in struct order. */
function sealStatusStruct(s: Json, leader: Json): GoStruct {
  const warnings = Array.isArray(s.warnings) ? s.warnings : [];
  return new GoStruct([
    ['type', str(s.type)], ['initialized', s.initialized === true], ['sealed', s.sealed === true],
    ['t', num(s.t)], ['n', num(s.n)], ['progress', num(s.progress)], ['nonce', str(s.nonce)],
    ['version', str(s.version)], ['build_date', str(s.build_date)], ['migration', s.migration === true],
    ['cluster_name', orUndefined(str(s.cluster_name), str(s.cluster_name) === '')],
    ['cluster_id', orUndefined(str(s.cluster_id), str(s.cluster_id) === '')],
    ['recovery_seal', s.recovery_seal === true],
    ['storage_type', orUndefined(str(s.storage_type), str(s.storage_type) === '')],
    ['hcp_link_status', orUndefined(str(s.hcp_link_status), str(s.hcp_link_status) === '')],
    ['hcp_link_resource_ID', orUndefined(str(s.hcp_link_resource_ID), str(s.hcp_link_resource_ID) === '')],
    ['warnings', orUndefined(warnings, warnings.length === 0)],
    ['ha_enabled', leader.ha_enabled === true],
    ['is_self', orUndefined(true, leader.is_self !== true)],
    ['active_time', str(leader.active_time) || ZERO_TIME],
    ['leader_address', orUndefined(str(leader.leader_address), str(leader.leader_address) === '')],
    ['leader_cluster_address', orUndefined(str(leader.leader_cluster_address), str(leader.leader_cluster_address) === '')],
    ['performance_standby', orUndefined(true, leader.performance_standby !== true)],
    ['performance_standby_last_remote_wal', orUndefined(num(leader.performance_standby_last_remote_wal), num(leader.performance_standby_last_remote_wal) === 0)],
    ['last_wal', orUndefined(num(leader.last_wal), num(leader.last_wal) === 0)],
    ['raft_committed_index', orUndefined(num(leader.raft_committed_index), num(leader.raft_committed_index) === 0)],
    ['raft_applied_index', orUndefined(num(leader.raft_applied_index), num(leader.raft_applied_index) === 0)],
  ]);
}

/**
 * OutputSealStatus: asks sys/leader (a "Vault is sealed" failure means HA with nothing known),
 * then prints the status. Returns 0, or 1 when the leader call fails otherwise.
 */
export async function outputSealStatus(ctx: Ctx, status: Json): Promise<number> {
  let leader: Json;
  try {
    leader = ((await ctx.client().json('GET', 'sys/leader')) ?? {}) as Json;
  } catch (e) {
    if (!errorMessage(e).includes('Vault is sealed')) return fail(ctx, ERR_CLI_CHECKING_LEADER, e, 1);
    leader = { ha_enabled: true };
  }
  if (ctx.format === 'table') ctx.ui.output(keyValueTable(sealStatusRows(status, leader)));
  else ctx.ui.output(formatOutput(ctx.format, sealStatusStruct(status, leader)));
  return 0;
}

export const statusCommand: Command = {
  name: 'status',
  synopsis: 'Print seal and HA status',
  usage: '',
  help: `
  Prints the current state of the server: whether it is initialized and sealed,
  its unseal progress, and its HA state. Exits 0 when unsealed, 2 when sealed,
  and 1 on an error.

      $ minivault status`,
  flags: [httpFlags(), outputFlags()],
  async run(ctx) {
    if (ctx.args.length > 0) {
      ctx.ui.error(errCliTooManyArgs('0', ctx.args.length));
      return 1;
    }
    let status: Json;
    try {
      status = ((await ctx.client().json('GET', 'sys/seal-status')) ?? {}) as Json;
    } catch (e) {
      // status reserves 2 for "sealed", so every failure here exits 1 (hashicorp/vault command/status.go).
      if (e instanceof ClientSetupError) { ctx.ui.error(e.message); return 1; }
      return fail(ctx, ERR_CLI_CHECKING_SEAL_STATUS, e, 1);
    }
    const code = await outputSealStatus(ctx, status);
    return status.sealed === true ? 2 : code;
  },
};
