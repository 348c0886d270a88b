// max_request_duration (V http/handler.go wrapGenericHandler: context.WithTimeout per request;
// vault/request_handling.go switchedLockHandleRequest cancels the request's context; the storage
// backends answer ctx.Err(), "context canceled"): a request still waiting when its time runs out
// gets 500 and writes nothing; the listener's value, else default_max_request_duration, else 90 s.
// Requests are made slow with a held storage write (a deferred), time moves on the vault's clock.
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../src/http/server.js';
import { listenerBanner, type RunningListener } from '../../src/server/listeners.js';
import { parseServerConfig } from '../../src/server/config.js';
import { planServer } from '../../src/server/setup.js';
import { createVault, type TestVault } from '../../src/testing/index.js';

const CANCELED = { errors: ['1 error occurred:\n\t* context canceled\n\n'] };

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A vault behind a socket listener whose deadlines run on the vault's frozen clock (only advance() moves time). */
async function listening(maxRequestDurationMs?: number) {
  const vault = await createVault({ seed: 5, clock: 'manual' });
  server = createHttpServer(vault.handle, { clock: vault.clock, ...(maxRequestDurationMs !== undefined ? { maxRequestDurationMs } : {}) });
  const { url } = await server.listen(0);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/v1/${path}`, { method, headers: { 'x-vault-token': vault.rootToken }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) as unknown };
  };
  return { vault, call };
}

/** Holds the next storage write under `prefix` until released; resolves `reached` when it arrives. */
function holdWrite(vault: TestVault, match: (key: string) => boolean) {
  const storage = vault.storage;
  const put = storage.put.bind(storage);
  let release!: () => void;
  let reached!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  const arrived = new Promise<void>((r) => { reached = r; });
  let armed = true;
  storage.put = async (key, value) => {
    if (armed && match(key)) {
      armed = false;
      reached();
      await released;
    }
    return put(key, value);
  };
  return { arrived, release };
}

/** Resolves when the listener hands a request for `path` to core (its deadline is set by then). */
function handedOver(path: string): Promise<void> {
  return new Promise((resolve) => server!.setRequestHook((req) => {
    if (req.path === path) resolve();
    return undefined;
  }));
}

describe('max_request_duration', () => {
  it('a write that waits past its deadline behind a slow write gets 500 "context canceled" and writes nothing', async () => {
    const { vault, call } = await listening(1000);
    const slow = holdWrite(vault, (k) => k.includes('/slow'));
    const first = call('POST', 'secret/data/slow', { data: { a: 1 } });
    await slow.arrived;
    const reached = handedOver('secret/data/late');
    const second = call('POST', 'secret/data/late', { data: { b: 2 } });
    await reached;
    vault.clock.advance(1500);
    slow.release();
    expect((await first).status).toBe(200);
    expect(await second).toEqual({ status: 500, body: CANCELED });
    expect((await call('GET', 'secret/data/late')).status).toBe(404);
    expect((await call('GET', 'secret/metadata/late')).status).toBe(404);
    // a new request has its own deadline
    expect((await call('POST', 'secret/data/late', { data: { b: 3 } })).status).toBe(200);
  });

  it('a request that reached its backend in time completes, however long it then takes', async () => {
    const { vault, call } = await listening(1000);
    const slow = holdWrite(vault, (k) => k.includes('/slow'));
    const first = call('POST', 'secret/data/slow', { data: { a: 1 } });
    await slow.arrived;
    vault.clock.advance(5000);
    slow.release();
    expect((await first).status).toBe(200);
    expect((await call('GET', 'secret/data/slow')).body).toMatchObject({ data: { data: { a: 1 } } });
  });

  it('defaults to 90 s, measured from when the request is handed to core', async () => {
    const { vault, call } = await listening();
    const slow = holdWrite(vault, (k) => k.includes('/slow'));
    const first = call('POST', 'secret/data/slow', { data: {} });
    await slow.arrived;
    const reachedA = handedOver('secret/data/a');
    const inTime = call('POST', 'secret/data/a', { data: {} });
    await reachedA;
    vault.clock.advance(89_000);
    slow.release();
    expect((await first).status).toBe(200);
    expect((await inTime).status).toBe(200);

    const slow2 = holdWrite(vault, (k) => k.includes('/slow'));
    const again = call('POST', 'secret/data/slow', { data: {} });
    await slow2.arrived;
    const reachedLate = handedOver('secret/data/a');
    const late = call('DELETE', 'secret/data/a');
    await reachedLate;
    vault.clock.advance(90_000);
    slow2.release();
    expect((await again).status).toBe(200);
    expect(await late).toEqual({ status: 500, body: CANCELED });
    expect((await call('GET', 'secret/data/a')).status).toBe(200);
  });

  it('reads the listener value, else default_max_request_duration, and shows it in the banner without a warning', () => {
    const config = parseServerConfig(`
      storage "inmem" {}
      default_max_request_duration = "2m"
      listener "tcp" { address = "127.0.0.1:0" tls_disable = 1 }
      listener "tcp" { address = "127.0.0.1:0" tls_disable = 1 max_request_duration = "15s" }
    `, 'v.hcl');
    expect(config.warnings).toEqual([]);
    const plan = planServer(config, {});
    expect(plan.listeners.map((l) => l.options.maxRequestDurationMs)).toEqual([120_000, 15_000]);
    const banner = (i: number) => listenerBanner({ prepared: plan.listeners[i]!, info: { address: '127.0.0.1', port: 8200, url: '' } } as RunningListener, i);
    expect(banner(0)).toContain('max_request_duration: "2m0s"');
    expect(banner(1)).toContain('max_request_duration: "15s"');
    const plain = planServer(parseServerConfig('storage "inmem" {}\nlistener "tcp" { tls_disable = 1 }', 'v.hcl'), {});
    expect(plain.listeners[0]!.options.maxRequestDurationMs).toBe(90_000);
  });
});
