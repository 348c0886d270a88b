// `-format=yaml` (and `yml`) as Vault prints it: command/format.go YamlFormatter marshals with
// ghodss/yaml, i.e. the value's JSON form re-read and written by gopkg.in/yaml.v2. So struct field
// order is lost and map keys come out in yaml.v2's natural order (digit runs compared as numbers,
// non-letters before letters); block style, 2-space indent, sequences inside mappings not
// indented. Scalars follow yaml.v2's encoder and libyaml's emitter: strings that would read back
// as another type (`""`, `true`, `yes`, `1`, `1.5`, `12:30`, timestamps) are double-quoted, text
// that cannot be plain (leading indicators, `: `, ` #`, edge spaces) is single-quoted, text with
// newlines is a literal block (`|`, `|-`, `|+`), control characters force double quotes with
// escapes; plain, single- and double-quoted text longer than 80 columns is folded at spaces.
import { goJsonIndent } from '../go/json.js';

const BEST_WIDTH = 80;

/** yaml.v2 keyList.Less: natural order over strings. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  const isLetter = (c: string): boolean => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') { an = 1; bn = 1; break; }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

const RESOLVE_MAP = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN',
  '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<']);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMPS = [
  /^\d{4}-\d{1,2}-\d{1,2}$/,
  /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?$/,
];

/** yaml.v2 resolve: would this text, written plain, read back as a string? */
function resolvesToString(s: string): boolean {
  if (s === '' || RESOLVE_MAP.has(s)) return false;
  const c = s[0]!;
  if (c === '.') return !/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (!/[0-9+-]/.test(c)) return true;
  if (TIMESTAMPS.some((re) => re.test(s))) return false;
  const plain = s.replace(/_/g, '');
  if (GO_INT.test(plain) || YAML_FLOAT.test(plain) || /^-?0b[01]+$/.test(plain)) return false;
  return true;
}

const isBreak = (c: string): boolean => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlankZ = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || isBreak(c);

function isPrintable(c: string): boolean {
  const n = c.codePointAt(0)!;
  return n === 0x0a || (n >= 0x20 && n <= 0x7e) || n === 0x85 || (n >= 0xa0 && n <= 0xd7ff)
    || (n >= 0xe000 && n <= 0xfffd && n !== 0xfeff) || (n >= 0x10000 && n <= 0x10ffff);
}

interface Analysis { blockPlain: boolean; singleQuoted: boolean; block: boolean; multiline: boolean }

/** libyaml yaml_emitter_analyze_scalar, for block context. */
function analyze(s: string): Analysis {
  const r = [...s];
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let special = false;
  let leadingSpace = false; let leadingBreak = false; let trailingSpace = false; let trailingBreak = false;
  let breakSpace = false; let spaceBreak = false; let lineBreaks = false;
  let prevSpace = false; let prevBreak = false; let precededByWs = true;
  r.forEach((c, i) => {
    const followedByWs = isBlankZ(r[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      else if ((c === '?' || c === ':' || c === '-') && followedByWs) blockIndicators = true;
    } else if (c === ':' && followedByWs) blockIndicators = true;
    else if (c === '#' && precededByWs) blockIndicators = true;
    if (!isPrintable(c) || c === '\ufeff') special = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === r.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true; prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === r.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false; prevBreak = true;
    } else {
      prevSpace = false; prevBreak = false;
    }
    precededByWs = isBlankZ(c);
  });
  const a: Analysis = { blockPlain: true, singleQuoted: true, block: true, multiline: lineBreaks };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) { a.blockPlain = false; a.singleQuoted = false; }
  if (spaceBreak || special) { a.blockPlain = false; a.singleQuoted = false; a.block = false; }
  if (lineBreaks) a.blockPlain = false;
  if (blockIndicators) a.blockPlain = false;
  return a;
}

const ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\x0b': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\u0085': 'N', '\u00a0': '_', '\u2028': 'L', '\u2029': 'P',
};

function escapeChar(c: string): string {
  if (ESCAPES[c] !== undefined) return `\\${ESCAPES[c]}`;
  const n = c.codePointAt(0)!;
  const hex = n.toString(16).toUpperCase();
  if (n <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (n <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** The output being built, with libyaml's column. */
class Out {
  text = '';
  col = 0;
  write(s: string): void {
    this.text += s;
    this.col += [...s].length;
  }
  /** write_indent: a line break unless a literal block's own break just ended the line, then the indent. */
  newline(indent: number): void {
    const atLineStart = this.col === 0 && this.text.endsWith('\n');
    this.text += `${atLineStart ? '' : '\n'}${' '.repeat(indent)}`;
    this.col = indent;
  }
}

/** Writes a string scalar at the current position; `indent` is the scalar's own indent. */
function scalar(out: Out, s: string, indent: number, simpleKey: boolean): void {
  const a = analyze(s);
  let style: 'plain' | 'single' | 'double' | 'literal' = s.includes('\n') ? 'literal'
    : resolvesToString(s) && !BASE60_FLOAT.test(s) ? 'plain' : 'double';
  if (style === 'plain' && (!a.blockPlain || (s === '' && simpleKey))) style = 'single';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  if (style === 'single' && (!a.singleQuoted || (simpleKey && a.multiline))) style = 'double';
  const r = [...s];
  const folds = !simpleKey;
  if (style === 'literal') {
    literal(out, r, indent);
    return;
  }
  if (style === 'double') out.write('"');
  if (style === 'single') out.write('\'');
  let spaces = false;
  r.forEach((c, i) => {
    if (c === ' ') {
      const edge = i === 0 || i === r.length - 1;
      const fold = folds && !spaces && out.col > BEST_WIDTH && (style === 'plain'
        ? r[i + 1] !== ' ' : !edge && (style === 'double' || r[i + 1] !== ' '));
      if (fold) {
        out.newline(indent);
        if (style === 'double' && r[i + 1] === ' ') out.write('\\');
      } else {
        out.write(c);
      }
      spaces = true;
      return;
    }
    spaces = false;
    if (style === 'double' && (!isPrintable(c) || c === '\ufeff' || isBreak(c) || c === '"' || c === '\\')) out.write(escapeChar(c));
    else if (style === 'single' && c === '\'') out.write('\'\'');
    else out.write(c);
  });
  if (style === 'double') out.write('"');
  if (style === 'single') out.write('\'');
}

/** write_literal_scalar: `|` with its indentation and chomping hints, then the lines. */
function literal(out: Out, r: string[], indent: number): void {
  let chomp = '';
  const last = r.length - 1;
  if (r.length === 0 || !isBreak(r[last]!)) chomp = '-';
  else if (last === 0 || isBreak(r[last - 1]!)) chomp = '+';
  const hint = r.length > 0 && (r[0] === ' ' || isBreak(r[0]!)) ? '2' : '';
  out.write(`|${hint}${chomp}`);
  let breaks = true;
  for (const c of r) {
    if (isBreak(c)) {
      out.text += '\n';
      out.col = 0;
      breaks = true;
      continue;
    }
    if (breaks) {
      if (out.col > indent) { out.text += '\n'; out.col = 0; }
      out.write(' '.repeat(indent - out.col));
      breaks = false;
    }
    out.write(c);
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown): boolean => (Array.isArray(v) ? v.length === 0 : isMap(v) && Object.keys(v).length === 0);

/** strconv.FormatFloat(f, 'g', -1, 64) with yaml.v2's .inf/.nan. */
function goFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  const [mant, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}

function leaf(out: Out, v: unknown, indent: number): void {
  if (v === null || v === undefined) out.write('null');
  else if (typeof v === 'boolean') out.write(v ? 'true' : 'false');
  else if (typeof v === 'number') out.write(goFloat(v));
  else if (typeof v === 'string') scalar(out, v, indent, false);
  else if (Array.isArray(v)) out.write('[]');
  else out.write('{}');
}

function mapping(out: Out, m: Record<string, unknown>, indent: number, inline: boolean): void {
  const keys = Object.keys(m).sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
  keys.forEach((k, i) => {
    if (i > 0 || !inline) out.newline(indent);
    scalar(out, k, indent, true);
    out.write(':');
    const v = m[k];
    if (Array.isArray(v) && v.length > 0) sequence(out, v, indent, false);
    else if (isMap(v) && !isEmpty(v)) mapping(out, v, indent + 2, false);
    else {
      out.write(' ');
      leaf(out, v, indent + 2);
    }
  });
}

function sequence(out: Out, list: unknown[], indent: number, inline: boolean): void {
  list.forEach((v, i) => {
    if (i > 0 || !inline) out.newline(indent);
    out.write('- ');
    if (Array.isArray(v) && v.length > 0) sequence(out, v, indent + 2, true);
    else if (isMap(v) && !isEmpty(v)) mapping(out, v, indent + 2, true);
    else leaf(out, v, indent + 2);
  });
}

/** yaml.Marshal (ghodss/yaml over yaml.v2) of a JSON-shaped value, with its trailing newline. */
export function goYaml(value: unknown): string {
  const v: unknown = JSON.parse(goJsonIndent(value));
  const out = new Out();
  if (Array.isArray(v) && v.length > 0) sequence(out, v, 0, true);
  else if (isMap(v) && !isEmpty(v)) mapping(out, v, 0, true);
  else leaf(out, v, 2);
  return out.col === 0 && out.text.endsWith('\n') ? out.text : `${out.text}\n`;
}

/** The formatted text of a non-table output format (json, yaml/yml), as Formatter.Format gives it. */
export function formatValue(format: string, value: unknown): string {
  return format === 'yaml' || format === 'yml' ? goYaml(value) : goJsonIndent(value);
}

/** Formatter.Output: YamlFormatter trims the text; JSON is printed as formatted. */
export function formatOutput(format: string, value: unknown): string {
  // command/format.go: PrettyFormatter only knows raft autopilot state, RawFormatter only bytes
  // (`read -format=raw`); anything else fails at output time as "Could not parse output: …".
  if (format === 'pretty') throw new OutputFormatError('cannot use the pretty formatter for this type');
  if (format === 'raw') throw new OutputFormatError('This command does not support the -format=raw option; only `minivault read` does.');
  return format === 'yaml' || format === 'yml' ? goYaml(value).trim() : goJsonIndent(value);
}

/** A formatter that cannot render the value (outputWithFormat's error); exits 1. */
export class OutputFormatError extends Error {}
