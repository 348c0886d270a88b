// The namespace label selector of a Kubernetes role (K8S namespace_validator.go makeNsLabelSelector,
// makeLabelSelector, validateLabels; LIB k8s.io/apimachinery yaml.NewYAMLOrJSONDecoder and
// metav1.LabelSelectorAsSelector). Only `matchLabels` is supported, as in the plugin (match
// expressions are refused). JSON is parsed as JSON; YAML in its block-mapping and flow-mapping
// forms a selector is written in (`matchLabels:\n  team: a` or `{matchLabels: {team: a}}`).
import { ERR_K8S_SELECTOR_EMPTY, ERR_K8S_SELECTOR_EXPRESSIONS } from '../../errors/kubernetes.js';

interface LabelSelector {
  matchLabels: Record<string, string>;
}

function unquote(s: string): string {
  const t = s.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

/** A flow mapping `{a: b, c: d}` (no nesting beyond one inner mapping). */
function flowMap(s: string): Record<string, unknown> {
  const t = s.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) throw new Error('not a mapping');
  const inner = t.slice(1, -1).trim();
  const out: Record<string, unknown> = {};
  if (inner === '') return out;
  let depth = 0;
  let start = 0;
  const parts: string[] = [];
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '{') depth++;
    else if (inner[i] === '}') depth--;
    else if (inner[i] === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  for (const p of parts) {
    const i = p.indexOf(':');
    if (i < 0) throw new Error('not a mapping');
    const v = p.slice(i + 1).trim();
    out[unquote(p.slice(0, i))] = v.startsWith('{') ? flowMap(v) : unquote(v);
  }
  return out;
}

/** A block mapping of at most two levels. */
function blockMap(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let current: Record<string, unknown> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indented = /^\s+/.test(line);
    const i = line.indexOf(':');
    if (i < 0) throw new Error('not a mapping');
    const key = unquote(line.slice(0, i));
    const value = line.slice(i + 1).trim();
    if (!indented) {
      if (value === '') {
        current = {};
        out[key] = current;
      } else {
        out[key] = value.startsWith('{') ? flowMap(value) : unquote(value);
        current = undefined;
      }
    } else {
      if (current === undefined) throw new Error('bad indentation');
      current[key] = unquote(value);
    }
  }
  return out;
}

/** makeNsLabelSelector: a non-empty selector whose matchLabels are strings and that has no match expressions. */
export function parseNamespaceSelector(text: string): LabelSelector {
  if (text === '') throw new Error(ERR_K8S_SELECTOR_EMPTY);
  const trimmed = text.trim();
  let doc: unknown;
  if (trimmed.startsWith('{')) {
    try {
      doc = JSON.parse(trimmed);
    } catch {
      doc = flowMap(trimmed);
    }
  } else {
    doc = blockMap(text);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a label selector');
  const o = doc as Record<string, unknown>;
  if (o.matchExpressions !== undefined && o.matchExpressions !== null) throw new Error(ERR_K8S_SELECTOR_EXPRESSIONS);
  const labels = o.matchLabels ?? {};
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) throw new Error('matchLabels is not a mapping');
  const matchLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new Error('label value is not a string');
    matchLabels[k] = v;
  }
  return { matchLabels };
}

/** labels.Selector.Matches: every label of the selector present with its value (empty = everything). */
export function selectorMatches(sel: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(sel.matchLabels).every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v);
}
