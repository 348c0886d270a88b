// The wire under the client: one JSON request to Vault's HTTP API (`/v1/<path>`, `X-Vault-Token`,
// `X-Vault-Request: true` as hashicorp/vault api/client.go sends them), with a per-request timeout
// and cancellation on close. Any HTTP answer is returned as-is; only the absence of one (refused,
// reset, timed out, closed) throws. Callers turn statuses into errors with `failure()`.
import { errClientApiRequest, errClientTimeout, errClientTransport, ERR_CLIENT_CLOSED } from '../errors/client.js';
import { kindForStatus, VaultClientError } from './errors.js';

export type FetchLike = (url: string, init: {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}) => Promise<{ status: number; text(): Promise<string> }>;

export interface VaultAnswer {
  status: number;
  /** Parsed JSON body; null for 204 or an empty body. */
  body: any;
}

export interface SendOptions {
  body?: unknown;
  /** Query string without `?`, already encoded: `version=3`. */
  query?: string;
  /** Send the client token (default true); sys/health needs none. */
  auth?: boolean;
}

export interface TransportOptions {
  address: string;
  token: string;
  fetch: FetchLike;
  timeoutMs: number;
}

export class VaultTransport {
  readonly address: string;
  token: string;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #closing = new AbortController();

  constructor(opts: TransportOptions) {
    this.address = opts.address.replace(/\/+$/, '');
    this.token = opts.token;
    this.#fetch = opts.fetch;
    this.#timeoutMs = opts.timeoutMs;
  }

  get closed(): boolean {
    return this.#closing.signal.aborted;
  }

  /** Aborts every request in flight and refuses new ones. */
  close(): void {
    this.#closing.abort();
  }

  /** Sends one request; resolves with any HTTP answer, rejects only when there is none. */
  async send(method: string, path: string, opts: SendOptions = {}): Promise<VaultAnswer> {
    const url = `${this.address}/v1/${path}${opts.query ? '?' + opts.query : ''}`;
    if (this.closed) throw new VaultClientError('closed', 0, ERR_CLIENT_CLOSED, [], { method, path });
    const headers: Record<string, string> = { 'X-Vault-Request': 'true' };
    if (opts.auth !== false && this.token !== '') headers['X-Vault-Token'] = this.token;
    let payload: string | undefined;
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(opts.body);
    }
    const request = new AbortController();
    let stoppedBy: 'timeout' | 'closed' | null = null;
    const stopped = new Promise<never>((_, reject) => {
      request.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
    const onClose = () => { stoppedBy = 'closed'; request.abort(); };
    this.#closing.signal.addEventListener('abort', onClose, { once: true });
    // A real-time timer (network latency is not clock time), unref'd so it never holds the process.
    const timer = setTimeout(() => { stoppedBy = 'timeout'; request.abort(); }, this.#timeoutMs);
    timer.unref?.();
    try {
      const exchange = async (): Promise<VaultAnswer> => {
        const init = { method, headers, signal: request.signal, ...(payload === undefined ? {} : { body: payload }) };
        const res = await this.#fetch(url, init);
        const text = await res.text();
        return { status: res.status, body: parseBody(text) };
      };
      // The race makes the timeout hold even for a fetch implementation that ignores `signal`.
      return await Promise.race([exchange(), stopped]);
    } catch (e) {
      if (stoppedBy === 'timeout') {
        throw new VaultClientError('timeout', 0, errClientTransport(method, this.#shown(url), errClientTimeout(this.#timeoutMs)), [], { method, path, cause: e });
      }
      if (stoppedBy === 'closed') throw new VaultClientError('closed', 0, ERR_CLIENT_CLOSED, [], { method, path, cause: e });
      throw new VaultClientError('unreachable', 0, errClientTransport(method, this.#shown(url), describeCause(e)), [], { method, path, cause: e });
    } finally {
      clearTimeout(timer);
      this.#closing.signal.removeEventListener('abort', onClose);
    }
  }

  /** Like `send`, but an answer with status >= 400 (other than those in `accept`) throws. */
  async call(method: string, path: string, opts: SendOptions & { accept?: readonly number[] } = {}): Promise<VaultAnswer> {
    const answer = await this.send(method, path, opts);
    if (answer.status >= 400 && !opts.accept?.includes(answer.status)) throw this.failure(method, path, answer);
    return answer;
  }

  /** The typed error for an HTTP answer Vault gave as a failure, worded as Vault's Go client words it. */
  failure(method: string, path: string, answer: VaultAnswer, hint?: string): VaultClientError {
    const errors = vaultErrors(answer.body);
    const url = this.#shown(`${this.address}/v1/${path}`);
    const message = errClientApiRequest(method, url, answer.status, errors) + (hint ? `\n\n${hint}` : '');
    return new VaultClientError(kindForStatus(answer.status, errors), answer.status, message, errors, { method, path });
  }

  // Query strings are dropped from messages: they can carry parameters nobody wants in a log.
  #shown(url: string): string {
    const q = url.indexOf('?');
    return q < 0 ? url : url.slice(0, q);
  }
}

/** Vault's `{"errors": [...]}`, or [] when the body has none. */
export function vaultErrors(body: unknown): string[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? errors.filter((x): x is string => typeof x === 'string') : [];
}

function parseBody(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [] as string[], raw: text.slice(0, 200) };
  }
}

function describeCause(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (cause && typeof cause === 'object') return [cause.code, cause.message].filter(Boolean).join(': ');
  return e instanceof Error ? e.message : String(e);
}
