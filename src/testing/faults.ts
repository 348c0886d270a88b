// Fault injection for the test fake (in the spirit of miniredis SetError): answer a matching
// request with a chosen status, add latency, or drop every open connection. Applied in front of
// core, so both createVault().fetch and startVault()'s socket see the same faults.
import type { CoreRequest, CoreResponse } from '../core/types.js';

export interface FaultRule {
  /** Path after /v1/, or a prefix ending in '*': `kgc/data/*`. */
  path: string;
  /** HTTP method (GET, POST, LIST, ...) or a core operation; any when absent. */
  method?: string;
  status: number;
  errors?: string[];
  /** How many requests it applies to (default: until cleared). */
  times?: number;
}

const METHOD_OPS: Record<string, string[]> = {
  GET: ['read', 'list'], LIST: ['list'], POST: ['create', 'update'], PUT: ['create', 'update'], PATCH: ['patch'], DELETE: ['delete'],
};

/** Its methods are bound: `const { inject, clear } = vault.faults` works. */
export class Faults {
  #rules: FaultRule[] = [];
  #latencyMs = 0;
  #drop: (() => void) | undefined;

  constructor(drop?: () => void) {
    this.#drop = drop;
  }

  readonly inject = (rule: FaultRule): void => {
    this.#rules.push({ ...rule });
  };

  readonly latency = (ms: number): void => {
    this.#latencyMs = ms;
  };

  /** Destroys every open client connection (socket servers only). */
  readonly dropConnections = (): void => {
    this.#drop?.();
  };

  readonly setDropper = (drop: () => void): void => {
    this.#drop = drop;
  };

  readonly clear = (): void => {
    this.#rules = [];
    this.#latencyMs = 0;
  };

  /** Whether any rule or latency is set (when not, requests skip apply() altogether). */
  get active(): boolean {
    return this.#latencyMs > 0 || this.#rules.length > 0;
  }

  /** Runs before core: waits the latency, then answers from the first matching rule, if any. */
  readonly apply = async (req: CoreRequest): Promise<CoreResponse | undefined> => {
    if (this.#latencyMs > 0) await new Promise((r) => setTimeout(r, this.#latencyMs));
    const i = this.#rules.findIndex((r) => matches(r, req));
    if (i === -1) return undefined;
    const rule = this.#rules[i]!;
    if (rule.times !== undefined && --rule.times <= 0) this.#rules.splice(i, 1);
    return { status: rule.status, body: { errors: rule.errors ?? [] } };
  };
}

function matches(rule: FaultRule, req: CoreRequest): boolean {
  const path = rule.path.replace(/^\/?(v1\/)?/, '');
  const ok = path.endsWith('*') ? req.path.startsWith(path.slice(0, -1)) : req.path.replace(/\/$/, '') === path.replace(/\/$/, '');
  if (!ok) return false;
  if (!rule.method) return true;
  const m = rule.method.toUpperCase();
  return (METHOD_OPS[m] ?? [rule.method.toLowerCase()]).includes(req.operation);
}
