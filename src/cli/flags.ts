// The one flag parser every minivault command uses. It follows Go's `flag` package the way Vault's
// CLI drives it (command/base_flags.go over Go flag.FlagSet.Parse): `-name` and `--name`,
// `-name=value`, `-name value` only for non-booleans, booleans set by their bare name, parsing
// stops at the first positional argument, a lone `-`, or after `--`; error texts are Go's.
// Hand-written rather than taken from npm because no package speaks this grammar (commander,
// yargs and minimist all treat single-dash words as letter bundles and keep parsing after
// positionals), and the grammar fits in one small file.
import { GoLibError, goParseBool, goQuote } from '../go/strconv.js';
import { parseDurationSecond as parseDuration } from '../go/parseutil.js';

/** string, int (decimal), bool, optbool (tri-state: unset until given), duration (seconds),
 * strings (repeatable, one element per use) and map (repeatable `k=v`). */
export type FlagKind = 'string' | 'int' | 'bool' | 'optbool' | 'duration' | 'strings' | 'map';

export interface FlagDef {
  name: string;
  aliases?: string[];
  kind: FlagKind;
  /** Default in the form a user would type it (`'5'`, `'true'`); absent means the zero value. */
  default?: string;
  /** Environment variable that supplies the default when set and non-empty. */
  env?: string;
  /** Placeholder shown in help as `-name=<example>`; booleans show none. */
  example?: string;
  usage: string;
  hidden?: boolean;
}

export interface FlagGroup {
  title: string;
  flags: FlagDef[];
}

export type FlagValue = string | number | boolean | string[] | Record<string, string> | undefined;

/** A parse failure; the message is Go's flag error text, printed as is (exit 1). */
export class FlagError extends Error {}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go strconv.ParseBool; a failure is a FlagError with Go's text. */
export function parseGoBool(s: string): boolean {
  try {
    return goParseBool(s);
  } catch (e) {
    if (e instanceof GoLibError) throw new FlagError(e.message);
    throw e;
  }
}

/** Go strconv.ParseInt(s, 10, 64): decimal only, optional sign. */
export function parseGoInt(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new FlagError(`strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax`);
  const big = BigInt(s);
  if (big < INT64_MIN || big > INT64_MAX) {
    throw new FlagError(`strconv.ParseInt: parsing ${goQuote(s)}: value out of range`);
  }
  return Number(big);
}

/** Vault's durationValue.Set: `system` means -1; otherwise parseutil.ParseDurationSecond. */
export function parseFlagDuration(s: string): number {
  if (s === 'system') return -1;
  try {
    return parseDuration(s);
  } catch {
    throw new FlagError(`time: invalid duration ${goQuote(s)}`);
  }
}

function zeroValue(def: FlagDef): FlagValue {
  switch (def.kind) {
    case 'string': return '';
    case 'int': return 0;
    case 'bool': return false;
    case 'optbool': return undefined;
    case 'duration': return 0;
    case 'strings': return [];
    case 'map': return {};
  }
}

/** Applies one textual value to the current one, as each Vault flag Value.Set does. */
function applyValue(def: FlagDef, current: FlagValue, text: string): FlagValue {
  switch (def.kind) {
    case 'string': return text;
    case 'int': return parseGoInt(text);
    case 'bool':
    case 'optbool': return parseGoBool(text);
    case 'duration': return parseFlagDuration(text);
    case 'strings': return [...(current as string[]), text.trim()];
    case 'map': {
      const idx = text.indexOf('=');
      if (idx === -1) throw new FlagError(`missing = in KV pair: ${goQuote(text)}`);
      return { ...(current as Record<string, string>), [text.slice(0, idx)]: text.slice(idx + 1) };
    }
  }
}

const isBoolKind = (def: FlagDef): boolean => def.kind === 'bool' || def.kind === 'optbool';

/** The result of parsing: values by canonical flag name, the names given explicitly, positionals. */
export class ParsedFlags {
  constructor(
    private readonly values: Map<string, FlagValue>,
    readonly explicit: ReadonlySet<string>,
    readonly args: string[],
  ) {}

  isSet(name: string): boolean { return this.explicit.has(name); }
  has(name: string): boolean { return this.values.has(name); }
  raw(name: string): FlagValue { return this.values.get(name); }
  str(name: string): string { return (this.values.get(name) as string | undefined) ?? ''; }
  int(name: string): number { return (this.values.get(name) as number | undefined) ?? 0; }
  /** Seconds for duration flags. */
  seconds(name: string): number { return (this.values.get(name) as number | undefined) ?? 0; }
  bool(name: string): boolean { return (this.values.get(name) as boolean | undefined) ?? false; }
  optBool(name: string): boolean | undefined { return this.values.get(name) as boolean | undefined; }
  list(name: string): string[] { return (this.values.get(name) as string[] | undefined) ?? []; }
  map(name: string): Record<string, string> {
    return (this.values.get(name) as Record<string, string> | undefined) ?? {};
  }
}

function indexFlags(groups: FlagGroup[]): Map<string, FlagDef> {
  const byName = new Map<string, FlagDef>();
  for (const group of groups) {
    for (const def of group.flags) {
      byName.set(def.name, def);
      for (const alias of def.aliases ?? []) byName.set(alias, def);
    }
  }
  return byName;
}

function initialValues(groups: FlagGroup[], env: Record<string, string | undefined>): Map<string, FlagValue> {
  const values = new Map<string, FlagValue>();
  for (const group of groups) {
    for (const def of group.flags) {
      let value = zeroValue(def);
      const fromEnv = def.env ? env[def.env] : undefined;
      const text = fromEnv !== undefined && fromEnv !== '' ? fromEnv : def.default;
      if (text !== undefined) {
        try {
          value = applyValue(def, value, text);
        } catch {
          // Vault ignores an unparsable environment default and keeps the flag's own default.
        }
      }
      values.set(def.name, value);
    }
  }
  return values;
}

/**
 * Parses `argv` against the flag groups, Go flag.FlagSet.Parse style. Throws FlagError with Go's
 * text for unknown flags, missing or bad values and malformed syntax.
 */
export function parseFlags(
  groups: FlagGroup[],
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): ParsedFlags {
  const byName = indexFlags(groups);
  const values = initialValues(groups, env);
  const explicit = new Set<string>();
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i]!;
    if (arg.length < 2 || arg[0] !== '-') break;
    let dashes = 1;
    if (arg[1] === '-') {
      dashes = 2;
      if (arg.length === 2) { i++; break; }
    }
    let name = arg.slice(dashes);
    if (name.length === 0 || name[0] === '-' || name[0] === '=') throw new FlagError(`bad flag syntax: ${arg}`);
    i++;
    let value: string | undefined;
    const eq = name.indexOf('=', 1);
    if (eq !== -1) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const def = byName.get(name);
    if (!def) {
      if (name === 'help' || name === 'h') throw new FlagError('flag: help requested');
      throw new FlagError(`flag provided but not defined: -${name}`);
    }
    if (isBoolKind(def)) {
      try {
        values.set(def.name, applyValue(def, values.get(def.name), value ?? 'true'));
      } catch (e) {
        throw new FlagError(`invalid boolean value ${goQuote(value ?? '')} for -${name}: ${(e as Error).message}`);
      }
    } else {
      if (value === undefined) {
        if (i >= argv.length) throw new FlagError(`flag needs an argument: -${name}`);
        value = argv[i++]!;
      }
      try {
        values.set(def.name, applyValue(def, values.get(def.name), value));
      } catch (e) {
        throw new FlagError(`invalid value ${goQuote(value)} for flag -${name}: ${(e as Error).message}`);
      }
    }
    explicit.add(def.name);
  }
  return new ParsedFlags(values, explicit, argv.slice(i));
}

/** One flag assignment, for formatting argv back from values (tests round-trip through this). */
export interface FlagAssignment {
  name: string;
  value: string | boolean | string[] | Record<string, string>;
}

/** Renders assignments as argv in Vault's canonical `-name=value` spelling (repeats for lists). */
export function formatFlags(assignments: FlagAssignment[]): string[] {
  const out: string[] = [];
  for (const { name, value } of assignments) {
    if (Array.isArray(value)) for (const v of value) out.push(`-${name}=${v}`);
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(`-${name}=${k}=${v}`);
    else out.push(`-${name}=${String(value)}`);
  }
  return out;
}

/** Vault's generateFlagWarnings: flag-looking arguments left after parsing (global ones excepted). */
export function trailingFlagWarning(args: readonly string[]): string | undefined {
  const globals = new Set(['format', 'detailed', 'output-curl-string', 'output-policy']);
  const trailing = args.filter((arg) => {
    if (!arg.startsWith('-') || arg === '-') return false;
    const bare = arg.replace(/^-+/, '').split('=')[0]!;
    return !globals.has(bare);
  });
  if (trailing.length === 0) return undefined;
  return 'Command flags must be provided before positional arguments. The following arguments will '
    + `not be parsed as flags: [${trailing.join(',')}]`;
}
