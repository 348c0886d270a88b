// Go's HTML-safe JSON escaping: the text still parses to the same value and carries none of the
// characters Go escapes; text without them is returned as is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goEscapeJson } from '../../src/go/json.js';

describe('goEscapeJson', () => {
  it('keeps the value and leaves no <, >, &, U+2028 or U+2029 in the text', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '<', '>', '&', '\u2028', '\u2029', '"', '\\', 'é') });
    fc.assert(fc.property(fc.array(text), (strings) => {
      const escaped = goEscapeJson(JSON.stringify(strings));
      expect(JSON.parse(escaped)).toEqual(strings);
      expect(/[<>&\u2028\u2029]/.test(escaped)).toBe(false);
    }));
    expect(goEscapeJson('{"a":"<b>&"}')).toBe('{"a":"\\u003cb\\u003e\\u0026"}');
    const plain = '{"a":"b"}';
    expect(goEscapeJson(plain)).toBe(plain);
  });
});
