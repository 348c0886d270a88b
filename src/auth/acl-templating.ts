// Identity templating (V sdk/helper/identitytpl/templating.go PopulateString, performTemplating,
// aclTemplateHandler, jsonTemplateHandler) and its use in ACL policies (V vault/policy.go
// parsePaths with an entity: each templated path is rendered per request; a path whose template
// cannot be rendered is dropped, silently). JSON mode renders identity token templates
// (src/identity). The entity and groups come from the identity store through plain objects, so
// this module knows nothing of how identity is stored.
import { ERR_TPL_NO_ENTITY, ERR_TPL_NO_GROUPS, ERR_TPL_NO_VALUE, ERR_TPL_UNBALANCED, errTplNotMember } from '../errors/identity.js';
import { goParseDurationSeconds } from '../go/time.js';
import type { PathRule, Policy } from './policy.js';
import { goStringCompare } from '../go/strings.js';

interface TemplateAlias { mountAccessor: string; id: string; name: string; metadata: Record<string, string> | null; customMetadata: Record<string, string> | null }
export interface TemplateEntity { id: string; name: string; metadata: Record<string, string> | null; aliases: TemplateAlias[] }
export interface TemplateGroup { id: string; name: string; metadata: Record<string, string> | null }

/** What a template is rendered against: the token's entity (if any) and its direct + inherited groups. */
export interface TemplateInput {
  entity?: TemplateEntity;
  groups?: TemplateGroup[];
  /** Milliseconds since the epoch, for `time.now`. */
  nowMs: number;
}

export class TemplateError extends Error {}

type Value = string | string[] | Record<string, string> | null | { groups: TemplateGroup[]; field: 'name' | 'id' };
type Handler = (v: Value, key?: string) => string;

const fail = (msg: string): never => {
  throw new TemplateError(msg);
};

function aclHandler(v: Value, key?: string): string {
  if (typeof v === 'string') return v === '' ? fail(ERR_TPL_NO_VALUE) : v;
  if (v !== null && !Array.isArray(v) && !('groups' in v) && key !== undefined && Object.hasOwn(v, key)) return (v as Record<string, string>)[key]!;
  return fail(ERR_TPL_NO_VALUE);
}

function jsonHandler(v: Value, key?: string): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return JSON.stringify(v);
  if (v !== null && 'groups' in v) {
    const list = (v.groups as TemplateGroup[]).map((g) => (v.field === 'name' ? g.name : g.id));
    return JSON.stringify(list.length > 0 ? list : null);
  }
  const map = v as Record<string, string> | null;
  if (key !== undefined) return JSON.stringify(map?.[key] ?? '');
  if (map === null) return '{}';
  return JSON.stringify(Object.fromEntries(Object.keys(map).sort(goStringCompare).map((k) => [k, map[k]])));
}

function performTemplating(input: string, p: TemplateInput, handle: Handler, acl: boolean): string {
  const alias = (trimmed: string, a: TemplateAlias): string => {
    if (trimmed === 'id') return handle(a.id);
    if (trimmed === 'name') return handle(a.name);
    if (trimmed === 'metadata') return handle(a.metadata);
    if (trimmed.startsWith('metadata.')) return handle(a.metadata, trimmed.slice('metadata.'.length));
    if (trimmed === 'custom_metadata') return handle(a.customMetadata);
    if (trimmed.startsWith('custom_metadata.')) return handle(a.customMetadata, trimmed.slice('custom_metadata.'.length));
    return fail(ERR_TPL_NO_VALUE);
  };
  const entity = (trimmed: string, e: TemplateEntity): string => {
    if (trimmed === 'id') return handle(e.id);
    if (trimmed === 'name') return handle(e.name);
    if (trimmed === 'metadata') return handle(e.metadata);
    if (trimmed.startsWith('metadata.')) return handle(e.metadata, trimmed.slice('metadata.'.length));
    if (trimmed === 'groups.names') return handle({ groups: p.groups ?? [], field: 'name' });
    if (trimmed === 'groups.ids') return handle({ groups: p.groups ?? [], field: 'id' });
    if (trimmed.startsWith('aliases.')) {
      const rest = trimmed.slice('aliases.'.length);
      const dot = rest.indexOf('.');
      if (dot === -1) return fail('invalid alias selector');
      const found = e.aliases.find((a) => a.mountAccessor === rest.slice(0, dot));
      if (!found && acl) return fail('alias not found');
      return alias(rest.slice(dot + 1), found ?? { mountAccessor: '', id: '', name: '', metadata: {}, customMetadata: {} });
    }
    return fail(ERR_TPL_NO_VALUE);
  };
  const groups = (trimmed: string, list: TemplateGroup[]): string => {
    const sel = trimmed.indexOf('.');
    const kind = sel === -1 ? '' : trimmed.slice(0, sel);
    if (kind !== 'ids' && kind !== 'names') return fail('invalid groups selector');
    const rest = trimmed.slice(sel + 1);
    const dot = rest.indexOf('.');
    if (dot === -1) return fail('invalid groups accessor');
    const want = rest.slice(0, dot);
    const found = list.find((g) => (kind === 'ids' ? g.id : g.name) === want);
    if (!found) return fail(errTplNotMember(want));
    const field = rest.slice(dot + 1);
    if (field === 'id') return found.id;
    if (field === 'name') return found.name === '' ? fail(ERR_TPL_NO_VALUE) : found.name;
    if (field.startsWith('metadata.')) {
      const k = field.slice('metadata.'.length);
      return found.metadata && Object.hasOwn(found.metadata, k) ? found.metadata[k]! : fail(ERR_TPL_NO_VALUE);
    }
    return fail(ERR_TPL_NO_VALUE);
  };
  const time = (trimmed: string): string => {
    const ops = trimmed.split('.');
    const parts = [ops[0]!, ops[1], ops.slice(2).join('.')];
    if (parts[0] !== 'now') return fail(`invalid time selector ${JSON.stringify(parts[0])}`);
    let sec = Math.floor(p.nowMs / 1000);
    if (ops.length === 2) return fail('missing time operand');
    if (ops.length >= 3) {
      let d: number;
      try {
        d = goParseDurationSeconds(parts[2]!);
      } catch (e) {
        return fail(`invalid duration: ${(e as Error).message}`);
      }
      if (parts[1] === 'plus') sec += d;
      else if (parts[1] === 'minus') sec -= d;
      else return fail(`invalid time operator ${JSON.stringify(parts[1])}`);
    }
    return String(sec);
  };
  if (input.startsWith('identity.entity.')) {
    if (!p.entity) return fail(ERR_TPL_NO_ENTITY);
    return entity(input.slice('identity.entity.'.length), p.entity);
  }
  if (input.startsWith('identity.groups.')) {
    if (!p.groups || p.groups.length === 0) return fail(ERR_TPL_NO_GROUPS);
    return groups(input.slice('identity.groups.'.length), p.groups);
  }
  if (input.startsWith('time.')) return time(input.slice('time.'.length));
  return fail(ERR_TPL_NO_VALUE);
}

/** PopulateString: renders every `{{ … }}`; throws TemplateError. */
export function populateString(s: string, p: TemplateInput, mode: 'acl' | 'json'): string {
  if (s === '') return '';
  const pieces = s.split('{{');
  if (pieces[0]!.includes('}}')) fail(ERR_TPL_UNBALANCED);
  if (pieces.length === 1) return s;
  const handle = mode === 'acl' ? aclHandler : jsonHandler;
  let out = pieces[0]!;
  for (const piece of pieces.slice(1)) {
    const split = piece.split('}}');
    if (split.length !== 2) fail(ERR_TPL_UNBALANCED);
    out += performTemplating(split[0]!.trim(), p, handle, mode === 'acl') + split[1]!;
  }
  return out;
}

/** A templated rule rendered as policy.go parsePaths would re-parse it; undefined = dropped. */
function renderRule(rule: PathRule, input: TemplateInput): PathRule | undefined {
  const original = rule.isPrefix ? `${rule.path}*` : rule.path;
  let rendered: string;
  try {
    rendered = populateString(original, input, 'acl');
  } catch (e) {
    if (e instanceof TemplateError) return undefined;
    throw e;
  }
  let path = rendered.startsWith('/') ? rendered.slice(1) : rendered;
  if (path.includes('+*')) return undefined;
  const hasSegmentWildcards = path === '+' || path.includes('/+') || path.startsWith('+/');
  let isPrefix = false;
  if (path.endsWith('*') && !hasSegmentWildcards) {
    path = path.slice(0, -1);
    isPrefix = true;
  }
  return { path, isPrefix, hasSegmentWildcards, permissions: rule.permissions };
}

/** The policies with every templated path rendered for `input` (unrenderable paths dropped). */
export function renderPolicies(policies: readonly (Policy | undefined)[], input: TemplateInput): (Policy | undefined)[] {
  return policies.map((p) => {
    if (!p || !p.templated) return p;
    const paths: PathRule[] = [];
    for (const rule of p.paths) {
      if (!rule.path.includes('{{')) paths.push(rule);
      else {
        const r = renderRule(rule, input);
        if (r) paths.push(r);
      }
    }
    return { ...p, paths };
  });
}
