// Walks over JSON values without recursion. Go's encoding/json accepts documents nested up to
// 10000 levels (scanner.go maxNestingDepth), so Vault stores and serves them; V8's own recursive
// walkers (JSON.stringify, structuredClone) and any recursive helper overflow Node's stack well
// before that (JSON.stringify at a few thousand levels). Every walker on a path that sees request
// data — copy, freeze, key sorting, merge patch, audit hashing, serialising — is built on the
// explicit stacks here, so depth costs heap, never the call stack.

type Obj = Record<string, unknown>;

/** How rebuildJson turns each part of a value into the result. */
export interface JsonRebuilder {
  /** The value to walk in place of `value` (e.g. its toJSON()); absent: the value itself. */
  prepare?(value: unknown): unknown;
  /** Which keys of an object are visited, in the order their results are handed to `object`. */
  keys(obj: Obj): string[];
  /** The result for a non-container; `key` is the nearest enclosing object key. */
  leaf(value: unknown, key: string | undefined): unknown;
  /** The result for an array, given its elements' results. */
  array(node: unknown[], values: unknown[]): unknown;
  /** The result for an object, given the visited keys and their values' results. */
  object(node: Obj, keys: string[], values: unknown[]): unknown;
}

interface Frame {
  node: object;
  keys: string[] | undefined; // undefined: an array
  i: number;
  values: unknown[];
  key: string | undefined;
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** Rebuilds `root` bottom-up (post-order) with an explicit stack. */
export function rebuildJson(root: unknown, r: JsonRebuilder): unknown {
  const stack: Frame[] = [];
  const open = (raw: unknown, key: string | undefined): { done: unknown } | undefined => {
    const value = r.prepare ? r.prepare(raw) : raw;
    if (!isContainer(value)) return { done: r.leaf(value, key) };
    stack.push({ node: value, keys: Array.isArray(value) ? undefined : r.keys(value as Obj), i: 0, values: [], key });
    return undefined;
  };
  const first = open(root, undefined);
  if (first) return first.done;
  for (;;) {
    const top = stack[stack.length - 1]!;
    const n = top.keys === undefined ? (top.node as unknown[]).length : top.keys.length;
    if (top.i < n) {
      const k = top.keys === undefined ? undefined : top.keys[top.i]!;
      const child = k === undefined ? (top.node as unknown[])[top.i] : (top.node as Obj)[k];
      top.i++;
      const leaf = open(child, k ?? top.key);
      if (leaf) top.values.push(leaf.done);
      continue;
    }
    stack.pop();
    const built = top.keys === undefined ? r.array(top.node as unknown[], top.values) : r.object(top.node as Obj, top.keys, top.values);
    if (stack.length === 0) return built;
    stack[stack.length - 1]!.values.push(built);
  }
}

/** Sets an own property even for the key `__proto__`, which plain assignment would not. */
export function setOwn(target: Obj, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const COPY: JsonRebuilder = {
  keys: (o) => Object.keys(o),
  leaf: (v) => v,
  array: (_n, values) => values,
  object: (_n, keys, values) => {
    const out: Obj = {};
    for (let i = 0; i < keys.length; i++) setOwn(out, keys[i]!, values[i]);
    return out;
  },
};

/** A fresh, unfrozen deep copy of a JSON value (own `__proto__` keys stay data). */
export function copyJsonDeep<T>(value: T): T {
  return rebuildJson(value, COPY) as T;
}

/** Freezes a value and everything reachable from it; frozen parts are not walked again. */
export function deepFreezeIter<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (!isContainer(v) || Object.isFrozen(v)) continue;
    for (const child of Object.values(v)) if (isContainer(child)) stack.push(child);
    Object.freeze(v);
  }
  return value;
}

/** The deepest nesting of arrays and objects in `value` (a scalar is 0). */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (!isContainer(v)) continue;
    if (d + 1 > max) max = d + 1;
    for (const child of Object.values(v)) if (isContainer(child)) stack.push([child, d + 1]);
  }
  return max;
}

interface OutFrame {
  node: object;
  keys: string[] | undefined;
  i: number;
  wrote: boolean;
}

/**
 * JSON.stringify(value) without recursion, for plain data: same text, same rules (toJSON,
 * undefined and functions dropped from objects and null in arrays, non-finite numbers as null).
 * `keysOf` picks an object's keys and their order (default: Object.keys).
 */
export function stringifyIter(value: unknown, keysOf: (o: Obj) => string[] = Object.keys): string | undefined {
  const prep = (v: unknown): unknown => {
    const toJSON = isContainer(v) ? (v as { toJSON?: unknown }).toJSON : undefined;
    return typeof toJSON === 'function' ? (toJSON as () => unknown).call(v) : v;
  };
  const scalar = (v: unknown): string | undefined => (v === undefined || typeof v === 'function' || typeof v === 'symbol' ? undefined : JSON.stringify(v));
  const root = prep(value);
  if (!isContainer(root)) return scalar(root);
  let out = '';
  const stack: OutFrame[] = [];
  const push = (node: object) => {
    const isArray = Array.isArray(node);
    out += isArray ? '[' : '{';
    stack.push({ node, keys: isArray ? undefined : keysOf(node as Obj), i: 0, wrote: false });
  };
  push(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const n = top.keys === undefined ? (top.node as unknown[]).length : top.keys.length;
    if (top.i >= n) {
      out += top.keys === undefined ? ']' : '}';
      stack.pop();
      continue;
    }
    const k = top.keys === undefined ? undefined : top.keys[top.i]!;
    const child = prep(k === undefined ? (top.node as unknown[])[top.i] : (top.node as Obj)[k]);
    top.i++;
    const text = isContainer(child) ? '' : scalar(child);
    if (k !== undefined && !isContainer(child) && text === undefined) continue; // dropped from objects
    if (top.wrote) out += ',';
    top.wrote = true;
    if (k !== undefined) out += JSON.stringify(k) + ':';
    if (isContainer(child)) push(child);
    else out += text ?? 'null';
  }
  return out;
}

/** JSON.stringify, falling back to the stack-free writer when the value is too deep for V8's. */
export function stringifyJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    text = stringifyIter(value);
  }
  if (text === undefined) throw new TypeError('value is not representable as JSON');
  return text;
}

/**
 * A rough count of the heap bytes a decoded value keeps alive (V8 on 64-bit: object headers,
 * property slots, string headers and characters, typed array stores). Walks at most
 * ESTIMATE_NODES nodes; beyond that, four times `sourceBytes` (what JSON text of that size
 * typically decodes to).
 */
export function estimateRetained(value: unknown, sourceBytes: number): number {
  const ESTIMATE_NODES = 20_000;
  let bytes = 0;
  let nodes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    if (++nodes > ESTIMATE_NODES) return Math.max(bytes, 4 * sourceBytes);
    const v = stack.pop();
    if (typeof v === 'string') bytes += 16 + v.length * (/[^\x00-\xff]/.test(v) ? 2 : 1);
    else if (typeof v === 'number' || typeof v === 'bigint') bytes += 16;
    else if (ArrayBuffer.isView(v)) bytes += 160 + v.byteLength;
    else if (v instanceof Map || v instanceof Set) {
      bytes += 64 + 48 * v.size;
      for (const x of v instanceof Map ? [...v.keys(), ...v.values()] : v) stack.push(x);
    } else if (Array.isArray(v)) {
      bytes += 32 + 8 * v.length;
      for (const x of v) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v);
      bytes += 56 + 24 * keys.length;
      for (const k of keys) stack.push(k, (v as Obj)[k]);
    }
  }
  return bytes;
}
