// `minivault policy fmt PATH` (Vault 1.18 command/policy_fmt.go): parse the local file as an ACL
// policy (vault.ParseACLPolicy; a bad policy prints the parse error, exit 1, and leaves the file
// alone), then rewrite it in canonical layout and print `Success! Formatted policy: <path>`.
// Vault lays the file out with hashicorp/hcl v1's printer; minivault's layout covers what policies
// use: every non-empty object over several lines, two-space indentation by nesting depth,
// `key = value` with the `=` of consecutive assignments in a block aligned, `[a, b]` lists with one
// space after commas, a blank line after each top-level block and never two in a row, comments
// kept, and a single trailing newline.
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { parsePolicy } from '../auth/policy.js';
import { errCliNotEnoughArgs, errCliPolicyFmtRead, errCliPolicyFmtWrite, errCliTooManyArgs } from '../errors/cli.js';
import { errorMessage, type Command } from './command.js';
import { goFileError } from './kv-data.js';

interface Line {
  depth: number;
  text: string;
}

/** Splits a line into code and trailing comment, and counts its brackets, ignoring strings. */
function scan(line: string): { code: string; comment: string; opens: number; closesFirst: number; closes: number } {
  let inString = false;
  let opens = 0;
  let closes = 0;
  let closesFirst = 0;
  let seenOther = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') { inString = true; seenOther = true; continue; }
    if (c === '#' || (c === '/' && (line[i + 1] === '/' || line[i + 1] === '*'))) {
      return { code: line.slice(0, i).trimEnd(), comment: line.slice(i), opens, closesFirst, closes };
    }
    if (c === '{' || c === '[') { opens++; seenOther = true; } else if (c === '}' || c === ']') {
      closes++;
      if (!seenOther) closesFirst++;
    } else if (c !== ' ' && c !== '\t') seenOther = true;
  }
  return { code: line, comment: '', opens, closesFirst, closes };
}

/** `a=b` → `a = b`, `x,y` → `x, y` outside strings (commas before a newline stay as they are). */
function tidy(code: string): string {
  let out = '';
  let inString = false;
  let sawEquals = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (inString) {
      out += c;
      if (c === '\\' && i + 1 < code.length) out += code[++i]!;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') { inString = true; out += c; continue; }
    if (c === '=' && !sawEquals) {
      sawEquals = true;
      out = `${out.trimEnd()} = `;
      while (code[i + 1] === ' ' || code[i + 1] === '\t') i++;
      continue;
    }
    if (c === ',') {
      out = `${out.trimEnd()},`;
      if (i + 1 < code.length) out += ' ';
      while (code[i + 1] === ' ' || code[i + 1] === '\t') i++;
      continue;
    }
    if ((c === ' ' || c === '\t') && /[ \t]$/.test(out)) continue;
    out += c === '\t' ? ' ' : c;
  }
  return out.replace(/\[ +/g, '[').replace(/ +\]/g, ']');
}

/**
 * hcl printer writes every non-empty object over several lines: `path "x" { a = 1 }` becomes three
 * lines. Splits code after a `{` and before a `}` (outside strings and lists; `{}` stays whole).
 */
function splitObjects(code: string): string[] {
  const pieces: string[] = [];
  let inString = false;
  let listDepth = 0;
  let start = 0;
  const cut = (end: number): void => {
    const piece = code.slice(start, end).trim();
    if (piece !== '') pieces.push(piece);
    start = end;
  };
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[') listDepth++;
    else if (c === ']') listDepth--;
    else if (listDepth === 0 && c === '{' && code[i + 1] !== '}') cut(i + 1);
    else if (listDepth === 0 && c === '}' && code[i - 1] !== '{') { cut(i); cut(i + 1); }
  }
  cut(code.length);
  return pieces;
}

/** The canonical layout of a policy file's text. */
export function formatPolicyText(src: string): string {
  const lines: Line[] = [];
  let depth = 0;
  for (const raw of src.replace(/\r\n/g, '\n').split('\n')) {
    const trimmed = raw.trim();
    if (trimmed === '') {
      if (lines.length > 0 && lines[lines.length - 1]!.text !== '') lines.push({ depth, text: '' });
      continue;
    }
    const whole = scan(trimmed);
    const pieces = whole.code === '' ? [''] : splitObjects(whole.code);
    pieces.forEach((piece, n) => {
      const s = scan(piece);
      const code = tidy(s.code);
      const comment = n === pieces.length - 1 ? whole.comment : '';
      const lineDepth = Math.max(0, depth - s.closesFirst);
      lines.push({ depth: lineDepth, text: comment === '' ? code : code === '' ? comment : `${code} ${comment}` });
      depth = Math.max(0, depth + s.opens - s.closes);
    });
  }
  while (lines.length > 0 && lines[lines.length - 1]!.text === '') lines.pop();
  // A blank line after each top-level block (the printer separates multi-line items so).
  for (let i = lines.length - 2; i >= 0; i--) {
    if (lines[i]!.depth === 0 && lines[i]!.text.startsWith('}') && lines[i + 1]!.text !== '') lines.splice(i + 1, 0, { depth: 0, text: '' });
  }
  // Align the `=` of runs of single-line assignments at the same depth (hcl printer's alignment).
  const eqAt = (l: Line): number => {
    const m = /^([A-Za-z0-9_.\-"]+) = /.exec(l.text);
    return m ? m[1]!.length : -1;
  };
  for (let i = 0; i < lines.length;) {
    if (eqAt(lines[i]!) < 0) { i++; continue; }
    let j = i;
    while (j < lines.length && eqAt(lines[j]!) >= 0 && lines[j]!.depth === lines[i]!.depth) j++;
    const width = Math.max(...lines.slice(i, j).map(eqAt));
    for (let k = i; k < j; k++) {
      const key = eqAt(lines[k]!);
      lines[k]!.text = lines[k]!.text.slice(0, key) + ' '.repeat(width - key) + lines[k]!.text.slice(key);
    }
    i = j;
  }
  return `${lines.map((l) => (l.text === '' ? '' : '  '.repeat(l.depth) + l.text)).join('\n')}\n`;
}

export const policyFmtCommand: Command = {
  name: 'policy fmt',
  synopsis: 'Formats a policy on disk',
  usage: 'PATH',
  help: `
  Formats a local policy file to the policy specification. This command will
  overwrite the file at the given PATH with the properly-formatted policy
  file contents.

  Format the local file "my-policy.hcl" as a policy file:

      $ minivault policy fmt my-policy.hcl`,
  flags: [],
  async run(ctx) {
    const n = ctx.args.length;
    if (n !== 1) {
      ctx.ui.error(n < 1 ? errCliNotEnoughArgs('1', n) : errCliTooManyArgs('1', n));
      return 1;
    }
    // homedir.Expand: a leading `~` is the user's home directory.
    let path = ctx.args[0]!.trim();
    if (path === '~' || path.startsWith('~/')) path = (ctx.io.env.HOME ?? homedir()) + path.slice(1);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      ctx.ui.error(errCliPolicyFmtRead(goFileError(path, e)));
      return 1;
    }
    try {
      parsePolicy(text);
    } catch (e) {
      ctx.ui.error(errorMessage(e));
      return 1;
    }
    try {
      writeFileSync(path, formatPolicyText(text), { mode: 0o644 });
    } catch (e) {
      ctx.ui.error(errCliPolicyFmtWrite(goFileError(path, e)));
      return 1;
    }
    ctx.ui.output(`Success! Formatted policy: ${path}`);
    return 0;
  },
};
