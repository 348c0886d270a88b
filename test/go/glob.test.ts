// ryanuber/go-glob Glob as src/go/glob.ts models it (token roles' *_glob lists, bound claims,
// certificate constraints).
import { describe, expect, it } from 'vitest';
import { goGlob } from '../../src/go/glob.js';

describe('go-glob', () => {
  it('matches * anywhere, like ryanuber/go-glob', () => {
    expect(goGlob('*', 'x')).toBe(true);
    expect(goGlob('a*c', 'abbc')).toBe(true);
    expect(goGlob('a*c', 'abbcd')).toBe(false);
    expect(goGlob('*b*', 'abc')).toBe(true);
    expect(goGlob('ab', 'ab')).toBe(true);
    expect(goGlob('', '')).toBe(true);
    expect(goGlob('a*b*c', 'acbc')).toBe(true);
    expect(goGlob('x*', 'yx')).toBe(false);
  });
});
