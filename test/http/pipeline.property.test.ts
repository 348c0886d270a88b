// Random sequences of requests on one socket — methods including LIST, bodies framed by length or
// in random chunks, pipelined and split at random points — must all be answered, in order, as an
// independent model of Vault's translation says (the model knows nothing of node:http or of the
// code under test: it works from the structured request it generated).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RawClient, start, type Started } from './helpers.js';

interface Spec {
  method: 'GET' | 'LIST' | 'DELETE' | 'POST' | 'PUT' | 'PATCH' | 'HEAD' | 'BREW';
  segments: string[];
  query: Array<[string, string]>;
  body: Record<string, unknown> | 'broken' | null;
  chunks: number[] | null; // chunk sizes when sent chunked
  token: string | null;
}

const segmentChar = fc.constantFrom('a', 'b', 'Z', '0', '-', '_', ' ', '%', '+', '?', '#', '&', '=', ':', '@', 'é', '☃', '~');
const segment = fc.string({ unit: segmentChar, minLength: 1, maxLength: 6 }).filter((s) => s !== '.' && s !== '..');
const key = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x'), minLength: 1, maxLength: 3 });

const spec: fc.Arbitrary<Spec> = fc.record({
  method: fc.constantFrom('GET', 'LIST', 'DELETE', 'POST', 'PUT', 'PATCH', 'HEAD', 'BREW'),
  segments: fc.array(segment, { minLength: 1, maxLength: 4 }),
  query: fc.array(fc.tuple(key, fc.string({ unit: segmentChar, maxLength: 4 })), { maxLength: 3 }),
  body: fc.oneof(fc.constant(null), fc.constant('broken' as const), fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })),
  chunks: fc.oneof(fc.constant(null), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 })),
  token: fc.oneof(fc.constant(null), fc.stringMatching(/^hvs\.[A-Za-z0-9]{4}$/)),
});

const writes = (s: Spec) => s.method === 'POST' || s.method === 'PUT' || s.method === 'PATCH';

function bodyText(s: Spec): string {
  if (s.body === null || !writes(s)) return '';
  return s.body === 'broken' ? '{"unterminated":' : JSON.stringify(s.body);
}

/** The request bytes, chunked as the spec says. */
function serialize(s: Spec): Buffer {
  const path = '/v1/' + s.segments.map(encodeURIComponent).join('/');
  const query = s.query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const lines = [`${s.method} ${path}${query ? '?' + query : ''} HTTP/1.1`, 'Host: vault.test'];
  if (s.token) lines.push(`X-Vault-Token: ${s.token}`);
  if (s.method === 'PATCH') lines.push('Content-Type: application/merge-patch+json');
  const body = Buffer.from(bodyText(s));
  if (body.length === 0) return Buffer.from(lines.join('\r\n') + '\r\n\r\n');
  if (!s.chunks) return Buffer.concat([Buffer.from([...lines, `Content-Length: ${body.length}`].join('\r\n') + '\r\n\r\n'), body]);
  const parts: Buffer[] = [Buffer.from([...lines, 'Transfer-Encoding: chunked'].join('\r\n') + '\r\n\r\n')];
  let offset = 0;
  for (let i = 0; offset < body.length; i++) {
    const size = Math.min(s.chunks[i % s.chunks.length], body.length - offset);
    parts.push(Buffer.from(size.toString(16) + '\r\n'), body.subarray(offset, offset + size), Buffer.from('\r\n'));
    offset += size;
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

/** What the echo core must have been asked, or the refusal Vault answers instead. */
function model(s: Spec): { status: number; request?: Record<string, unknown>; body?: string } {
  if (s.method === 'BREW') return { status: 405, body: '{"errors":[]}\n' };
  if (writes(s) && s.body === 'broken') return { status: 400, body: '{"errors":["error parsing JSON"]}\n' };
  const operation = { GET: 'read', HEAD: 'read', LIST: 'list', DELETE: 'delete', POST: 'update', PUT: 'update', PATCH: 'patch' }[s.method];
  let path = s.segments.join('/');
  if (s.method === 'LIST' && !path.endsWith('/')) path += '/';
  const request: Record<string, unknown> = { operation, path };
  if (s.token) request.token = s.token;
  if (writes(s)) {
    if (s.body !== null && s.body !== 'broken') request.data = s.body;
  } else if (s.query.length > 0) {
    const data: Record<string, unknown> = {};
    for (const [k, v] of s.query) {
      const earlier = data[k];
      data[k] = earlier === undefined ? v : Array.isArray(earlier) ? [...earlier, v] : [earlier, v];
    }
    request.data = data;
  }
  return { status: 200, request };
}

let server: Started;
beforeAll(async () => {
  server = await start(async (request) => ({
    status: 200,
    body: { operation: request.operation, path: request.path, token: request.token, data: request.data },
  }));
});
afterAll(() => server.server.close());

describe('pipelined request sequences', () => {
  it('are all answered, in order, as the model says, for any split of the byte stream', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), async (specs, cutSeeds) => {
        const bytes = Buffer.concat(specs.map(serialize));
        const cuts = [...new Set(cutSeeds.map((c) => c % bytes.length))].sort((a, b) => a - b);
        const client = new RawClient(server.info.port);
        try {
          let from = 0;
          for (const cut of [...cuts, bytes.length]) {
            await client.write(bytes.subarray(from, cut));
            await new Promise((resolve) => setImmediate(resolve));
            from = cut;
          }
          for (const s of specs) {
            const response = await client.next(s.method === 'HEAD');
            const expected = model(s);
            expect(response.status).toBe(expected.status);
            if (s.method === 'HEAD') expect(response.body).toBe('');
            else if (expected.body !== undefined) expect(response.body).toBe(expected.body);
            else expect(JSON.parse(response.body)).toEqual(expected.request);
          }
          expect(client.closed).toBe(false);
        } finally {
          client.destroy();
        }
      }),
      { numRuns: 60 },
    );
  });
});
