// Crash safety of key operations in a real process: `minivault server -config=<file storage>`
// rekeys and rotates in a loop and is killed with SIGKILL at a random moment, several times. After
// each restart the vault must unseal with the newest shares the client received, or else with the
// ones it held before the rekey in flight, and every secret written at the start must read back.
// Bounded (a few rounds on loopback); like the other crash tests it is left out of test:quick.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureDist } from '../support/ensure-dist.js';

const ROUNDS = 5;
const SECRETS = { a: 'alpha', b: 'bravo', c: 'charlie' };
let live: ChildProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'mv-crash-keyops-sigkill-'));

beforeAll(ensureDist, 180_000);
afterAll(() => {
  live?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startServer(config: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'server', `-config=${config}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  live = child;
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Listener 1: tcp \(addr: "([^"]+)"/.exec(out);
      if (m && out.includes('server started!')) {
        child.stdout!.off('data', onData);
        resolve({ child, url: `http://${m[1]}` });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

async function call(url: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}/v1/${path}`, {
    method, headers: token ? { 'X-Vault-Token': token } : {}, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function unseal(url: string, keys: string[]): Promise<boolean> {
  await call(url, 'PUT', 'sys/unseal', { reset: true });
  for (const key of keys.slice(0, 2)) {
    const r = await call(url, 'PUT', 'sys/unseal', { key });
    if (r.status !== 200) return false;
    if (r.json.sealed === false) return true;
  }
  return false;
}

const killed = (c: ChildProcess) => new Promise<void>((r) => { if (c.exitCode !== null || c.signalCode !== null) r(); else c.on('exit', () => r()); });

describe('key operations under SIGKILL', () => {
  it('unseals after every kill with the newest shares received (or the ones before them), data intact', async () => {
    const config = join(dir, 'vault.hcl');
    writeFileSync(config, `disable_mlock = true\nstorage "file" {\n  path = "${join(dir, 'data')}"\n}\nlistener "tcp" {\n  address = "127.0.0.1:0"\n  tls_disable = true\n}\n`);
    let { child, url } = await startServer(config);
    const init = await call(url, 'PUT', 'sys/init', { secret_shares: 3, secret_threshold: 2 });
    const root: string = init.json.root_token;
    let current: string[] = init.json.keys;
    expect(await unseal(url, current)).toBe(true);
    expect((await call(url, 'POST', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } }, root)).status).toBe(204);
    for (const [k, v] of Object.entries(SECRETS)) expect((await call(url, 'POST', `secret/data/${k}`, { data: { v } }, root)).status).toBe(200);

    const stats = { rounds: ROUNDS, rekeys: 0, rotations: 0, killedMidRekey: 0, openedWithNewest: 0, openedWithPrevious: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      // The client's view: `current` opens the vault; `previous` did until the last rekey answered.
      let previous = current;
      let stop = false;
      let midRekey = false;
      let rekeysThisRound = 0;
      // Armed once a rekey completed in this round and the next one sends its last share.
      let arm!: () => void;
      const armed = new Promise<void>((r) => { arm = r; });
      const loop = (async () => {
        try {
          while (!stop) {
            midRekey = true;
            const started = await call(url, 'PUT', 'sys/rekey/init', { secret_shares: 3, secret_threshold: 2 });
            if (started.status !== 200) return;
            await call(url, 'PUT', 'sys/rekey/update', { key: current[0], nonce: started.json.nonce });
            const last = call(url, 'PUT', 'sys/rekey/update', { key: current[2], nonce: started.json.nonce });
            if (rekeysThisRound > 0) arm();
            const done = await last;
            if (done.status !== 200 || !done.json.complete) return;
            previous = current;
            current = done.json.keys;
            midRekey = false;
            stats.rekeys++;
            rekeysThisRound++;
            if ((await call(url, 'POST', 'sys/rotate', {}, root)).status === 204) stats.rotations++;
          }
        } catch { /* the server died under the request */ }
        arm();
      })();
      // The kill lands while the rekey performs its writes, or just after it answered.
      await armed;
      await new Promise((r) => setTimeout(r, Math.random() * 25));
      const gone = killed(child);
      child.kill('SIGKILL');
      if (midRekey) stats.killedMidRekey++;
      await gone;
      stop = true;
      await loop;

      ({ child, url } = await startServer(config));
      if (await unseal(url, current)) stats.openedWithNewest++;
      else {
        expect(await unseal(url, previous), `round ${round}: neither the newest nor the previous shares open the vault`).toBe(true);
        current = previous;
        stats.openedWithPrevious++;
      }
      for (const [k, v] of Object.entries(SECRETS)) {
        const r = await call(url, 'GET', `secret/data/${k}`, undefined, root);
        expect(r.status, `round ${round}: ${k}`).toBe(200);
        expect(r.json.data.data.v).toBe(v);
      }
    }
    child.kill('SIGKILL');
    await killed(child);
    // The figures in RELIABILITY.md: MV_STATS=<file> npx vitest run test/reliability/crash-keyops*
    if (process.env.MV_STATS) writeFileSync(`${process.env.MV_STATS}.sigkill.json`, JSON.stringify(stats));
    expect(stats.rekeys).toBeGreaterThanOrEqual(ROUNDS);
  }, 60_000);
});
