// The tokenizer for Vault policy documents: the subset of HCL v1 (hashicorp/hcl hcl/scanner) and of
// HCL's JSON flavour (hcl/json/scanner) that ACL policies use. Positions are 1-based line and
// column (in characters), as HCL reports them in its "At L:C:" errors.
//
// Why a hand-written scanner: there is no small, maintained npm package that parses HCL v1 the way
// Vault does (the HCL2 ports differ in grammar and errors), and minivault allows no runtime
// dependencies beyond noble. The scanner is a single forward pass, so its work is linear in the
// input, which the parser caps in size.
import {
  ERR_HCL_COMMENT_NOT_TERMINATED, ERR_HCL_ILLEGAL_CHAR, ERR_HCL_LITERAL_NOT_TERMINATED,
  errHclAt, errHclBadEscape, errHclUnsupported,
} from '../errors/auth.js';

export type TokenType =
  | 'IDENT' | 'STRING' | 'NUMBER' | 'FLOAT' | 'BOOL' | 'NULL'
  | 'LBRACE' | 'RBRACE' | 'LBRACK' | 'RBRACK' | 'ASSIGN' | 'COLON' | 'COMMA' | 'EOF';

export interface Pos {
  line: number;
  column: number;
}

export interface Token {
  type: TokenType;
  /** Source text of the token (strings keep their quotes, as HCL's Token.Text does). */
  text: string;
  /** Decoded value: string contents, number, boolean. */
  value: string | number | boolean | null;
  pos: Pos;
}

/** A syntax error with the position HCL would report. */
export class HclSyntaxError extends Error {
  constructor(readonly pos: Pos, detail: string) {
    super(errHclAt(pos.line, pos.column, detail));
    this.name = 'HclSyntaxError';
  }
}

const PUNCT: Record<string, TokenType> = {
  '{': 'LBRACE', '}': 'RBRACE', '[': 'LBRACK', ']': 'RBRACK', '=': 'ASSIGN', ',': 'COMMA', ':': 'COLON',
};
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v', '/': '/',
};

function isLetter(c: string): boolean {
  const x = c.charCodeAt(0);
  return (x >= 97 && x <= 122) || (x >= 65 && x <= 90) || x === 95 || (x > 0x7f && /\p{L}/u.test(c));
}
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentPart = (c: string): boolean => isLetter(c) || isDigit(c) || c === '-' || c === '.';

export class Lexer {
  readonly #src: string;
  readonly #json: boolean;
  #i = 0;
  #line = 1;
  #col = 1;

  /** `json` selects HCL's JSON scanner: no comments or identifiers, `:` separates keys. */
  constructor(src: string, json: boolean) {
    this.#src = src;
    this.#json = json;
  }

  next(): Token {
    this.#skipSpaceAndComments();
    const pos = this.#pos();
    if (this.#i >= this.#src.length) return { type: 'EOF', text: '', value: null, pos };
    const c = this.#src[this.#i]!;
    const punct = PUNCT[c];
    if (punct && (c !== ':' || this.#json) && (c !== '=' || !this.#json)) {
      this.#advance();
      return { type: punct, text: c, value: null, pos };
    }
    if (c === '"') return this.#string(pos);
    if (isDigit(c) || (c === '-' && isDigit(this.#src[this.#i + 1] ?? ''))) return this.#number(pos);
    if (isLetter(c)) return this.#word(pos);
    if (c === '<' && this.#src.startsWith('<<', this.#i) && !this.#json) {
      throw new HclSyntaxError(pos, errHclUnsupported('heredoc strings'));
    }
    throw new HclSyntaxError(pos, ERR_HCL_ILLEGAL_CHAR);
  }

  #pos(): Pos {
    return { line: this.#line, column: this.#col };
  }

  #advance(): string {
    const c = this.#src[this.#i++]!;
    if (c === '\n') {
      this.#line++;
      this.#col = 1;
    } else {
      this.#col++;
    }
    return c;
  }

  #skipSpaceAndComments(): void {
    for (;;) {
      const c = this.#src[this.#i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF') {
        this.#advance();
      } else if (!this.#json && (c === '#' || (c === '/' && this.#src[this.#i + 1] === '/'))) {
        while (this.#i < this.#src.length && this.#src[this.#i] !== '\n') this.#advance();
      } else if (!this.#json && c === '/' && this.#src[this.#i + 1] === '*') {
        const start = this.#pos();
        const end = this.#src.indexOf('*/', this.#i + 2);
        if (end === -1) throw new HclSyntaxError(start, ERR_HCL_COMMENT_NOT_TERMINATED);
        while (this.#i < end + 2) this.#advance();
      } else {
        return;
      }
    }
  }

  #string(pos: Pos): Token {
    const start = this.#i;
    this.#advance();
    let out = '';
    for (;;) {
      if (this.#i >= this.#src.length) throw new HclSyntaxError(pos, ERR_HCL_LITERAL_NOT_TERMINATED);
      const c = this.#src[this.#i]!;
      if (c === '\n') throw new HclSyntaxError(pos, ERR_HCL_LITERAL_NOT_TERMINATED);
      if (c === '"') {
        this.#advance();
        return { type: 'STRING', text: this.#src.slice(start, this.#i), value: out, pos };
      }
      if (c === '\\') {
        out += this.#escape();
      } else {
        out += this.#advance();
      }
    }
  }

  #escape(): string {
    const at = this.#pos();
    this.#advance();
    const e = this.#src[this.#i] ?? '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined && (e !== '/' || this.#json)) {
      this.#advance();
      return simple;
    }
    const hexLen = e === 'u' ? 4 : e === 'U' && !this.#json ? 8 : e === 'x' && !this.#json ? 2 : 0;
    if (hexLen > 0) {
      const hex = this.#src.slice(this.#i + 1, this.#i + 1 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) throw new HclSyntaxError(at, errHclBadEscape());
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw new HclSyntaxError(at, errHclBadEscape());
      for (let k = 0; k <= hexLen; k++) this.#advance();
      return String.fromCodePoint(code);
    }
    throw new HclSyntaxError(at, errHclBadEscape());
  }

  #number(pos: Pos): Token {
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.#src.slice(this.#i, this.#i + 400));
    const text = m![0];
    for (let k = 0; k < text.length; k++) this.#advance();
    if (isIdentPart(this.#src[this.#i] ?? '') && this.#src[this.#i] !== '-') {
      throw new HclSyntaxError(this.#pos(), ERR_HCL_ILLEGAL_CHAR);
    }
    const isFloat = m![1] !== undefined || m![2] !== undefined;
    return { type: isFloat ? 'FLOAT' : 'NUMBER', text, value: Number(text), pos };
  }

  #word(pos: Pos): Token {
    const start = this.#i;
    while (this.#i < this.#src.length && isIdentPart(this.#src[this.#i]!)) this.#advance();
    const text = this.#src.slice(start, this.#i);
    if (text === 'true' || text === 'false') return { type: 'BOOL', text, value: text === 'true', pos };
    if (!this.#json) return { type: 'IDENT', text, value: text, pos };
    if (text === 'null') return { type: 'NULL', text, value: null, pos };
    throw new HclSyntaxError(pos, ERR_HCL_ILLEGAL_CHAR);
  }
}
