// A strict parser for the HCL v1 subset Vault policies are written in, and for HCL's JSON flavour
// (hashicorp/hcl hcl/parser/parser.go, json/parser/parser.go and flatten.go). Like hcl.Parse, a
// document whose first non-space character is `{` is read as JSON, anything else as HCL.
//
// Why a hand parser: no small, well-kept npm package parses HCL v1 with Vault's semantics (the
// HCL2 ports have another grammar and other errors), and minivault takes no runtime dependency
// beyond noble. The work is bounded: documents over `maxBytes` and nesting deeper than `maxDepth`
// are refused with a parse error, and every step consumes a token, so no input can make it hang.
import { errHclExpectedKey, errHclJsonExpected, errHclListComma, errHclKeyNeedsBody, errHclListToken, errHclNestedObject,
  errHclObjectClose, errHclTooDeep, errHclTooLarge, errHclUnknownToken } from '../errors/auth.js';
import { HclSyntaxError, Lexer, type Pos, type Token, type TokenType } from './hcl-lexer.js';

export { HclSyntaxError, type Pos } from './hcl-lexer.js';

export type HclValue =
  | { kind: 'string'; value: string; pos: Pos }
  | { kind: 'number'; value: number; text: string; pos: Pos }
  | { kind: 'bool'; value: boolean; pos: Pos }
  | { kind: 'null'; pos: Pos }
  | { kind: 'list'; items: HclValue[]; pos: Pos }
  | { kind: 'object'; items: HclItem[]; pos: Pos };

export interface HclKey {
  name: string;
  /** Source text (quoted for string keys), used in HCL's error messages. */
  text: string;
  pos: Pos;
}

export interface HclItem {
  keys: HclKey[];
  value: HclValue;
  /** Line of the `=`/`:` (HCL's Item.Assign), or of the first key for `key { ... }` blocks. */
  line: number;
}

export interface HclDocument {
  items: HclItem[];
  json: boolean;
}

export interface HclLimits {
  /** Largest document accepted, in UTF-8 bytes. Default 1 MiB. */
  maxBytes?: number;
  /** Deepest nesting of objects and lists. Default 32. */
  maxDepth?: number;
}

export const DEFAULT_HCL_MAX_BYTES = 1 << 20;
export const DEFAULT_HCL_MAX_DEPTH = 32;

/** Parses a policy document. Throws HclSyntaxError ("At L:C: ...") on any syntax problem. */
export function parseHcl(src: string, limits: HclLimits = {}): HclDocument {
  const maxBytes = limits.maxBytes ?? DEFAULT_HCL_MAX_BYTES;
  const maxDepth = limits.maxDepth ?? DEFAULT_HCL_MAX_DEPTH;
  if (utf8Length(src, maxBytes) > maxBytes) throw new HclSyntaxError({ line: 1, column: 1 }, errHclTooLarge(maxBytes));
  const json = /^\s*\{/.test(src);
  const parser = new Parser(new Lexer(src, json), maxDepth);
  const items = json ? parser.jsonDocument() : parser.hclObjectList(0, false);
  return { items: json ? flatten(items) : items, json };
}

/** UTF-8 length, stopping early once past `cap` (so a huge input costs no more than the cap). */
function utf8Length(s: string, cap: number): number {
  if (s.length > cap) return s.length;
  let n = 0;
  for (let i = 0; i < s.length && n <= cap; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

class Parser {
  #tok: Token | undefined;
  constructor(readonly lexer: Lexer, readonly maxDepth: number) {}

  peek(): Token {
    this.#tok ??= this.lexer.next();
    return this.#tok;
  }

  take(): Token {
    const t = this.peek();
    this.#tok = undefined;
    return t;
  }

  fail(tok: Token, detail: string): never {
    throw new HclSyntaxError(tok.pos, detail);
  }

  enter(depth: number, tok: Token): number {
    if (depth + 1 > this.maxDepth) this.fail(tok, errHclTooDeep(this.maxDepth));
    return depth + 1;
  }

  // --- HCL ---

  /** Items until EOF (top level) or the closing `}` of an object (consumed). */
  hclObjectList(depth: number, closing: boolean): HclItem[] {
    const items: HclItem[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === 'EOF') {
        if (closing) this.fail(t, errHclObjectClose('EOF'));
        return items;
      }
      if (t.type === 'RBRACE') {
        if (!closing) this.fail(t, errHclExpectedKey('RBRACE'));
        this.take();
        return items;
      }
      items.push(this.hclObjectItem(depth));
      if (closing && this.peek().type === 'COMMA') this.take();
    }
  }

  hclObjectItem(depth: number): HclItem {
    const keys: HclKey[] = [];
    for (;;) {
      const t = this.take();
      if (t.type === 'IDENT' || t.type === 'STRING') {
        keys.push({ name: String(t.value), text: t.text, pos: t.pos });
        continue;
      }
      if (t.type === 'ASSIGN') {
        if (keys.length === 0) this.fail(t, errHclExpectedKey('ASSIGN'));
        if (keys.length > 1) this.fail(t, errHclNestedObject('ASSIGN'));
        return { keys, value: this.hclValue(depth), line: t.pos.line };
      }
      if (t.type === 'LBRACE') {
        if (keys.length === 0) this.fail(t, errHclJsonExpected('IDENT | STRING', 'LBRACE'));
        const d = this.enter(depth, t);
        return { keys, value: { kind: 'object', items: this.hclObjectList(d, true), pos: t.pos }, line: keys[0]!.pos.line };
      }
      if (keys.length > 0) this.fail(t, errHclKeyNeedsBody(keys.map((k) => k.text).join(' ')));
      this.fail(t, errHclExpectedKey(t.type));
    }
  }

  hclValue(depth: number): HclValue {
    const t = this.take();
    const literal = toLiteral(t);
    if (literal) return literal;
    if (t.type === 'LBRACE') {
      return { kind: 'object', items: this.hclObjectList(this.enter(depth, t), true), pos: t.pos };
    }
    if (t.type === 'LBRACK') {
      const d = this.enter(depth, t);
      return this.list(t, () => this.hclValue(d));
    }
    this.fail(t, errHclUnknownToken(t.type));
  }

  /** HCL and JSON lists share the comma rules (HCL parser.go listType). */
  list(open: Token, element: () => HclValue): HclValue {
    const items: HclValue[] = [];
    let needComma = false;
    for (;;) {
      const t = this.peek();
      if (needComma && t.type !== 'COMMA' && t.type !== 'RBRACK') {
        this.fail(t, errHclListComma(t.type));
      }
      if (t.type === 'RBRACK') {
        this.take();
        return { kind: 'list', items, pos: open.pos };
      }
      if (t.type === 'COMMA') {
        if (!needComma) this.fail(t, errHclListToken('COMMA'));
        this.take();
        needComma = false;
        continue;
      }
      if (!STARTS_VALUE.has(t.type)) this.fail(t, errHclListToken(t.type));
      items.push(element());
      needComma = true;
    }
  }

  // --- JSON (HCL json/parser) ---

  jsonDocument(): HclItem[] {
    const open = this.take(); // `{`, guaranteed by the mode check
    const items = this.jsonObjectBody(this.enter(0, open));
    const rest = this.take();
    if (rest.type !== 'EOF') this.fail(rest, errHclJsonExpected('EOF', rest.type));
    return items;
  }

  jsonObjectBody(depth: number): HclItem[] {
    const items: HclItem[] = [];
    for (;;) {
      const key = this.take();
      if (key.type === 'RBRACE' && items.length === 0) return items;
      if (key.type !== 'STRING') this.fail(key, key.type === 'EOF' ? errHclObjectClose('EOF') : errHclJsonExpected('STRING', key.type));
      const colon = this.take();
      if (colon.type !== 'COLON') this.fail(colon, errHclJsonExpected('COLON', colon.type));
      const k: HclKey = { name: String(key.value), text: key.text, pos: key.pos };
      items.push({ keys: [k], value: this.jsonValue(depth), line: colon.pos.line });
      const sep = this.take();
      if (sep.type === 'RBRACE') return items;
      if (sep.type !== 'COMMA') this.fail(sep, errHclObjectClose(sep.type));
    }
  }

  jsonValue(depth: number): HclValue {
    const t = this.take();
    const literal = toLiteral(t);
    if (literal) return literal;
    if (t.type === 'LBRACE') return { kind: 'object', items: this.jsonObjectBody(this.enter(depth, t)), pos: t.pos };
    if (t.type === 'LBRACK') {
      const d = this.enter(depth, t);
      return this.list(t, () => this.jsonValue(d));
    }
    this.fail(t, errHclUnknownToken(t.type));
  }
}

const STARTS_VALUE = new Set<TokenType>(['STRING', 'NUMBER', 'FLOAT', 'BOOL', 'NULL', 'LBRACE', 'LBRACK']);

function toLiteral(t: Token): HclValue | undefined {
  switch (t.type) {
    case 'STRING': return { kind: 'string', value: String(t.value), pos: t.pos };
    case 'NUMBER':
    case 'FLOAT': return { kind: 'number', value: Number(t.value), text: t.text, pos: t.pos };
    case 'BOOL': return { kind: 'bool', value: Boolean(t.value), pos: t.pos };
    case 'NULL': return { kind: 'null', pos: t.pos };
    default: return undefined;
  }
}

/**
 * HCL's JSON flattening (hcl/json/parser/flatten.go): an object whose members are all objects
 * becomes several items with joined keys, and a list of objects becomes one item per object. This
 * is what turns `{"path": {"a/*": {...}}}` into the item `path "a/*" {...}`.
 */
function flatten(items: HclItem[]): HclItem[] {
  const out: HclItem[] = [];
  const frontier = [...items];
  while (frontier.length > 0) {
    const item = frontier.pop()!;
    const v = item.value;
    if (v.kind === 'object' && v.items.length > 0 && v.items.every((s) => s.value.kind === 'object')) {
      for (const sub of v.items) frontier.push({ keys: [...item.keys, ...sub.keys], value: sub.value, line: item.line });
    } else if (v.kind === 'list' && v.items.length > 0 && v.items.every((e) => e.kind === 'object')) {
      for (const elem of v.items) frontier.push({ keys: item.keys, value: elem, line: item.line });
    } else {
      out.push(item);
    }
  }
  out.reverse();
  for (const item of out) flattenNested(item.value);
  return out;
}

function flattenNested(v: HclValue): void {
  if (v.kind === 'object') v.items = flatten(v.items);
  else if (v.kind === 'list') v.items.forEach(flattenNested);
}
