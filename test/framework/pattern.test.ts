// Path patterns: anchoring as hashicorp/vault sdk/framework/backend.go init does, Go RE2 → JS
// translation (named groups, Go's `.` and `\s`, classes), and the syntax tree openapi.go walks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchoredSource, compilePattern, genericNameRegex, goToJs, parsePattern } from '../../src/framework/pattern.js';

// Go's regexp.QuoteMeta.
const quoteMeta = (s: string): string => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
const GENERIC_NAME = (n: string): string => `(?P<${n}>\\w(([\\w-.]+)?\\w)?)`;

describe('anchoredSource', () => {
  it('prepends ^ and appends $ only when missing', () => {
    expect(anchoredSource('users/?')).toBe('^users/?$');
    expect(anchoredSource('^users/?$')).toBe('^users/?$');
    expect(anchoredSource('^a')).toBe('^a$');
    expect(anchoredSource('a$')).toBe('^a$');
    expect(anchoredSource('.*')).toBe('^.*$');
  });

  it('looks only at the first and last byte, like backend.go (an escaped \\$ counts as an anchor)', () => {
    expect(anchoredSource('cost\\$')).toBe('^cost\\$');
    expect(compilePattern('cost\\$').test('cost$ and more')).toBe(true);
  });

  it('refuses a blank pattern (Go panics: Routing pattern cannot be blank)', () => {
    expect(() => anchoredSource('')).toThrow('Routing pattern cannot be blank');
  });
});

describe('genericNameRegex (sdk/framework/path.go GenericNameRegex)', () => {
  it('names word-bounded names with inner dots and dashes', () => {
    const re = compilePattern(`role/${genericNameRegex('name')}`);
    for (const ok of ['a', 'a.b-c_d', 'R2-D2']) expect(re.exec(`role/${ok}`)?.groups?.name, ok).toBe(ok);
    for (const bad of ['-a', 'a-', '.a', 'a b', '']) expect(re.test(`role/${bad}`), bad).toBe(false);
  });
});

describe('compilePattern', () => {
  it('matches the whole path with GenericNameRegex captures, as named groups', () => {
    const re = compilePattern(`users/${GENERIC_NAME('username')}$`);
    expect(re.exec('users/alice')?.groups).toEqual({ username: 'alice' });
    for (const ok of ['users/a', 'users/a.b-c_d', 'users/A9']) expect(re.test(ok), ok).toBe(true);
    for (const bad of ['users/-a', 'users/a-', 'users/a/b', 'users/', 'xusers/a', 'users/a\n']) expect(re.test(bad), bad).toBe(false);
  });

  it('accepts both (?P<n>…) and (?<n>…) and leaves non-participating groups undefined', () => {
    const re = compilePattern('lookup(/(?P<token>.+))?');
    expect(re.exec('lookup')?.groups).toEqual({ token: undefined });
    expect(re.exec('lookup/abc/def')?.groups).toEqual({ token: 'abc/def' });
    expect(compilePattern('(?<name>x+)').exec('xx')?.groups).toEqual({ name: 'xx' });
  });

  it("uses Go's `.`: any code point but \\n (so \\r and astral characters match once)", () => {
    const re = compilePattern('a.b');
    expect(re.test('a\rb')).toBe(true);
    expect(re.test('a\u2028b')).toBe(true);
    expect(re.test('a\nb')).toBe(false);
    expect(re.test('a\u{1F600}b')).toBe(true);
    expect(compilePattern('(?s)a.b').test('a\nb')).toBe(true);
  });

  it("uses Go's \\s ([\\t\\n\\f\\r ]) inside and outside classes", () => {
    expect(compilePattern('a\\sb').test('a\tb')).toBe(true);
    expect(compilePattern('a\\sb').test('a\vb')).toBe(false);
    expect(compilePattern('a\\sb').test('a\u00a0b')).toBe(false);
    expect(compilePattern('a\\Sb').test('a\u00a0b')).toBe(true);
    expect(compilePattern('[\\s]').test('\u3000')).toBe(false);
    expect(compilePattern('[\\S]').test('\u3000')).toBe(true);
  });

  it('reads Go classes: a leading ] is literal, POSIX names, \\w-. as three items', () => {
    expect(compilePattern('[]a]+').test(']a]')).toBe(true);
    expect(compilePattern('[[:alpha:]]+').test('abcXYZ')).toBe(true);
    expect(compilePattern('[[:alpha:]]+').test('ab1')).toBe(false);
    expect(compilePattern('[\\w-.]+').test('a-b.c_d')).toBe(true);
    expect(compilePattern('[^/]+').test('a/b')).toBe(false);
  });

  it('maps \\A and \\z, octal and hex escapes, \\Q…\\E and a leading (?i)', () => {
    expect(compilePattern('\\Aab\\z').test('ab')).toBe(true);
    expect(compilePattern('\\x41\\x{42}\\101').test('ABA')).toBe(true);
    expect(compilePattern('\\Qa.b\\E').test('a.b')).toBe(true);
    expect(compilePattern('\\Qa.b\\E').test('axb')).toBe(false);
    expect(compilePattern('(?i)abc').test('ABC')).toBe(true);
  });

  it('refuses syntax JS cannot match the same way rather than guessing', () => {
    expect(() => compilePattern('\\pL+')).toThrow();
    expect(() => compilePattern('a(?i:b)')).toThrow();
    expect(() => compilePattern('(?U)a+')).toThrow();
    expect(() => compilePattern('\\1')).toThrow();
  });

  it('is cached per pattern', () => {
    expect(compilePattern('cache/me')).toBe(compilePattern('cache/me'));
  });

  it('property: a quoted literal matches exactly itself — the compiled pattern is anchored at both ends', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1 }), (s, t) => {
        fc.pre(!s.endsWith('$')); // `\$` ends in a `$` byte, so backend.go leaves it unanchored (tested above)
        const re = compilePattern(quoteMeta(s));
        expect(re.test(s)).toBe(true);
        if (t + s !== s) expect(re.test(t + s)).toBe(false);
        if (s + t !== s) expect(re.test(s + t)).toBe(false);
      }),
    );
  });

  it('property: any pattern built from Vault-style pieces only ever matches whole strings', () => {
    const piece = fc.constantFrom('users/', 'a', '.*', '.+', GENERIC_NAME('n'), '(/(?P<o>.+))?', '/?', '(x|yz)', '[\\w-.]+');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 5 }), fc.string({ maxLength: 12 }), (pieces, input) => {
        const names = new Set<string>();
        const pattern = pieces.map((p, i) => p.replace(/\?P<(\w+)>/, (_m, n: string) => (names.add(n + i), `?P<${n}${i}>`))).join('');
        const re = compilePattern(pattern);
        const m = re.exec(input);
        if (m !== null) expect(m[0]).toBe(input);
        expect(goToJs(anchoredSource(pattern)).source.startsWith('^')).toBe(true);
      }),
    );
  });
});

describe('parsePattern (regexp/syntax.Parse with Perl flags, as openapi.go sees it)', () => {
  it('merges adjacent literals and applies ? to the last character only', () => {
    expect(parsePattern('^users/?$')).toEqual({
      op: 'concat',
      subs: [{ op: 'zeroWidth' }, { op: 'literal', text: 'users' }, { op: 'quest', sub: { op: 'literal', text: '/' } }, { op: 'zeroWidth' }],
    });
  });

  it('keeps a named group whole and an unnamed one as a capture with no name', () => {
    expect(parsePattern('(/(?P<x>.+))?')).toEqual({
      op: 'quest',
      sub: { op: 'capture', name: '', sub: { op: 'concat', subs: [{ op: 'literal', text: '/' }, { op: 'capture', name: 'x', sub: { op: 'repeat' } }] } },
    });
  });

  it('factors common literal prefixes out of alternations and turns one-character runs into a class', () => {
    expect(parsePattern('der|delta')).toEqual({
      op: 'concat',
      subs: [{ op: 'literal', text: 'de' }, { op: 'alternate', subs: [{ op: 'literal', text: 'r' }, { op: 'literal', text: 'lta' }] }],
    });
    expect(parsePattern('a|b')).toEqual({ op: 'charClass' });
    expect(parsePattern('ab|ac')).toEqual({ op: 'concat', subs: [{ op: 'literal', text: 'a' }, { op: 'charClass' }] });
    expect(parsePattern('a|ab')).toEqual({
      op: 'concat',
      subs: [{ op: 'literal', text: 'a' }, { op: 'alternate', subs: [{ op: 'empty' }, { op: 'literal', text: 'b' }] }],
    });
  });

  it('treats a non-capturing group as its contents', () => {
    expect(parsePattern('(?:/)?')).toEqual({ op: 'quest', sub: { op: 'literal', text: '/' } });
  });
});
