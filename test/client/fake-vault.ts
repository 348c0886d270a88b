// A small fake of the Vault routes the sidecar client uses, with Vault's shapes (http/logical.go,
// vault-plugin-secrets-kv, vault/token_store.go): KV v2 data/metadata/destroy on one
// mount and the UI mounts preflight that finds it (vault/logical_system.go pathInternalUIMountRead),
// auth/token lookup-self and renew-self with TTLs on a shared ManualClock, sys/health, and
// fault knobs (seal, delay, down). Served in-process (`fetch`) or over loopback HTTP (`listen`).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rfc3339Nano, type ManualClock } from '../../src/util/clock.js';
import type { FetchLike } from '../../src/client/index.js';

interface Token { ttl: number; renewable: boolean; maxTtl: number; issuedAt: number; renewedAt: number; creationTtl: number; revoked: boolean }
interface Version { data: Record<string, unknown>; created: string; deletionTime: string; destroyed: boolean }
interface Key { current: number; versions: Map<number, Version>; custom: Record<string, string> | null; created: string }
interface Answer { status: number; body?: unknown }

export class FakeVault {
  readonly clock: ManualClock;
  readonly mount: string;
  readonly rootToken = 'hvs.fakeRootToken000000000';
  sealed = false;
  /** Real milliseconds every answer waits. */
  delayMs = 0;
  /** In-process fetch fails like a refused connection. */
  down = false;
  readonly requests: string[] = [];
  readonly #tokens = new Map<string, Token>();
  readonly #keys = new Map<string, Key>();
  #server: Server | null = null;
  #port = 0;

  constructor(clock: ManualClock, mount = 'kgc') {
    this.clock = clock;
    this.mount = mount;
    this.#tokens.set(this.rootToken, { ttl: 0, renewable: false, maxTtl: 0, issuedAt: clock.now(), renewedAt: clock.now(), creationTtl: 0, revoked: false });
  }

  /** A token with `ttl` seconds; `maxTtl` caps its life from now (default Vault's 768h). */
  token(ttl: number, opts: { renewable?: boolean; maxTtl?: number } = {}): string {
    const id = `hvs.fake${this.#tokens.size.toString().padStart(20, '0')}`;
    const now = this.clock.now();
    this.#tokens.set(id, { ttl, renewable: opts.renewable ?? true, maxTtl: opts.maxTtl ?? 768 * 3600, issuedAt: now, renewedAt: now, creationTtl: ttl, revoked: false });
    return id;
  }
  revoke(id: string): void { this.#tokens.get(id)!.revoked = true; }

  /** Writes a version directly (no token, no cas). */
  put(path: string, data: Record<string, unknown>): number {
    return this.#write(path, data);
  }
  versions(path: string): number { return this.#keys.get(path)?.current ?? 0; }
  latest(path: string): Record<string, unknown> | undefined {
    const k = this.#keys.get(path);
    return k?.versions.get(k.current)?.data;
  }
  setCustomMetadata(path: string, custom: Record<string, string>): void {
    this.#key(path).custom = custom;
  }
  count(prefix: string): number { return this.requests.filter((r) => r.startsWith(prefix)).length; }

  handle(method: string, rawPath: string, token: string | undefined, body: any): Answer {
    const [path, query = ''] = rawPath.split('?') as [string, string?];
    this.requests.push(`${method} ${path}`);
    const now = this.clock.now();
    if (path === 'sys/health') {
      return { status: this.sealed ? 503 : 200, body: { initialized: true, sealed: this.sealed, standby: this.sealed, server_time_utc: Math.floor(now / 1000), version: '1.18.1' } };
    }
    if (this.sealed) return { status: 503, body: { errors: ['Vault is sealed'] } };
    const t = token === undefined ? undefined : this.#tokens.get(token);
    const valid = !(t === undefined || t.revoked || (t.ttl > 0 && now >= t.renewedAt + t.ttl * 1000));
    if (path.startsWith('sys/internal/ui/mounts/')) {
      const asked = decodeURIComponent(path.slice('sys/internal/ui/mounts/'.length)).replace(/\/*$/, '/');
      if (!valid || !asked.startsWith(this.mount + '/')) {
        return { status: 403, body: { errors: [`preflight capability check returned 403, please ensure client's policies grant access to path "${asked}"`] } };
      }
      return envelope({ path: this.mount + '/', type: 'kv', options: { version: '2' } });
    }
    if (!valid || t === undefined) return { status: 403, body: { errors: ['permission denied'] } };
    if (path === 'auth/token/lookup-self') return envelope({ accessor: 'acc', creation_ttl: t.creationTtl, renewable: t.renewable, policies: ['default'], ttl: t.ttl === 0 ? 0 : Math.floor((t.renewedAt + t.ttl * 1000 - now) / 1000), expire_time: t.ttl === 0 ? null : rfc3339Nano(t.renewedAt + t.ttl * 1000), type: 'service' });
    if (path === 'auth/token/renew-self' && method === 'POST') {
      if (t.ttl === 0) return { status: 400, body: { errors: ['invalid lease ID'] } };
      if (!t.renewable) return { status: 400, body: { errors: ['lease is not renewable'] } };
      const left = Math.floor((t.issuedAt + t.maxTtl * 1000 - now) / 1000);
      t.ttl = Math.min(t.creationTtl, left);
      t.renewedAt = now;
      return envelope(null, { client_token: token, accessor: 'acc', policies: ['default'], lease_duration: t.ttl, renewable: true, token_type: 'service' });
    }
    const m = /^([^/]+)\/(data|metadata|destroy)\/(.+)$/.exec(path);
    if (m === null || m[1] !== this.mount) return { status: 404, body: { errors: [`no handler for route "${path}". route entry not found.`] } };
    const key = decodeURIComponent(m[3]!);
    const k = this.#keys.get(key);
    if (m[2] === 'data' && method === 'GET') {
      const n = Number(/version=(\d+)/.exec(query)?.[1] ?? 0) || k?.current || 0;
      const v = k?.versions.get(n);
      if (v === undefined) return { status: 404, body: { errors: [] } };
      const gone = v.destroyed || (v.deletionTime !== '' && Date.parse(v.deletionTime) <= now);
      return { status: gone ? 404 : 200, body: { data: { data: gone ? null : v.data, metadata: this.#meta(k!, n) } } };
    }
    if (m[2] === 'data' && method === 'POST') {
      const cas = body?.options?.cas;
      if (cas !== undefined && Number(cas) !== (k?.current ?? 0)) return { status: 400, body: { errors: ['check-and-set parameter did not match the current version'] } };
      const n = this.#write(key, body.data);
      return envelope(this.#meta(this.#keys.get(key)!, n));
    }
    if (m[2] === 'data' && method === 'DELETE') {
      const v = k?.versions.get(k.current);
      if (v && v.deletionTime === '') v.deletionTime = rfc3339Nano(now);
      return { status: 204 };
    }
    if (m[2] === 'destroy' && method === 'POST') {
      for (const n of body.versions as number[]) { const v = k?.versions.get(n); if (v) v.destroyed = true; }
      return { status: 204 };
    }
    if (m[2] === 'metadata' && method === 'GET') {
      if (k === undefined) return { status: 404, body: { errors: [] } };
      const versions: Record<string, unknown> = {};
      for (const [n, v] of k.versions) versions[n] = { created_time: v.created, deletion_time: v.deletionTime, destroyed: v.destroyed };
      return envelope({ cas_required: false, created_time: k.created, current_version: k.current, custom_metadata: k.custom, max_versions: 0, oldest_version: 0, versions });
    }
    return { status: 405, body: { errors: [] } };
  }

  /** In-process transport: no socket, same answers. */
  readonly fetch: FetchLike = async (url, init) => {
    if (this.down) throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const path = url.slice(url.indexOf('/v1/') + 4);
    const answer = this.handle(init.method, path, init.headers['X-Vault-Token'], init.body ? JSON.parse(init.body) : undefined);
    return { status: answer.status, text: async () => (answer.body === undefined ? '' : JSON.stringify(answer.body)) };
  };

  /** Serves over loopback HTTP (again on the same port after `stop()`); resolves with the address. */
  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const answer = this.handle(req.method!, req.url!.slice(4), req.headers['x-vault-token'] as string | undefined, raw ? JSON.parse(raw) : undefined);
        const send = () => {
          res.writeHead(answer.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(answer.body === undefined ? '' : JSON.stringify(answer.body) + '\n');
        };
        if (this.delayMs > 0) setTimeout(send, this.delayMs).unref(); else send();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.#port, '127.0.0.1', resolve));
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Stops serving: new connections are refused until `listen()` again. */
  async stop(): Promise<void> {
    const s = this.#server;
    this.#server = null;
    if (s === null) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  #key(path: string): Key {
    let k = this.#keys.get(path);
    if (k === undefined) this.#keys.set(path, (k = { current: 0, versions: new Map(), custom: null, created: rfc3339Nano(this.clock.now()) }));
    return k;
  }
  #write(path: string, data: Record<string, unknown>): number {
    const k = this.#key(path);
    k.current++;
    k.versions.set(k.current, { data: JSON.parse(JSON.stringify(data)), created: rfc3339Nano(this.clock.now()), deletionTime: '', destroyed: false });
    return k.current;
  }
  #meta(k: Key, n: number): Record<string, unknown> {
    const v = k.versions.get(n)!;
    return { created_time: v.created, custom_metadata: k.custom, deletion_time: v.deletionTime, destroyed: v.destroyed, version: n };
  }
}

function envelope(data: unknown, auth: unknown = null): Answer {
  return { status: 200, body: { request_id: '00000000-0000-0000-0000-000000000000', lease_id: '', renewable: false, lease_duration: 0, data, wrap_info: null, warnings: null, auth, mount_type: auth ? 'token' : 'kv' } };
}
