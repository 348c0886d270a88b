import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAP, DEFAULT_POLICY, parseHcl, parsePolicy } from '../../src/auth/index.js';
import { VaultError } from '../../src/errors/vault-error.js';
import { fixture } from './helpers.js';

function parseError(text: string): string {
  try {
    parsePolicy(text);
  } catch (e) {
    expect(e).toBeInstanceOf(VaultError);
    expect((e as VaultError).status).toBe(400);
    return (e as VaultError).message;
  }
  throw new Error(`expected a parse error for ${JSON.stringify(text)}`);
}

describe('policy syntax (HCL)', () => {
  it('reads a path block with capabilities into a bitmap', () => {
    const p = parsePolicy('path "secret/data/app" {\n  capabilities = ["read", "list"]\n}\n');
    expect(p.paths).toHaveLength(1);
    expect(p.paths[0]!.path).toBe('secret/data/app');
    expect(p.paths[0]!.isPrefix).toBe(false);
    expect(p.paths[0]!.permissions.capabilities).toBe(CAP.read | CAP.list);
  });

  it('accepts #, // and /* */ comments anywhere between tokens', () => {
    const p = parsePolicy('# one\n// two\npath /* inline */ "a" { /* x */ capabilities = ["read"] // tail\n}');
    expect(p.paths[0]!.permissions.capabilities).toBe(CAP.read);
  });

  it('strips a trailing * into a prefix rule and keeps it on + rules', () => {
    const [glob, seg, segGlob] = parsePolicy('path "a/b*" {}\npath "a/+/c" {}\npath "a/+/c*" {}').paths;
    expect(glob).toMatchObject({ path: 'a/b', isPrefix: true, hasSegmentWildcards: false });
    expect(seg).toMatchObject({ path: 'a/+/c', isPrefix: false, hasSegmentWildcards: true });
    expect(segGlob).toMatchObject({ path: 'a/+/c*', isPrefix: false, hasSegmentWildcards: true });
  });

  it('removes one leading slash from a path', () => {
    expect(parsePolicy('path "/secret/x" { capabilities = ["read"] }').paths[0]!.path).toBe('secret/x');
  });

  it('maps the deprecated policy = "..." form onto capabilities', () => {
    const caps = (word: string) => parsePolicy(`path "a" { policy = "${word}" }`).paths[0]!.permissions.capabilities;
    expect(caps('deny')).toBe(CAP.deny);
    expect(caps('read')).toBe(CAP.read | CAP.list);
    expect(caps('write')).toBe(CAP.create | CAP.read | CAP.update | CAP.delete | CAP.list);
    expect(caps('sudo')).toBe(CAP.create | CAP.read | CAP.update | CAP.delete | CAP.list | CAP.sudo);
  });

  it('keeps only deny when deny is among the capabilities', () => {
    const p = parsePolicy('path "a" { capabilities = ["read", "deny", "update"] }');
    expect(p.paths[0]!.permissions.capabilities).toBe(CAP.deny);
  });

  it('reads parameter constraints and wrapping TTLs', () => {
    const p = parsePolicy(`path "a" {
      capabilities = ["update"]
      allowed_parameters = { "Name" = ["x*", "y"], "*" = [] }
      denied_parameters = { "secret" = [] }
      required_parameters = ["name"]
      min_wrapping_ttl = "1m"
      max_wrapping_ttl = 3600
    }`);
    const perms = p.paths[0]!.permissions;
    expect([...perms.allowedParameters!.entries()]).toEqual([['name', ['x*', 'y']], ['*', []]]);
    expect([...perms.deniedParameters!.keys()]).toEqual(['secret']);
    expect(perms.requiredParameters).toEqual(['name']);
    expect([perms.minWrappingTtl, perms.maxWrappingTtl]).toEqual([60, 3600]);
  });

  it('parses the default policy Vault ships', () => {
    const p = parsePolicy(DEFAULT_POLICY);
    expect(p.paths.map((r) => r.path)).toContain('auth/token/lookup-self');
    expect(p.templated).toBe(true);
    expect(DEFAULT_POLICY.startsWith('\n# Allow tokens to look up their own properties\n')).toBe(true);
  });

  it('parses both seed fixtures', () => {
    expect(parsePolicy(fixture('kgc-read.hcl')).paths).toHaveLength(3);
    expect(parsePolicy(fixture('kgc-rotate.hcl')).paths).toHaveLength(4);
  });
});

describe('policy syntax (JSON)', () => {
  it('reads the JSON form into the same rules as HCL', () => {
    const json = parsePolicy('{"path": {"secret/*": {"capabilities": ["read"]}, "a/b": {"policy": "write"}}}');
    const hcl = parsePolicy('path "secret/*" { capabilities = ["read"] }\npath "a/b" { policy = "write" }');
    expect(json.paths).toEqual(hcl.paths);
  });

  it('accepts node-vault\'s example policy', () => {
    const p = parsePolicy('{"path":{"secret/*":{"policy":"write"}}}');
    expect(p.paths[0]).toMatchObject({ path: 'secret/', isPrefix: true });
  });

  it('reads a list of path objects as several rules', () => {
    const p = parsePolicy('{"path": [{"a": {"capabilities": ["read"]}}, {"b": {"capabilities": ["list"]}}]}');
    expect(p.paths.map((r) => r.path)).toEqual(['a', 'b']);
  });
});

describe('policy errors', () => {
  it('names an invalid capability with its path', () => {
    expect(parseError('path "secret/foo" { capabilities = ["write"] }')).toBe('failed to parse policy: path "secret/foo": invalid capability "write"');
  });

  it('names an unknown top-level key and its line, in go-multierror form', () => {
    expect(parseError('\n\nfoo = "bar"')).toBe('failed to parse policy: 1 error occurred:\n\t* invalid key "foo" on line 3\n\n');
  });

  it('names an unknown key inside a path block', () => {
    expect(parseError('path "a" {\n  capabilities = ["read"]\n  colour = "red"\n}')).toBe(
      'failed to parse policy: 1 error occurred:\n\t* path "a": invalid key "colour" on line 3\n\n',
    );
  });

  it('refuses +* anywhere in a path', () => {
    expect(parseError('path "a/+*" { capabilities = ["read"] }')).toBe(
      "failed to parse policy: path \"a/+*\": invalid use of wildcards ('+*' is forbidden)",
    );
  });

  it('refuses an unknown legacy policy word', () => {
    expect(parseError('path "a" { policy = "admin" }')).toBe('failed to parse policy: path "a": invalid policy "admin"');
  });

  it('does not mistake built-in object keys for capabilities or legacy words', () => {
    expect(parseError('path "a" { policy = "constructor" }')).toBe('failed to parse policy: path "a": invalid policy "constructor"');
    expect(parseError('path "a" { capabilities = ["toString"] }')).toBe('failed to parse policy: path "a": invalid capability "toString"');
  });

  it('refuses max_wrapping_ttl below min_wrapping_ttl', () => {
    expect(parseError('path "a" { capabilities=["read"]\n min_wrapping_ttl = "1h"\n max_wrapping_ttl = "1m" }')).toBe(
      'failed to parse policy: max_wrapping_ttl cannot be less than min_wrapping_ttl',
    );
  });

  it('says where a list is left open and what it expected', () => {
    expect(parseError('path "a" {\n  capabilities = ["read"\n}')).toBe(
      'failed to parse policy: At 3:1: error parsing list, expected comma or list end, got: RBRACE',
    );
  });

  it('says where a block is left unclosed', () => {
    expect(parseError('path "a" {\n  capabilities = ["read"]\n')).toBe('failed to parse policy: At 3:1: object expected closing RBRACE got: EOF');
  });

  it('says which key lacks a value or block', () => {
    expect(parseError('path "a"\n')).toBe('failed to parse policy: At 2:1: key \'path "a"\' expected start of object (\'{\') or assignment (\'=\')');
  });

  it('reports unterminated strings and comments at their start', () => {
    expect(parseError('path "a {')).toBe('failed to parse policy: At 1:6: literal not terminated');
    expect(parseError('path "a" {}\n/* open')).toBe('failed to parse policy: At 2:1: comment not terminated');
  });

  it('reports a wrongly typed field with its position', () => {
    expect(parseError('path "a" {\n  capabilities = "read"\n}')).toBe(
      'failed to parse policy: path "a": At 2:18: capabilities: unknown type for slice *ast.LiteralType',
    );
  });

  it('reports JSON syntax errors with their position', () => {
    expect(parseError('{"path": {"a": {"capabilities": ["read"]}}')).toBe('failed to parse policy: At 1:43: object expected closing RBRACE got: EOF');
    expect(parseError('{"path" {}}')).toBe('failed to parse policy: At 1:9: expected: COLON got: LBRACE');
  });

  it('refuses documents over the size limit and nesting over the depth limit', () => {
    expect(parseError('#'.repeat((1 << 20) + 1))).toBe('failed to parse policy: At 1:1: policy document is larger than the limit of 1048576 bytes');
    expect(parseError(`a = ${'['.repeat(100)}`)).toMatch(/^failed to parse policy: At 1:\d+: nesting deeper than the limit of 32 levels$/);
    expect(parseError('{"a":'.repeat(200_000))).toMatch(/nesting deeper than the limit of 32 levels$/);
  });
});

describe('parser robustness', () => {
  const isParseError = (e: unknown) => e instanceof VaultError && e.status === 400 && e.message.startsWith('failed to parse policy: ');

  it('either parses or throws a parse error on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (text) => {
        try {
          parsePolicy(text);
        } catch (e) {
          if (!isParseError(e)) throw e;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('either parses or throws a parse error on arbitrary token soup', () => {
    const token = fc.constantFrom('path', '"a/*"', '"x"', '{', '}', '[', ']', '=', ',', ':', 'capabilities', '"read"', '"deny"',
      'policy', '"write"', '1', '1.5', 'true', 'null', '#c\n', '/*c*/', '\n', ' ', '"+*"', 'allowed_parameters', 'name');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        try {
          parsePolicy(tokens.join(' '));
        } catch (e) {
          if (!isParseError(e)) throw e;
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('parses what it prints: generated policies round-trip through HCL and JSON alike', () => {
    const segment = fc.constantFrom('a', 'b', 'kgc', 'data', '+');
    const rule = fc.record({
      path: fc.array(segment, { minLength: 1, maxLength: 4 }).chain((s) => fc.constantFrom(s.join('/'), `${s.join('/')}*`)),
      caps: fc.subarray(['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo']),
    }).filter((r) => !r.path.includes('+*'));
    fc.assert(
      fc.property(fc.uniqueArray(rule, { selector: (r) => r.path, minLength: 1, maxLength: 6 }), (rules) => {
        const hcl = rules.map((r) => `path "${r.path}" {\n  capabilities = ${JSON.stringify(r.caps)}\n}`).join('\n');
        const json = JSON.stringify({ path: Object.fromEntries(rules.map((r) => [r.path, { capabilities: r.caps }])) });
        expect(parsePolicy(json).paths).toEqual(parsePolicy(hcl).paths);
      }),
      { numRuns: 300 },
    );
  });

  it('exposes the syntax tree with positions', () => {
    const doc = parseHcl('path "a" {\n  capabilities = ["read"]\n}');
    expect(doc.json).toBe(false);
    expect(doc.items[0]!.keys.map((k) => k.name)).toEqual(['path', 'a']);
    expect(doc.items[0]!.value.kind).toBe('object');
  });
});
