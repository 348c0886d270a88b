// A tiny, strict YAML reader for the subset Vault's YAML output uses (yaml.v2 via ghodss/yaml):
// block mappings and sequences (sequences inside mappings unindented), plain / single- / double-
// quoted scalars folded over several lines, literal blocks (`|`, `|-`, `|+`, `|2-`), `{}` and `[]`.
// No yaml package is installed; this is enough to check that -format=yaml round-trips to the same
// value as -format=json. Anything outside the subset throws, so a test cannot pass by accident.
type Value = null | boolean | number | string | Value[] | { [k: string]: Value };

interface Line { indent: number; text: string; no: number }

const fail = (l: Line | undefined, why: string): never => { throw new Error(`yaml line ${l?.no ?? 'EOF'}: ${why}`); };

function plain(s: string): Value {
  if (s === '~' || s === 'null') return null;
  // YAML 1.1 booleans, as yaml.v2 resolves them: an emitter that forgot to quote `yes` fails here.
  if (/^(y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE)$/.test(s)) return true;
  if (/^(n|N|no|No|NO|off|Off|OFF|false|False|FALSE)$/.test(s)) return false;
  if (s === '{}') return {};
  if (s === '[]') return [];
  if (/^[-+]?(\d+|\d*\.\d+|\d+\.\d*)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  if (/^[[{"'|>!&*%@`]/.test(s) || /: |\s#/.test(s)) fail(undefined, `not a plain scalar: ${s}`);
  return s;
}

const DOUBLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v', '0': '\0', ' ': ' ' };

function doubleQuoted(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') { out += c; continue; }
    const n = body[++i]!;
    if (n === 'x') { out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16)); i += 2; } else if (n === 'u') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16)); i += 4;
    } else if (n in DOUBLE_ESCAPES) out += DOUBLE_ESCAPES[n]; else fail(undefined, `bad escape \\${n}`);
  }
  return out;
}

class Reader {
  private i = 0;
  constructor(private readonly lines: Line[]) {}

  parse(): Value {
    const v = this.node(0);
    if (this.i < this.lines.length) fail(this.lines[this.i], 'trailing content');
    return v;
  }

  private peek(): Line | undefined { return this.lines[this.i]; }

  private node(indent: number): Value {
    const l = this.peek() ?? fail(undefined, 'missing node');
    if (l.indent < indent) fail(l, 'dedent');
    if (l.text === '-' || l.text.startsWith('- ')) return this.sequence(l.indent);
    if (/^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s'"][^:]*?):( |$)/.test(l.text)) return this.mapping(l.indent);
    this.i++;
    return this.scalar(l.text, l, l.indent);
  }

  private sequence(indent: number): Value[] {
    const out: Value[] = [];
    for (let l = this.peek(); l && l.indent === indent && (l.text === '-' || l.text.startsWith('- ')); l = this.peek()) {
      const rest = l.text === '-' ? '' : l.text.slice(2);
      if (rest === '') { this.i++; out.push(this.node(indent + 1)); continue; }
      // `- x`: the item continues as if written at indent + 2.
      this.lines[this.i] = { indent: indent + 2, text: rest, no: l.no };
      out.push(this.node(indent + 2));
    }
    return out;
  }

  private mapping(indent: number): Record<string, Value> {
    const out: Record<string, Value> = {};
    for (let l = this.peek(); l && l.indent === indent && !(l.text === '-' || l.text.startsWith('- ')); l = this.peek()) {
      const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s'"][^:]*?):( (.*)|$)/.exec(l.text) ?? fail(l, 'expected key: value');
      const rawKey = m[1]!;
      const key = rawKey.startsWith('"') ? doubleQuoted(rawKey.slice(1, -1)) : rawKey.startsWith("'") ? rawKey.slice(1, -1).replace(/''/g, "'") : rawKey;
      if (key in out) fail(l, `duplicate key ${key}`);
      this.i++;
      const rest = m[3];
      if (rest === undefined || rest === '') {
        const next = this.peek();
        if (next && (next.indent > indent || (next.indent === indent && (next.text === '-' || next.text.startsWith('- '))))) out[key] = this.node(next.indent);
        else out[key] = null;
      } else {
        out[key] = this.scalar(rest, l, indent);
      }
    }
    return out;
  }

  /** A scalar starting on `l` (already consumed) with continuation lines deeper than `indent`. */
  private scalar(text: string, l: Line, indent: number): Value {
    const block = /^\|(\d)?([-+])?$/.exec(text);
    if (block) return this.literal(indent, block[1] ? indent + Number(block[1]) : undefined, block[2]);
    const more: string[] = [];
    while (this.peek() && this.peek()!.indent > indent) more.push(this.lines[this.i++]!.text);
    const joined = [text, ...more].join(' ');
    if (text.startsWith('"')) {
      if (!joined.endsWith('"')) fail(l, 'unterminated double quote');
      return doubleQuoted([text, ...more].join('\n').slice(1, -1).replace(/\\\n/g, '').replace(/\n/g, ' '));
    }
    if (text.startsWith("'")) {
      if (!joined.endsWith("'")) fail(l, 'unterminated single quote');
      return joined.slice(1, -1).replace(/''/g, "'");
    }
    return plain(joined);
  }

  private literal(indent: number, explicit: number | undefined, chomp: string | undefined): string {
    const body: string[] = [];
    let contentIndent = explicit;
    for (let l = this.peek(); l && (l.text === '' || l.indent > indent); l = this.peek()) {
      if (l.text !== '' && contentIndent === undefined) contentIndent = l.indent;
      body.push(l.text === '' ? '' : ' '.repeat(l.indent - contentIndent!) + l.text);
      this.i++;
    }
    let text = body.join('\n');
    if (chomp === '-') return text.replace(/\n+$/, '');
    if (chomp === '+') return `${text}\n`;
    text = text.replace(/\n+$/, '');
    return `${text}\n`;
  }
}

export function readYaml(src: string): Value {
  const lines: Line[] = src.split('\n').map((raw, i) => {
    if (/\t/.test(raw.match(/^\s*/)![0])) fail({ indent: 0, text: raw, no: i + 1 }, 'tab indentation');
    const text = raw.trimStart();
    return { indent: raw.length - text.length, text: text.trimEnd() === '' ? '' : text, no: i + 1 };
  });
  while (lines.length > 0 && lines[lines.length - 1]!.text === '') lines.pop();
  // Blank lines matter only inside literal blocks; elsewhere they are dropped by the reader's loops.
  return new Reader(lines).parse();
}
