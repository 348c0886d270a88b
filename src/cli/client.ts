// The CLI's HTTP client, modelled on Vault's Go api.Client as the CLI configures it (api/client.go,
// api/request.go, api/response.go): every request to `<address>/v1/<path>` with
// `X-Vault-Request: true` and `X-Vault-Token` when a token is known; no retries; a 60 s timeout.
// Every request asks its wrapping lookup for a wrap TTL and sends it as `X-Vault-Wrap-TTL`
// (api/client.go NewRequest, api/request.go); without a lookup set, api/logical.go's default applies.
// Statuses outside 200–399 become ApiError with Vault's "Error making API request." text;
// connection failures become TransportError in Go net/http's words (`Get "<url>": dial tcp …`),
// which always names the address. Plain node:http so it talks to any Vault-compatible server.
// Called ApiClient after the Go type it models; src/client's VaultClient is the unrelated
// long-lived library client (leases, renewal, caching) for applications.
import http from 'node:http';
import https from 'node:https';

export interface ClientOptions {
  address: string;
  token?: string;
  namespace?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  tlsSkipVerify?: boolean;
  /** One CA (VAULT_CACERT) or the certificates of a directory (VAULT_CAPATH). */
  caCert?: Buffer | Buffer[];
  /** Client certificate and key presented to the server (VAULT_CLIENT_CERT, VAULT_CLIENT_KEY). */
  clientCert?: Buffer;
  clientKey?: Buffer;
  tlsServerName?: string;
  /** The CLI's wrapping lookup (command/base.go DefaultWrappingLookupFunc); absent = the API default. */
  wrappingLookup?: WrappingLookup;
  /** VAULT_WRAP_TTL as the API default lookup reads it from the environment. */
  envWrapTTL?: string;
}

export interface RequestOptions {
  /** Query parameters; a list sends the key once per value (Go url.Values). */
  query?: Record<string, string | string[]>;
  body?: unknown;
  contentType?: string;
  /** Sends this token instead of the client's (api Client.SetToken around one call). */
  token?: string;
}

/** Given the method and the path after `/v1/`, the wrap TTL to request ('' = none). */
export type WrappingLookup = (method: string, path: string) => string;

/** api/logical.go: the TTL `sys/wrapping/wrap` gets when nothing else asks for one. */
export const DEFAULT_WRAPPING_TTL = '5m';

/**
 * api/logical.go DefaultWrappingLookupFunc: VAULT_WRAP_TTL as written when set, else 5m for
 * PUT/POST `sys/wrapping/wrap`, else no wrapping.
 */
export function defaultWrappingLookup(envWrapTTL: string | undefined): WrappingLookup {
  return (method, path) => {
    if (envWrapTTL) return envWrapTTL;
    if ((method === 'PUT' || method === 'POST') && path === 'sys/wrapping/wrap') return DEFAULT_WRAPPING_TTL;
    return '';
  };
}

export interface RawResponse {
  method: string;
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** The server could not be reached (or answered garbage); message is Go's url.Error text. */
export class TransportError extends Error {}

/** The server answered with a status outside 200–399; message is Vault's ResponseError text. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly response: RawResponse) {
    super(message);
  }
}

/** Go url.shouldEscape(c, encodePath): unreserved and `$&+,/:;=@` stay, everything else is escaped. */
function escapePath(path: string): string {
  let out = '';
  for (const byte of Buffer.from(path, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go url.Values.Encode: keys sorted, query-escaped. */
function encodeQuery(query: Record<string, string | string[]> | undefined): string {
  if (!query) return '';
  const keys = Object.keys(query).sort();
  const esc = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+');
  const pairs = keys.flatMap((k) => [query[k]!].flat().map((v) => `${esc(k)}=${esc(v)}`));
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

/** Go's url.Error op: the method with only its first letter upper-case (`Get`, `Put`). */
const urlErrorOp = (method: string): string => method.slice(0, 1) + method.slice(1).toLowerCase();

function transportCause(err: NodeJS.ErrnoException, target: URL): string {
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const hostPort = `${target.hostname}:${port}`;
  switch (err.code) {
    case 'ECONNREFUSED': return `dial tcp ${hostPort}: connect: connection refused`;
    case 'EHOSTUNREACH': return `dial tcp ${hostPort}: connect: no route to host`;
    case 'ENETUNREACH': return `dial tcp ${hostPort}: connect: network is unreachable`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN': return `dial tcp: lookup ${target.hostname}: no such host`;
    case 'ECONNRESET': return 'EOF';
    case 'ETIMEDOUT': return 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
    default: return err.message;
  }
}

/** api/response.go Error(): the text every API failure prints after the command's prefix. */
export function apiErrorText(res: RawResponse, namespace?: string): string {
  const ns = namespace && namespace !== 'root/' ? `Namespace: ${namespace}\n` : '';
  const head = `Error making API request.\n\n${ns}URL: ${res.method} ${res.url}\n`;
  let errors: string[] | undefined;
  try {
    const parsed: unknown = JSON.parse(res.text);
    if (parsed === null) errors = [];
    else if (typeof parsed === 'object' && !Array.isArray(parsed)) {
      const list = (parsed as { errors?: unknown }).errors;
      if (list === undefined || list === null) errors = [];
      else if (Array.isArray(list) && list.every((e) => typeof e === 'string')) errors = list as string[];
    }
  } catch {
    errors = undefined;
  }
  if (errors === undefined) return `${head}Code: ${res.status}. Raw Message:\n\n${res.text}`;
  return `${head}Code: ${res.status}. Errors:\n\n${errors.map((e) => `* ${e}`).join('')}`;
}

export class ApiClient {
  readonly address: string;
  private readonly base: URL | undefined;
  private readonly agent: http.Agent | undefined;
  private wrappingLookup: WrappingLookup | undefined;

  constructor(private readonly options: ClientOptions) {
    this.address = options.address;
    this.wrappingLookup = options.wrappingLookup;
    try {
      this.base = new URL(options.address);
    } catch {
      this.base = undefined;
    }
    if (this.base?.protocol === 'https:') {
      this.agent = new https.Agent({
        keepAlive: true,
        rejectUnauthorized: !options.tlsSkipVerify,
        ...(options.caCert ? { ca: options.caCert } : {}),
        ...(options.clientCert && options.clientKey ? { cert: options.clientCert, key: options.clientKey } : {}),
        ...(options.tlsServerName ? { servername: options.tlsServerName } : {}),
      });
    } else if (this.base?.protocol === 'http:') {
      this.agent = new http.Agent({ keepAlive: true });
    }
  }

  get token(): string | undefined {
    return this.options.token;
  }

  /** The wrap TTL a request would carry: the lookup set, else the API default. */
  wrapTTLFor(method: string, path: string): string {
    return (this.wrappingLookup ?? defaultWrappingLookup(this.options.envWrapTTL))(method, path);
  }

  /**
   * Runs fn with the client's wrapping lookup cleared, as kvPreflightVersionRequest does with
   * SetWrappingLookupFunc(nil): the API default (VAULT_WRAP_TTL) then still applies.
   */
  async withoutWrappingLookup<T>(fn: () => Promise<T>): Promise<T> {
    const saved = this.wrappingLookup;
    this.wrappingLookup = undefined;
    try {
      return await fn();
    } finally {
      this.wrappingLookup = saved;
    }
  }

  /** Full URL for a `/v1/` path, as the Go client joins it onto the address's own path. */
  urlFor(path: string, query?: Record<string, string | string[]>): string {
    const prefix = this.base ? this.base.pathname.replace(/\/+$/, '') : this.address.replace(/\/+$/, '');
    const origin = this.base ? this.base.origin : '';
    return `${origin}${escapePath(`${prefix}/v1/${path}`)}${encodeQuery(query)}`;
  }

  /** Sends one request and returns whatever the server answered; throws only TransportError. */
  send(method: string, path: string, opts: RequestOptions = {}): Promise<RawResponse> {
    const url = this.urlFor(path, opts.query);
    const base = this.base;
    if (!base || (base.protocol !== 'http:' && base.protocol !== 'https:')) {
      const scheme = base ? base.protocol.replace(/:$/, '') : '';
      return Promise.reject(new TransportError(`${urlErrorOp(method)} "${url}": unsupported protocol scheme "${scheme}"`));
    }
    const headers: Record<string, string> = { 'X-Vault-Request': 'true', ...this.options.headers };
    const token = opts.token ?? this.options.token;
    if (token) headers['X-Vault-Token'] = token;
    if (this.options.namespace) headers['X-Vault-Namespace'] = this.options.namespace;
    const wrapTTL = this.wrapTTLFor(method, path);
    if (wrapTTL !== '') headers['X-Vault-Wrap-TTL'] = wrapTTL;
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body), 'utf8');
    if (payload) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const target = new URL(url);
    const mod = base.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(target, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => reject(new TransportError(`${urlErrorOp(method)} "${url}": ${err.message}`)));
        res.on('end', () => resolve({
          method, url, status: res.statusCode ?? 0, headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }));
      });
      req.setTimeout(this.options.timeoutMs ?? 60_000, () => {
        req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        reject(new TransportError(`${urlErrorOp(method)} "${url}": ${transportCause(err, target)}`));
      });
      req.end(payload);
    });
  }

  /** Sends a request; a status outside 200–399 throws ApiError with Vault's text. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<RawResponse> {
    return this.check(await this.send(method, path, opts));
  }

  /** Throws ApiError for a status outside 200–399 (api/response.go Error); returns res otherwise. */
  check(res: RawResponse): RawResponse {
    if (res.status < 200 || res.status >= 400) {
      throw new ApiError(apiErrorText(res, this.options.namespace), res.status, res);
    }
    return res;
  }

  /** Like request(), returning the parsed JSON body (undefined for an empty body). */
  async json(method: string, path: string, opts: RequestOptions = {}): Promise<unknown> {
    return parseBody(await this.request(method, path, opts));
  }

  close(): void {
    this.agent?.destroy();
  }
}

/** The JSON body of a response, or undefined when empty or not JSON. */
export function parseBody(res: RawResponse): unknown {
  if (res.text.trim() === '') return undefined;
  try {
    return JSON.parse(res.text);
  } catch {
    return undefined;
  }
}
