// Identity templating (V sdk/helper/identitytpl/templating.go) in both modes: ACL paths render
// plain values and fail on anything missing; JSON templates quote strings, render lists and maps,
// and fall back to empty values for an alias the entity lacks.
import { describe, expect, it } from 'vitest';
import { populateString, TemplateError, type TemplateInput } from '../../src/auth/acl-templating.js';
import { ERR_TPL_NO_ENTITY, ERR_TPL_NO_GROUPS, ERR_TPL_NO_VALUE, ERR_TPL_UNBALANCED, errTplNotMember } from '../../src/errors/identity.js';

const input: TemplateInput = {
  nowMs: Date.UTC(2026, 0, 1),
  entity: {
    id: 'e-1', name: 'bob', metadata: { team: 'eng', empty: '' },
    aliases: [{ mountAccessor: 'auth_userpass_1', id: 'a-1', name: 'bobby', metadata: null, customMetadata: { tier: 'gold' } }],
  },
  groups: [{ id: 'g-1', name: 'devs', metadata: { site: 'ams' } }, { id: 'g-2', name: 'ops', metadata: null }],
};
const fails = (s: string, p: TemplateInput, mode: 'acl' | 'json', msg: string) => expect(() => populateString(s, p, mode)).toThrow(new TemplateError(msg));

describe('identity templating', () => {
  it('renders ACL paths from the entity, its aliases, groups and the clock', () => {
    expect(populateString('secret/{{identity.entity.id}}/{{ identity.entity.name }}', input, 'acl')).toBe('secret/e-1/bob');
    expect(populateString('x/{{identity.entity.metadata.team}}/{{identity.entity.aliases.auth_userpass_1.name}}', input, 'acl')).toBe('x/eng/bobby');
    expect(populateString('{{identity.entity.aliases.auth_userpass_1.custom_metadata.tier}}', input, 'acl')).toBe('gold');
    expect(populateString('{{identity.groups.names.devs.id}}/{{identity.groups.ids.g-2.name}}/{{identity.groups.ids.g-1.metadata.site}}', input, 'acl')).toBe('g-1/ops/ams');
    expect(populateString('{{time.now}}/{{time.now.plus.1h}}', input, 'acl')).toBe(`${Date.UTC(2026, 0, 1) / 1000}/${Date.UTC(2026, 0, 1) / 1000 + 3600}`);
    expect(populateString('{{identity.entity.metadata.empty}}', input, 'acl')).toBe('');
  });

  it('fails in ACL mode on what cannot be rendered, with identitytpl’s messages', () => {
    fails('{{identity.entity.id}}', { nowMs: 0 }, 'acl', ERR_TPL_NO_ENTITY);
    fails('{{identity.groups.names.devs.id}}', { nowMs: 0, entity: input.entity }, 'acl', ERR_TPL_NO_GROUPS);
    fails('{{identity.groups.names.nope.id}}', input, 'acl', errTplNotMember('nope'));
    fails('{{identity.entity.metadata.missing}}', input, 'acl', ERR_TPL_NO_VALUE);
    fails('{{identity.entity.metadata}}', input, 'acl', ERR_TPL_NO_VALUE);
    fails('{{identity.entity.aliases.auth_other.name}}', input, 'acl', 'alias not found');
    fails('a}}b{{identity.entity.id}}', input, 'acl', ERR_TPL_UNBALANCED);
    fails('{{identity.entity.id', input, 'acl', ERR_TPL_UNBALANCED);
    fails('{{bogus}}', input, 'acl', ERR_TPL_NO_VALUE);
  });

  it('renders JSON templates with quoted values, lists, maps and empty aliases', () => {
    const out = populateString(
      '{"n": {{identity.entity.name}}, "g": {{identity.entity.groups.names}}, "m": {{identity.entity.metadata}}, "x": {{identity.entity.aliases.auth_other.name}}, "t": {{time.now}}}',
      input, 'json',
    );
    expect(JSON.parse(out)).toEqual({ n: 'bob', g: ['devs', 'ops'], m: { empty: '', team: 'eng' }, x: '', t: Date.UTC(2026, 0, 1) / 1000 });
    expect(populateString('{{identity.entity.groups.ids}}', { ...input, groups: [] }, 'json')).toBe('null');
  });
});
