// Help texts: hashicorp/vault sdk/framework/path.go pathHelpTemplate and backend.go rootHelpTemplate through
// template.go executeTemplate (indent, TrimSpace), and the help body helpResponse routes to.
import { describe, expect, it } from 'vitest';
import { ERR_UNSUPPORTED_PATH } from '../../src/errors/core.js';
import { goStringCompare, goTrimSpace } from '../../src/go/strings.js';
import { pathHelpText, rootHelpText } from '../../src/framework/help.js';
import { helpResponse } from '../../src/framework/help-response.js';
import type { BackendSpec, PathSpec } from '../../src/framework/types.js';

const noop = async () => null;
const USER_PATTERN = 'users/(?P<username>\\w(([\\w-.]+)?\\w)?)$';

// The userpass users/<name> path, reduced to two fields.
const usersPath: PathSpec = {
  pattern: USER_PATTERN,
  fields: {
    password: { type: 'string', description: 'Password for this user.' },
    bound_cidrs: { type: 'comma_string_slice', description: 'Use "token_bound_cidrs" instead.', deprecated: true },
  },
  operations: { read: noop, update: noop },
  helpSynopsis: 'Manage users allowed to authenticate.',
  helpDescription: `
This endpoint allows you to create, read, update, and delete users
that are allowed to authenticate.
`,
};

describe('pathHelpText', () => {
  it('renders the help of userpass users/:username exactly as Vault does', () => {
    expect(pathHelpText(usersPath, 'users/alice', '^users/(?P<username>\\w(([\\w-.]+)?\\w)?)$')).toBe(
      [
        'Request:        users/alice',
        'Matching Route: ^users/(?P<username>\\w(([\\w-.]+)?\\w)?)$',
        '',
        'Manage users allowed to authenticate.',
        '',
        '## PARAMETERS',
        '',
        '    bound_cidrs (slice)',
        '',
        '        (DEPRECATED) Use "token_bound_cidrs" instead.',
        '',
        '    password (string)',
        '',
        '        Password for this user.',
        '',
        '## DESCRIPTION',
        '',
        'This endpoint allows you to create, read, update, and delete users',
        'that are allowed to authenticate.',
      ].join('\n'),
    );
  });

  it('without fields: no PARAMETERS section, two blank lines before DESCRIPTION; placeholders for empty texts', () => {
    const p: PathSpec = { pattern: 'x', operations: {} };
    expect(pathHelpText(p, 'x', '^x$')).toBe('Request:        x\nMatching Route: ^x$\n\n<no synopsis>\n\n\n## DESCRIPTION\n\n<no description>');
  });

  it('indents every line of a multi-line description, blank lines included, and drops a \\r before a line end', () => {
    const p: PathSpec = {
      pattern: 'x',
      operations: {},
      helpSynopsis: '  syn  ',
      fields: { a: { type: 'int', description: 'line one\r\n\nline three' }, b: { type: 'bool', description: '   ', deprecated: true } },
    };
    expect(pathHelpText(p, 'x', '^x$')).toBe(
      'Request:        x\nMatching Route: ^x$\n\nsyn\n\n## PARAMETERS\n\n    a (int)\n\n        line one\n        \n        line three\n\n' +
        '    b (bool)\n\n        (DEPRECATED) <no description>\n\n## DESCRIPTION\n\n<no description>',
    );
  });

  it('sorts fields byte-wise (upper case before lower case) and names types as field_type.go String() does', () => {
    const p: PathSpec = {
      pattern: 'x',
      operations: {},
      fields: { b: { type: 'kvpairs' }, B: { type: 'signed_duration_second' }, a: { type: 'name_string' }, c: { type: 'comma_int_slice' }, d: { type: 'lowercase_string' } },
    };
    const lines = pathHelpText(p, 'x', '^x$').split('\n').filter((l) => /^ {4}\S/.test(l));
    expect(lines).toEqual(['    B (duration (sec))', '    a (name string)', '    b (keypair)', '    c (slice)', '    d (lowercase string)']);
  });
});

describe('rootHelpText', () => {
  const backend: BackendSpec = {
    help: '\nThe "userpass" credential provider allows authentication using\na combination of a username and password.\n',
    backendType: 'credential',
    paths: [
      { pattern: 'users/?$', operations: { list: noop }, helpSynopsis: 'Manage users allowed to authenticate.' },
      usersPath,
      { pattern: 'login/' + '(?P<username>.+)', operations: { update: noop }, helpSynopsis: 'Log in with a username and password.' },
      { pattern: 'Zed', operations: {} },
    ],
  };

  it('lists the anchored regexes sorted as strings, regex indented 4 and synopsis 8', () => {
    expect(rootHelpText(backend)).toBe(
      [
        '## DESCRIPTION',
        '',
        'The "userpass" credential provider allows authentication using',
        'a combination of a username and password.',
        '',
        '## PATHS',
        '',
        'The following paths are supported by this backend. To view help for',
        'any of the paths below, use the help command with any route matching',
        'the path pattern. Note that depending on the policy of your auth token,',
        'you may or may not be able to access certain paths.',
        '',
        '    ^Zed$',
        '',
        '',
        '    ^login/(?P<username>.+)$',
        '        Log in with a username and password.',
        '',
        '    ^users/(?P<username>\\w(([\\w-.]+)?\\w)?)$',
        '        Manage users allowed to authenticate.',
        '',
        '    ^users/?$',
        '        Manage users allowed to authenticate.',
      ].join('\n'),
    );
  });

  it('lists a pattern declared twice twice, with the last declaration\'s synopsis', () => {
    const dup: BackendSpec = { help: 'h', backendType: 'logical', paths: [{ pattern: 'a', operations: {}, helpSynopsis: 'first' }, { pattern: '^a$', operations: {}, helpSynopsis: 'second' }] };
    expect(rootHelpText(dup).endsWith('    ^a$\n        second\n\n    ^a$\n        second')).toBe(true);
  });
});

describe('helpResponse', () => {
  const backend: BackendSpec = {
    help: 'Root help.',
    backendType: 'credential',
    pathsSpecial: { unauthenticated: ['login/*'] },
    paths: [{ pattern: 'users/?$', operations: { list: noop }, helpSynopsis: 'List users.' }, usersPath, { pattern: 'users/.*', operations: {}, helpSynopsis: 'never reached' }],
  };

  it('answers the mount root with root help and the whole backend\'s OpenAPI', () => {
    const body = helpResponse(backend, '', '1.18.1');
    if (body === ERR_UNSUPPORTED_PATH) throw new Error('unexpected');
    expect(Object.keys(body)).toEqual(['help', 'openapi', 'see_also']);
    expect(body.help).toBe(rootHelpText(backend));
    expect(body.see_also).toBeNull();
    expect(Object.keys(body.openapi.paths)).toEqual(['/^users/.*$', '/users/', '/users/{username}']);
  });

  it('routes to the first matching path and documents only that path', () => {
    const body = helpResponse(backend, 'users/alice', '1.18.1');
    if (body === ERR_UNSUPPORTED_PATH) throw new Error('unexpected');
    expect(body.help).toBe(pathHelpText(usersPath, 'users/alice', '^' + USER_PATTERN));
    expect(Object.keys(body.openapi.paths)).toEqual(['/users/{username}']);
    expect(body.openapi.info.version).toBe('1.18.1');
    // "users/" (a list request's path) takes the list route; "users/-x" falls through to the catch-all.
    const list = helpResponse(backend, 'users/', '1.18.1');
    expect(list !== ERR_UNSUPPORTED_PATH && list.help.startsWith('Request:        users/\nMatching Route: ^users/?$')).toBe(true);
    const other = helpResponse(backend, 'users/-x', '1.18.1');
    expect(other !== ERR_UNSUPPORTED_PATH && other.help.includes('Matching Route: ^users/.*$')).toBe(true);
  });

  it('answers unsupported path when nothing matches', () => {
    expect(helpResponse(backend, 'nope', '1.18.1')).toBe(ERR_UNSUPPORTED_PATH);
  });

  it('leaves the operations untagged for the sys mount (its backend has no type)', () => {
    const body = helpResponse(backend, 'users/alice', '1.18.1', { mountType: 'system' });
    if (body === ERR_UNSUPPORTED_PATH) throw new Error('unexpected');
    expect(body.openapi.paths['/users/{username}'].get).not.toHaveProperty('tags');
    const auth = helpResponse(backend, 'users/alice', '1.18.1');
    expect(auth !== ERR_UNSUPPORTED_PATH && auth.openapi.paths['/users/{username}'].get?.tags).toEqual(['auth']);
  });
});

describe('Go string helpers', () => {
  it('TrimSpace trims what Go trims (U+0085 yes, U+FEFF no)', () => {
    expect(goTrimSpace('\u0085\t a \u00a0\n')).toBe('a');
    expect(goTrimSpace('\ufeffa')).toBe('\ufeffa');
  });

  it('sort.Strings order is UTF-8 byte order', () => {
    expect(['\u{1F600}', '\uff5e', 'b', 'B'].sort(goStringCompare)).toEqual(['B', 'b', '\uff5e', '\u{1F600}']);
  });
});
