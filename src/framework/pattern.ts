// Vault's path patterns: Go RE2 source as the builtins write it, anchored the way
// sdk/framework/backend.go init does, compiled to an equivalent JS RegExp, and parsed into the
// small syntax tree sdk/framework/openapi.go expandPattern walks (Go's regexp/syntax.Parse with
// Perl flags, including the alternation factoring that can turn `a|b` into a character class).
// Only the Go syntax Vault's builtins can use is accepted; anything JS cannot express the same
// way throws rather than matching differently.

/**
 * sdk/framework/path.go GenericNameRegex: a named capture of a word character, optionally more of
 * `[\w-.]` and a final word character, which is how builtins name roles, keys and users.
 */
export function genericNameRegex(name: string): string {
  return `(?P<${name}>\\w(([\\w-.]+)?\\w)?)`;
}

/** backend.go init: `^` prepended / `$` appended when the pattern's first / last byte is not one. */
export function anchoredSource(pattern: string): string {
  if (pattern.length === 0) throw new Error('Routing pattern cannot be blank'); // backend.go init panics
  let p = pattern;
  if (p[0] !== '^') p = '^' + p;
  if (p[p.length - 1] !== '$') p = p + '$';
  return p;
}

type ClassItem = { k: 'char'; cp: number } | { k: 'range'; lo: number; hi: number } | { k: 'perl'; c: string } | { k: 'posix'; name: string };
type Token =
  | { t: 'lit'; cp: number }
  | { t: 'perl'; c: string } // d D s S w W
  | { t: 'class'; neg: boolean; items: ClassItem[] }
  | { t: 'any' }
  | { t: 'assert'; which: '^' | '$' | 'A' | 'z' | 'b' | 'B' }
  | { t: 'open'; name: string | null } // null: non-capturing
  | { t: 'flags'; flags: string; scoped: boolean } // (?i) or the flags of (?i:…)
  | { t: 'close' }
  | { t: 'alt' }
  | { t: 'quant'; q: '?' | '*' | '+' | 'rep'; src: string };

const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z',
  word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};
const CONTROL: Readonly<Record<string, number>> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';

// regexp/syntax parse.go: one escape after `\` (outside or inside a class) → a code point, or a Perl class.
function escape(src: string, i: number): { tok: { cp: number } | { perl: string } | { assert: 'A' | 'z' | 'b' | 'B' }; end: number } {
  const c = src[i];
  if (c === undefined) throw new Error('trailing backslash at end of expression');
  if ('dDsSwW'.includes(c)) return { tok: { perl: c }, end: i + 1 };
  if (c === 'A' || c === 'z' || c === 'b' || c === 'B') return { tok: { assert: c }, end: i + 1 };
  if (c in CONTROL) return { tok: { cp: CONTROL[c] }, end: i + 1 };
  if (c === 'x') {
    if (src[i + 1] === '{') {
      const close = src.indexOf('}', i + 2);
      const hex = src.slice(i + 2, close);
      if (close < 0 || !/^[0-9A-Fa-f]+$/.test(hex)) throw new Error('invalid escape sequence');
      return { tok: { cp: parseInt(hex, 16) }, end: close + 1 };
    }
    const hex = src.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Error('invalid escape sequence');
    return { tok: { cp: parseInt(hex, 16) }, end: i + 3 };
  }
  // Octal: \0 takes up to two more digits; \1-\7 only when another octal digit follows (else a backreference).
  if (c === '0' || (c >= '1' && c <= '7' && isOctal(src[i + 1]))) {
    let j = i + 1;
    while (j < i + 3 && isOctal(src[j])) j++;
    return { tok: { cp: parseInt(src.slice(i, j), 8) }, end: j };
  }
  const cp = c.codePointAt(0)!;
  if (cp < 0x80 && !/[0-9A-Za-z]/.test(c)) return { tok: { cp }, end: i + 1 }; // escaped punctuation
  throw new Error(`invalid escape sequence: \\${c}`); // also \p \P \C \Q (not used by Vault's patterns)
}

function classToken(src: string, start: number): { tok: Token; end: number } {
  let i = start + 1;
  const neg = src[i] === '^';
  if (neg) i++;
  const items: ClassItem[] = [];
  let first = true;
  const single = (): number | ClassItem => {
    if (src[i] === '\\') {
      const e = escape(src, i + 1);
      i = e.end;
      if ('perl' in e.tok) return { k: 'perl', c: e.tok.perl };
      if ('assert' in e.tok) throw new Error('invalid escape in character class');
      return e.tok.cp;
    }
    const cp = src.codePointAt(i);
    if (cp === undefined) throw new Error('missing closing ]');
    i += cp > 0xffff ? 2 : 1;
    return cp;
  };
  while (first || src[i] !== ']') {
    if (i >= src.length) throw new Error('missing closing ]');
    first = false;
    if (src.startsWith('[:', i)) {
      const close = src.indexOf(':]', i + 2);
      const name = close < 0 ? '' : src.slice(i + 2, close);
      if (name.startsWith('^') && name.slice(1) in POSIX) throw new Error(`negated class [:${name}:] is not supported`);
      if (name in POSIX) {
        items.push({ k: 'posix', name });
        i = close + 2;
        continue;
      }
    }
    const lo = single();
    if (typeof lo !== 'number') { items.push(lo); continue; }
    if (src[i] === '-' && src[i + 1] !== ']' && i + 1 < src.length) {
      i++;
      const hi = single();
      if (typeof hi !== 'number' || hi < lo) throw new Error('invalid character class range');
      items.push({ k: 'range', lo, hi });
    } else items.push({ k: 'char', cp: lo });
  }
  return { tok: { t: 'class', neg, items }, end: i + 1 };
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      if (src[i + 1] === 'Q') { // \Q…\E: literal text
        const close = src.indexOf('\\E', i + 2);
        const text = src.slice(i + 2, close < 0 ? src.length : close);
        for (const ch of text) out.push({ t: 'lit', cp: ch.codePointAt(0)! });
        i = close < 0 ? src.length : close + 2;
        continue;
      }
      const e = escape(src, i + 1);
      out.push('cp' in e.tok ? { t: 'lit', cp: e.tok.cp } : 'perl' in e.tok ? { t: 'perl', c: e.tok.perl } : { t: 'assert', which: e.tok.assert });
      i = e.end;
    } else if (c === '[') {
      const r = classToken(src, i);
      out.push(r.tok);
      i = r.end;
    } else if (c === '(') {
      const named = /^\(\?P?<(\w+)>/.exec(src.slice(i));
      const flags = /^\(\?([imsU-]*)(:|\))/.exec(src.slice(i));
      if (named !== null) { out.push({ t: 'open', name: named[1] }); i += named[0].length; }
      else if (flags !== null) {
        if (flags[1] !== '') out.push({ t: 'flags', flags: flags[1], scoped: flags[2] === ':' });
        if (flags[2] === ':') out.push({ t: 'open', name: null });
        i += flags[0].length;
      } else if (src[i + 1] === '?') throw new Error('invalid or unsupported Perl syntax');
      else { out.push({ t: 'open', name: '' }); i++; }
    } else if (c === ')') { out.push({ t: 'close' }); i++; }
    else if (c === '|') { out.push({ t: 'alt' }); i++; }
    else if (c === '.') { out.push({ t: 'any' }); i++; }
    else if (c === '^' || c === '$') { out.push({ t: 'assert', which: c }); i++; }
    else if (c === '?' || c === '*' || c === '+' || (c === '{' && /^\{\d+(,\d*)?\}/.test(src.slice(i)))) {
      const m = c === '{' ? /^\{\d+(,\d*)?\}\??/.exec(src.slice(i))![0] : src[i + 1] === '?' ? c + '?' : c;
      out.push({ t: 'quant', q: c === '{' ? 'rep' : c, src: m });
      i += m.length;
    } else {
      const cp = src.codePointAt(i)!;
      out.push({ t: 'lit', cp });
      i += cp > 0xffff ? 2 : 1;
    }
  }
  return out;
}

// ---- Go RE2 → JS RegExp -------------------------------------------------------------------

const hex4 = (cp: number): string => '\\u' + cp.toString(16).padStart(4, '0');
function jsClassChar(cp: number): string {
  if (cp > 0xffff) throw new Error('code points above U+FFFF in a character class are not supported');
  return /[0-9A-Za-z_ ]/.test(String.fromCharCode(cp)) ? String.fromCharCode(cp) : hex4(cp);
}
function jsLiteral(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if ('\\^$.|?*+()[]{}/'.includes(ch)) return '\\' + ch;
  return cp < 0x20 || cp === 0x7f ? hex4(cp) : ch;
}
// Go's \s is [\t\n\f\r ] (no \v, no Unicode spaces); JS's is wider, so spell it out.
const GO_SPACE = '\\t\\n\\f\\r ';
const GO_NOT_SPACE = '\\x00-\\x08\\x0b\\x0e-\\x1f!-\\uffff';

/** The JS source and flags that match exactly what Go's regexp matches for `src` (one-line mode). */
export function goToJs(src: string): { source: string; flags: string } {
  let flags = '';
  let dotAll = false;
  let multiLine = false;
  let out = '';
  for (const tok of tokenize(src)) {
    switch (tok.t) {
      case 'lit': out += jsLiteral(tok.cp); break;
      case 'perl': out += tok.c === 's' ? `[${GO_SPACE}]` : tok.c === 'S' ? `[^${GO_SPACE}]` : '\\' + tok.c; break;
      case 'class': {
        const parts = tok.items.map((it) => {
          if (it.k === 'char') return jsClassChar(it.cp);
          if (it.k === 'range') return `${jsClassChar(it.lo)}-${jsClassChar(it.hi)}`;
          if (it.k === 'posix') return POSIX[it.name];
          return it.c === 's' ? GO_SPACE : it.c === 'S' ? GO_NOT_SPACE : '\\' + it.c;
        });
        out += `[${tok.neg ? '^' : ''}${parts.join('')}]`;
        break;
      }
      // Go's `.` is one code point other than \n (any code point under (?s)).
      case 'any': out += dotAll ? '(?:[\\ud800-\\udbff][\\udc00-\\udfff]|[\\s\\S])' : '(?:[\\ud800-\\udbff][\\udc00-\\udfff]|[^\\n])'; break;
      case 'assert':
        if (tok.which === 'A') out += multiLine ? '(?<![\\s\\S])' : '^';
        else if (tok.which === 'z') out += multiLine ? '(?![\\s\\S])' : '$';
        else out += tok.which === 'b' || tok.which === 'B' ? '\\' + tok.which : tok.which;
        break;
      case 'open': out += tok.name === null ? '(?:' : tok.name === '' ? '(' : `(?<${tok.name}>`; break;
      case 'flags':
        // Only a leading (?flags) maps onto JS flags; scoped or mid-pattern flags have no JS form here.
        if (tok.scoped || (out !== '' && out !== '^') || /[U-]/.test(tok.flags)) throw new Error(`unsupported flag group (?${tok.flags}) in ${src}`);
        if (tok.flags.includes('i')) flags += 'i';
        if (tok.flags.includes('m')) { flags += 'm'; multiLine = true; }
        if (tok.flags.includes('s')) dotAll = true;
        break;
      case 'close': out += ')'; break;
      case 'alt': out += '|'; break;
      case 'quant': out += tok.src; break;
    }
  }
  return { source: out, flags };
}

const compiled = new Map<string, RegExp>();

/** The anchored pattern as a JS RegExp (named groups as `(?<name>…)`); cached per pattern. */
export function compilePattern(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (re === undefined) {
    const { source, flags } = goToJs(anchoredSource(pattern));
    re = new RegExp(source, flags);
    compiled.set(pattern, re);
  }
  return re;
}

// ---- Go's syntax tree, as far as openapi.go expandPattern looks at it ------------------------

export type PatternNode =
  | { readonly op: 'literal'; readonly text: string }
  | { readonly op: 'empty' } // (?:) or an empty alternative
  | { readonly op: 'zeroWidth' } // ^ $ \A \z \b \B
  | { readonly op: 'concat'; readonly subs: readonly PatternNode[] }
  | { readonly op: 'alternate'; readonly subs: readonly PatternNode[] }
  | { readonly op: 'quest'; readonly sub: PatternNode }
  | { readonly op: 'capture'; readonly name: string; readonly sub: PatternNode } // name '' = unnamed
  | { readonly op: 'charClass' } // [..], \w, ., and runs of one-character alternatives
  | { readonly op: 'repeat' }; // * + {n,m}

const cps = (s: string): string[] => Array.from(s);
const leadingString = (n: PatternNode): string[] =>
  n.op === 'literal' ? cps(n.text) : n.op === 'concat' && n.subs[0]?.op === 'literal' ? cps(n.subs[0].text) : [];

function removeLeading(n: PatternNode, count: number): PatternNode {
  if (n.op === 'literal') {
    const rest = cps(n.text).slice(count).join('');
    return rest === '' ? { op: 'empty' } : { op: 'literal', text: rest };
  }
  if (n.op !== 'concat') return n;
  const subs = [...n.subs];
  const head = removeLeading(subs[0], count);
  if (head.op === 'empty') subs.shift();
  else subs[0] = head;
  return subs.length === 0 ? { op: 'empty' } : subs.length === 1 ? subs[0] : { op: 'concat', subs };
}

const isCharClass = (n: PatternNode): boolean => n.op === 'charClass' || (n.op === 'literal' && cps(n.text).length === 1);

// regexp/syntax parse.go factor: round 1 (common literal prefixes, recursively), round 3 (runs of
// one-character alternatives become a class), round 4 (runs of empty matches become one).
// Round 2 (common leading classes) is left out: it cannot change what expandPattern produces.
function alternate(subs: PatternNode[]): PatternNode {
  if (subs.length === 1) return subs[0];
  const r1: PatternNode[] = [];
  let start = 0;
  let str: string[] = [];
  for (let i = 0; i <= subs.length; i++) {
    let istr: string[] = [];
    if (i < subs.length) {
      istr = leadingString(subs[i]);
      let same = 0;
      while (same < str.length && same < istr.length && str[same] === istr[same]) same++;
      if (same > 0) { str = str.slice(0, same); continue; }
    }
    if (i === start + 1) r1.push(subs[start]);
    else if (i > start + 1) {
      const suffix = alternate(subs.slice(start, i).map((s) => removeLeading(s, str.length)));
      r1.push({ op: 'concat', subs: [{ op: 'literal', text: str.join('') }, suffix] });
    }
    start = i;
    str = istr;
  }
  const out: PatternNode[] = [];
  for (let i = 0; i < r1.length; ) {
    let j = i;
    while (j < r1.length && isCharClass(r1[j])) j++;
    if (j - i >= 2) { out.push({ op: 'charClass' }); i = j; continue; }
    const n = r1[i++];
    if (!(n.op === 'empty' && out[out.length - 1]?.op === 'empty')) out.push(n);
  }
  return out.length === 1 ? out[0] : { op: 'alternate', subs: out };
}

function concat(items: PatternNode[]): PatternNode {
  const subs: PatternNode[] = [];
  for (const it of items.flatMap((n) => (n.op === 'concat' ? n.subs : [n]))) {
    const last = subs[subs.length - 1];
    if (it.op === 'literal' && last?.op === 'literal') subs[subs.length - 1] = { op: 'literal', text: last.text + it.text };
    else if (it.op !== 'empty' || items.length === 1) subs.push(it);
  }
  return subs.length === 0 ? { op: 'empty' } : subs.length === 1 ? subs[0] : { op: 'concat', subs };
}

/** Parses Go RE2 source into the tree regexp/syntax.Parse(pattern, syntax.Perl) would give. */
export function parsePattern(src: string): PatternNode {
  const toks = tokenize(src);
  let i = 0;
  const parseAlt = (): PatternNode => {
    const branches = [parseConcat()];
    while (toks[i]?.t === 'alt') { i++; branches.push(parseConcat()); }
    return alternate(branches);
  };
  const parseConcat = (): PatternNode => {
    const items: PatternNode[] = [];
    for (let tok = toks[i]; tok !== undefined && tok.t !== 'alt' && tok.t !== 'close'; tok = toks[i]) {
      i++;
      let atom: PatternNode | undefined;
      if (tok.t === 'lit') atom = { op: 'literal', text: String.fromCodePoint(tok.cp) };
      else if (tok.t === 'perl' || tok.t === 'class' || tok.t === 'any') atom = { op: 'charClass' };
      else if (tok.t === 'assert') atom = { op: 'zeroWidth' };
      else if (tok.t === 'open') {
        const inner = parseAlt();
        if (toks[i]?.t !== 'close') throw new Error('missing closing )');
        i++;
        atom = tok.name === null ? inner : { op: 'capture', name: tok.name, sub: inner };
      } else if (tok.t === 'flags') continue;
      else throw new Error('missing argument to repetition operator');
      while (toks[i]?.t === 'quant') {
        const q = toks[i] as Extract<Token, { t: 'quant' }>;
        i++;
        atom = q.q === '?' ? { op: 'quest', sub: atom } : { op: 'repeat' };
      }
      items.push(atom);
    }
    return concat(items);
  };
  const tree = parseAlt();
  if (i < toks.length) throw new Error('unexpected )');
  return tree;
}
