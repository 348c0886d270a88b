import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  columnize, goQuotedList, headerForMap, humanDuration, keyValueTable, padEqualSigns, rfc822Utc, wrapText,
} from '../../src/cli/format.js';
import { goValue } from '../../src/go/fmt.js';
import { GoStruct, goJsonIndent } from '../../src/go/json.js';
import { parseSecret, secretStruct } from '../../src/cli/json.js';
import { parseDurationSecond as parseDuration } from '../../src/go/parseutil.js';

describe('columnize and tables', () => {
  it('lays out a Key/Value table with dashes under the header and four spaces of glue', () => {
    expect(keyValueTable([['Seal Type', 'shamir'], ['Unseal Progress', '1/3'], ['Unseal Nonce', '']])).toBe([
      'Key                Value',
      '---                -----',
      'Seal Type          shamir',
      'Unseal Progress    1/3',
      'Unseal Nonce       n/a',
    ].join('\n'));
  });

  it('trims cells, writes n/a for empty ones and never pads the last column', () => {
    const out = columnize([['a', '  x  '], ['bbb', '']]);
    expect(out).toBe('a      x\nbbb    n/a');
    for (const line of out.split('\n')) expect(line).toBe(line.trimEnd());
  });

  it('aligns every column start across rows', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,12}$/), fc.stringMatching(/^[a-z0-9]{1,10}$/)), { minLength: 1, maxLength: 8 }), (rows) => {
      const lines = keyValueTable(rows).split('\n');
      const starts = new Set(lines.map((l) => l.search(/ {4}\S/)));
      const width = Math.max(3, ...rows.map(([k]) => k.length));
      expect(lines.every((l) => l.slice(width, width + 4) === '    ')).toBe(true);
      expect(starts.size).toBe(1);
    }), { numRuns: 200 });
  });
});

describe('cell values as Go %v prints them', () => {
  it('renders scalars, nil, lists and maps', () => {
    expect(goValue('s')).toBe('s');
    expect(goValue(4)).toBe('4');
    expect(goValue(false)).toBe('false');
    expect(goValue(null)).toBe('<nil>');
    expect(goValue(['a', 'b'])).toBe('[a b]');
    expect(goValue([])).toBe('[]');
    expect(goValue({ z: 1, a: 'x' })).toBe('map[a:x z:1]');
    expect(goValue({})).toBe('map[]');
  });

  it('quotes policy lists like %q', () => {
    expect(goQuotedList(['default', 'kgc-read'])).toBe('["default" "kgc-read"]');
    expect(goQuotedList(undefined)).toBe('[]');
    expect(goQuotedList(['a\u007fb', 'é\n'])).toBe('["a\\x7fb" "é\\n"]'); // strconv.Quote, not JSON
  });
});

describe('human durations', () => {
  it('drops the zero minutes and seconds Go would print', () => {
    expect(humanDuration(0)).toBe('0s');
    expect(humanDuration(45)).toBe('45s');
    expect(humanDuration(90)).toBe('1m30s');
    expect(humanDuration(1800)).toBe('30m');
    expect(humanDuration(3600)).toBe('1h');
    expect(humanDuration(86400)).toBe('24h');
    expect(humanDuration(2764800)).toBe('768h');
    expect(humanDuration(3660)).toBe('1h1m');
    expect(humanDuration(3630)).toBe('1h30s');
  });

  it('parses back to the same number of seconds', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 9 }), (s) => {
      const text = humanDuration(s);
      expect(parseDuration(text)).toBe(s);
      expect(text.endsWith('m0s')).toBe(false);
      expect(text.includes('h0m')).toBe(false);
    }), { numRuns: 500 });
  });
});

describe('wrapping at 78 columns with minimum raggedness', () => {
  const INIT_PARAGRAPH = 'Vault initialized with 5 key shares and a key threshold of 3. Please securely distribute '
    + 'the key shares printed above. When the Vault is re-sealed, restarted, or stopped, you must supply at least 3 '
    + 'of these keys to unseal it before it can start servicing requests.';

  it('breaks the init paragraph where Vault does', () => {
    const lines = wrapText(INIT_PARAGRAPH, 78).split('\n');
    expect(lines[0]).toBe('Vault initialized with 5 key shares and a key threshold of 3. Please securely');
    expect(lines[0]!.length).toBe(77);
  });

  it('keeps every word in order, and only a line holding an over-long word exceeds the limit', () => {
    const words = fc.array(fc.stringMatching(/^[a-z]{1,15}$/), { minLength: 1, maxLength: 60 });
    fc.assert(fc.property(words, fc.integer({ min: 10, max: 80 }), (ws, limit) => {
      const out = wrapText(ws.join(' '), limit);
      expect(out.split(/[ \n]/)).toEqual(ws);
      for (const line of out.split('\n')) {
        if (line.length > limit) expect(line.split(' ').some((w) => w.length > limit)).toBe(true);
      }
    }), { numRuns: 300 });
  });
});

describe('section headers', () => {
  it('centres a title in = signs over the path', () => {
    expect(padEqualSigns('Secret Path', 'secret/data/creds'.length)).toBe('== Secret Path ==');
    expect(padEqualSigns('Secret Path', 'kgc/data/api-credentials'.length)).toBe('====== Secret Path ======');
    expect(padEqualSigns('Metadata Path', 'secret/metadata/creds'.length)).toBe('=== Metadata Path ===');
  });

  it('sizes a map header from the longest key', () => {
    expect(headerForMap('Metadata', { custom_metadata: 1, version: 2 })).toBe('======= Metadata =======');
    expect(headerForMap('Data', { api_key: 1, created_at: 2 })).toBe('======= Data =======');
    expect(headerForMap('Data', { password: 1 })).toBe('====== Data ======');
    expect(headerForMap('Metadata', { delete_version_after: 1 })).toBe('========== Metadata ==========');
  });

  it('formats an install time in Go RFC 822 form, UTC', () => {
    expect(rfc822Utc('2026-11-29T10:00:00.123456789Z')).toBe('29 Nov 26 10:00 UTC');
  });
});

describe('JSON as Go MarshalIndent writes it', () => {
  it('sorts map keys, keeps struct order, indents by two and escapes <, > and &', () => {
    expect(goJsonIndent({ b: 1, a: ['<x>', '&'] })).toBe('{\n  "a": [\n    "\\u003cx\\u003e",\n    "\\u0026"\n  ],\n  "b": 1\n}');
    expect(goJsonIndent(new GoStruct([['z', 1], ['a', undefined], ['m', {}]]))).toBe('{\n  "z": 1,\n  "m": {}\n}');
    expect(goJsonIndent([])).toBe('[]');
    expect(goJsonIndent(null)).toBe('null');
  });

  it('prints a response as the api.Secret struct, dropping unknown fields', () => {
    const secret = parseSecret({ request_id: 'r', lease_id: '', renewable: false, lease_duration: 0, data: { k: 'v' },
      wrap_info: null, warnings: null, auth: null, mount_type: 'kv', extra: 1 })!;
    expect(JSON.parse(goJsonIndent(secretStruct(secret)))).toEqual({ request_id: 'r', lease_id: '', lease_duration: 0,
      renewable: false, data: { k: 'v' }, warnings: null, mount_type: 'kv' });
    expect(Object.keys(JSON.parse(goJsonIndent(secretStruct(secret))))).toEqual(['request_id', 'lease_id', 'lease_duration',
      'renewable', 'data', 'warnings', 'mount_type']);
  });

  it('treats a raw non-envelope body as the secret data, and an errors-only body as nothing', () => {
    expect(parseSecret({ term: 1 })?.data).toEqual({ term: 1 });
    expect(parseSecret({ errors: [] })).toBeUndefined();
  });

  it('round-trips any JSON value through goJsonIndent and JSON.parse', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(JSON.parse(goJsonIndent(v))).toEqual(JSON.parse(JSON.stringify(v)));
    }), { numRuns: 300 });
  });
});
