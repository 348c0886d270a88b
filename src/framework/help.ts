// The help texts of a framework backend: a path's page (sdk/framework/path.go helpCallback
// rendered through pathHelpTemplate) and the backend's root page (sdk/framework/backend.go
// handleRootHelp through rootHelpTemplate). Both templates run through sdk/framework/template.go
// executeTemplate, whose `indent` helper and final TrimSpace are reproduced here by hand.
import { fieldTypeName } from './field-types.js';
import { goStringCompare, goTrimSpace } from '../go/strings.js';
import { anchoredSource } from './pattern.js';
import type { BackendSpec, PathSpec } from './types.js';

// Go's unicode.IsSpace (strings.TrimSpace): ASCII \t\n\v\f\r and space, U+0085, U+00A0 and the
// template.go funcIndent: each line bufio.Scanner yields (a trailing \r dropped, no line for a
// final \n) gets the prefix and a \n; then trailing \n's are cut.
function indent(count: number, text: string): string {
  const prefix = ' '.repeat(count);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const buf = lines.map((l) => prefix + (l.endsWith('\r') ? l.slice(0, -1) : l) + '\n').join('');
  return buf.replace(/\n+$/, '');
}

/**
 * path.go helpCallback + pathHelpTemplate. `requestPath` is the path inside the mount;
 * `anchoredPattern` the route as backend.go init anchored it ("Matching Route").
 */
export function pathHelpText(spec: PathSpec, requestPath: string, anchoredPattern: string): string {
  const synopsis = goTrimSpace(spec.helpSynopsis ?? '') || '<no synopsis>';
  const description = goTrimSpace(spec.helpDescription ?? '') || '<no description>';
  const fields = spec.fields ?? {};
  const names = Object.keys(fields).sort(goStringCompare);
  let out = `\nRequest:        ${requestPath}\nMatching Route: ${anchoredPattern}\n\n${synopsis}\n\n`;
  // `{{ if .Fields -}}` eats the newline before "## PARAMETERS"; each field renders as
  // "\n<key> (<type>)\n\n<description>\n", deprecated ones with a "(DEPRECATED) " prefix.
  if (names.length > 0) {
    out += '## PARAMETERS\n';
    for (const name of names) {
      const f = fields[name];
      const desc = goTrimSpace(f.description ?? '') || '<no description>';
      out += `\n${indent(4, name)} (${fieldTypeName(f.type)})\n\n`;
      out += `${indent(8, f.deprecated === true ? `(DEPRECATED) ${desc}` : desc)}\n`;
    }
  }
  out += `\n## DESCRIPTION\n\n${description}\n`;
  return goTrimSpace(out);
}

/**
 * backend.go handleRootHelp + rootHelpTemplate: every path's anchored regex, sorted as strings
 * (a pattern declared twice is listed twice, with the synopsis of its last declaration, as the
 * upstream map-plus-slice does), the regex indented 4 and the synopsis 8.
 */
export function rootHelpText(backend: BackendSpec): string {
  const byPattern = new Map<string, PathSpec>();
  const routes: string[] = [];
  for (const p of backend.paths) {
    const route = anchoredSource(p.pattern);
    routes.push(route);
    byPattern.set(route, p);
  }
  routes.sort(goStringCompare);
  let out =
    `\n## DESCRIPTION\n\n${goTrimSpace(backend.help)}\n\n## PATHS\n\n` +
    'The following paths are supported by this backend. To view help for\n' +
    'any of the paths below, use the help command with any route matching\n' +
    'the path pattern. Note that depending on the policy of your auth token,\n' +
    'you may or may not be able to access certain paths.\n\n';
  for (const route of routes) {
    out += `${indent(4, route)}\n${indent(8, goTrimSpace(byPattern.get(route)!.helpSynopsis ?? ''))}\n\n`;
  }
  return goTrimSpace(out + '\n\n');
}
