import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  FlagError, formatFlags, parseFlags, trailingFlagWarning, type FlagAssignment, type FlagDef, type FlagGroup,
} from '../../src/cli/flags.js';

const GROUPS: FlagGroup[] = [{
  title: 'Test Options',
  flags: [
    { name: 'address', kind: 'string', env: 'VAULT_ADDR', default: 'http://127.0.0.1:8200', usage: '' },
    { name: 'key-shares', aliases: ['n'], kind: 'int', usage: '' },
    { name: 'cas', kind: 'int', default: '-1', usage: '' },
    { name: 'orphan', kind: 'bool', usage: '' },
    { name: 'renewable', kind: 'bool', default: 'true', usage: '' },
    { name: 'cas-required', kind: 'optbool', usage: '' },
    { name: 'ttl', kind: 'duration', usage: '' },
    { name: 'policy', kind: 'strings', usage: '' },
    { name: 'metadata', kind: 'map', usage: '' },
  ],
}];

const parse = (argv: string[], env: Record<string, string> = {}) => parseFlags(GROUPS, argv, env);
const errorOf = (argv: string[]): string => {
  try {
    parse(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(FlagError);
    return (e as Error).message;
  }
  throw new Error('expected a FlagError');
};

describe('flag spellings', () => {
  it('accepts one or two dashes, with = or a following value', () => {
    for (const argv of [['-key-shares=5'], ['--key-shares=5'], ['-key-shares', '5'], ['--key-shares', '5'], ['-n', '5']]) {
      expect(parse(argv).int('key-shares')).toBe(5);
    }
  });

  it('sets a boolean by its bare name and parses -name=false', () => {
    expect(parse(['-orphan']).bool('orphan')).toBe(true);
    expect(parse(['-renewable=false']).bool('renewable')).toBe(false);
    expect(parse([]).bool('renewable')).toBe(true);
    for (const word of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(parse([`-orphan=${word}`]).bool('orphan')).toBe(true);
  });

  it('takes "-name false" as true followed by the positional "false", as Go does', () => {
    const p = parse(['-orphan', 'false']);
    expect(p.bool('orphan')).toBe(true);
    expect(p.args).toEqual(['false']);
  });

  it('leaves a tri-state boolean unset until given', () => {
    expect(parse([]).optBool('cas-required')).toBeUndefined();
    expect(parse(['-cas-required']).optBool('cas-required')).toBe(true);
    expect(parse(['-cas-required=false']).optBool('cas-required')).toBe(false);
  });

  it('appends repeated list flags, one element per use, trimmed and not split on commas', () => {
    expect(parse(['-policy=a', '-policy', ' b ', '-policy=c,d']).list('policy')).toEqual(['a', 'b', 'c,d']);
  });

  it('splits map flags at the first =', () => {
    expect(parse(['-metadata=a=1', '-metadata=b=x=y']).map('metadata')).toEqual({ a: '1', b: 'x=y' });
  });

  it('reads durations as seconds, with days and the literal system', () => {
    expect(parse(['-ttl=24h']).seconds('ttl')).toBe(86400);
    expect(parse(['-ttl=90']).seconds('ttl')).toBe(90);
    expect(parse(['-ttl=2d']).seconds('ttl')).toBe(172800);
    expect(parse(['-ttl=1h30m']).seconds('ttl')).toBe(5400);
    expect(parse(['-ttl=system']).seconds('ttl')).toBe(-1);
  });

  it('takes defaults from the environment variable, and an explicit flag wins', () => {
    expect(parse([], { VAULT_ADDR: 'http://env:1' }).str('address')).toBe('http://env:1');
    expect(parse(['-address=http://flag:2'], { VAULT_ADDR: 'http://env:1' }).str('address')).toBe('http://flag:2');
    expect(parse([]).str('address')).toBe('http://127.0.0.1:8200');
    expect(parse([]).int('cas')).toBe(-1);
  });

  it('records which flags were given explicitly', () => {
    const p = parse(['-cas=-1']);
    expect(p.isSet('cas')).toBe(true);
    expect(p.isSet('key-shares')).toBe(false);
  });
});

describe('where flag parsing stops', () => {
  it('stops at the first positional argument', () => {
    const p = parse(['-orphan', 'kgc/x', '-key-shares=5']);
    expect(p.args).toEqual(['kgc/x', '-key-shares=5']);
    expect(p.int('key-shares')).toBe(0);
  });

  it('stops at a lone - and keeps it as a positional', () => {
    expect(parse(['-orphan', '-', 'x']).args).toEqual(['-', 'x']);
  });

  it('consumes -- and treats everything after it as positional', () => {
    expect(parse(['-orphan', '--', '-key-shares=5']).args).toEqual(['-key-shares=5']);
  });

  it('takes a value that looks like a flag when a non-boolean needs one', () => {
    expect(parse(['-address', '-orphan']).str('address')).toBe('-orphan');
  });
});

describe('flag errors in Go flag package words', () => {
  it('names an unknown flag', () => {
    expect(errorOf(['-no-such-flag'])).toBe('flag provided but not defined: -no-such-flag');
    expect(errorOf(['--token=x'])).toBe('flag provided but not defined: -token');
  });

  it('says a flag needs an argument', () => {
    expect(errorOf(['-key-shares'])).toBe('flag needs an argument: -key-shares');
  });

  it('rejects a non-decimal integer with strconv text', () => {
    expect(errorOf(['-key-shares=abc'])).toBe('invalid value "abc" for flag -key-shares: strconv.ParseInt: parsing "abc": invalid syntax');
    expect(errorOf(['-key-shares=0x10'])).toBe('invalid value "0x10" for flag -key-shares: strconv.ParseInt: parsing "0x10": invalid syntax');
    expect(errorOf(['-key-shares=99999999999999999999'])).toContain('value out of range');
  });

  it('rejects a bad boolean and a bad duration', () => {
    expect(errorOf(['-renewable=maybe'])).toBe('invalid boolean value "maybe" for -renewable: strconv.ParseBool: parsing "maybe": invalid syntax');
    expect(errorOf(['-ttl=abc'])).toBe('invalid value "abc" for flag -ttl: time: invalid duration "abc"');
  });

  it('rejects malformed flag syntax and a map value without =', () => {
    expect(errorOf(['---x'])).toBe('bad flag syntax: ---x');
    expect(errorOf(['-=x'])).toBe('bad flag syntax: -=x');
    expect(errorOf(['-metadata=novalue'])).toBe('invalid value "novalue" for flag -metadata: missing = in KV pair: "novalue"');
  });
});

describe('trailing flag warnings', () => {
  it('lists flag-looking arguments after the positionals, except the global ones and a lone -', () => {
    expect(trailingFlagWarning(['kgc/x', '-cas=1', '-', '-format=json', '--detailed', '-y'])).toBe(
      'Command flags must be provided before positional arguments. The following arguments will not be parsed as flags: [-cas=1,-y]');
    expect(trailingFlagWarning(['kgc/x', 'a=b'])).toBeUndefined();
  });
});

// parse(format(assignments)) gives back what was formatted, for every kind of flag.
const DEFS: FlagDef[] = GROUPS[0]!.flags;
const word = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && !s.includes('\n'));
const assignment: fc.Arbitrary<FlagAssignment> = fc.oneof(
  word.map((v) => ({ name: 'address', value: v })),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((v) => ({ name: 'key-shares', value: String(v) })),
  fc.boolean().map((v) => ({ name: 'orphan', value: v })),
  fc.boolean().map((v) => ({ name: 'cas-required', value: v })),
  fc.integer({ min: 0, max: 10_000_000 }).map((v) => ({ name: 'ttl', value: `${v}s` })),
  fc.array(word, { minLength: 1, maxLength: 3 }).map((v) => ({ name: 'policy', value: v })),
  fc.dictionary(word.filter((k) => !k.includes('=')), word, { minKeys: 1, maxKeys: 3 }).map((v) => ({ name: 'metadata', value: v })),
);

describe('format/parse round trip', () => {
  it('parses back every value formatFlags wrote, positionals untouched', () => {
    fc.assert(fc.property(fc.uniqueArray(assignment, { selector: (a) => a.name, maxLength: 7 }), fc.array(word.filter((w) => !w.startsWith('-')), { maxLength: 3 }),
      (assignments, positionals) => {
        const p = parseFlags(GROUPS, [...formatFlags(assignments), ...positionals]);
        expect(p.args).toEqual(positionals);
        for (const a of assignments) {
          const def = DEFS.find((d) => d.name === a.name)!;
          expect(p.isSet(a.name)).toBe(true);
          if (def.kind === 'int') expect(p.int(a.name)).toBe(Number(a.value));
          else if (def.kind === 'duration') expect(p.seconds(a.name)).toBe(parseInt(String(a.value), 10));
          else if (def.kind === 'strings') expect(p.list(a.name)).toEqual(a.value);
          else if (def.kind === 'map') expect(p.map(a.name)).toEqual(a.value);
          else if (def.kind === 'bool') expect(p.bool(a.name)).toBe(a.value);
          else if (def.kind === 'optbool') expect(p.optBool(a.name)).toBe(a.value);
          else expect(p.str(a.name)).toBe(a.value);
        }
      }), { numRuns: 300 });
  });

  it('never throws anything but FlagError on arbitrary argv', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('-', '--', '-n', '-orphan=x', '---', '-ttl')), { maxLength: 6 }), (argv) => {
      try {
        parse(argv);
      } catch (e) {
        expect(e).toBeInstanceOf(FlagError);
      }
    }), { numRuns: 500 });
  });
});
