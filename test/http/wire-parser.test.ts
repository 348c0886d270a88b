import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RequestParser, type WireRequest } from '../../src/http/wire-parser.js';
import type { Reply } from '../../src/http/reply.js';

interface Outcome {
  requests: WireRequest[];
  faults: Reply[];
  continues: number;
}

function parse(chunks: Array<string | Buffer>, limits = { maxHeaderBytes: 8192, maxBodyBytes: 1024 }): Outcome {
  const outcome: Outcome = { requests: [], faults: [], continues: 0 };
  const parser = new RequestParser(limits, {
    onRequest: (r) => outcome.requests.push(r),
    onFault: (f) => outcome.faults.push(f),
    onContinue: () => outcome.continues++,
  });
  for (const chunk of chunks) parser.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
  return outcome;
}

const summary = (r: WireRequest) => ({ method: r.method, target: r.target, body: r.body?.toString('latin1') ?? null, keepAlive: r.keepAlive });

const PIPELINE =
  'GET /v1/sys/health HTTP/1.1\r\nHost: a\r\n\r\n' +
  'LIST /v1/secret/metadata/ HTTP/1.1\r\nHost: a\r\nX-Vault-Token: t\r\n\r\n' +
  'POST /v1/secret/data/x HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n{"data":{}}' +
  'PUT /v1/k HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{"a"\r\n3\r\n:1}\r\n0\r\nX-Trailer: y\r\n\r\n' +
  '\r\nDELETE /v1/k?x=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n';

const EXPECTED = [
  { method: 'GET', target: '/v1/sys/health', body: null, keepAlive: true },
  { method: 'LIST', target: '/v1/secret/metadata/', body: null, keepAlive: true },
  { method: 'POST', target: '/v1/secret/data/x', body: '{"data":{}}', keepAlive: true },
  { method: 'PUT', target: '/v1/k', body: '{"a":1}', keepAlive: true },
  { method: 'DELETE', target: '/v1/k?x=1', body: null, keepAlive: false },
];

describe('RequestParser framing', () => {
  it('parses a pipeline of requests with every kind of body from one chunk', () => {
    const outcome = parse([PIPELINE]);
    expect(outcome.faults).toEqual([]);
    expect(outcome.requests.map(summary)).toEqual(EXPECTED);
  });

  it('parses the same pipeline split at every byte boundary', () => {
    for (let i = 1; i < PIPELINE.length; i++) {
      const outcome = parse([PIPELINE.slice(0, i), PIPELINE.slice(i)]);
      expect(outcome.faults, `split at ${i}`).toEqual([]);
      expect(outcome.requests.map(summary), `split at ${i}`).toEqual(EXPECTED);
    }
  });

  it('parses the same pipeline fed one byte at a time', () => {
    const outcome = parse([...PIPELINE]);
    expect(outcome.requests.map(summary)).toEqual(EXPECTED);
  });

  it('parses any split of the pipeline into many chunks', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: PIPELINE.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), PIPELINE.length];
        const chunks = points.slice(1).map((end, i) => PIPELINE.slice(points[i], end));
        expect(parse(chunks).requests.map(summary)).toEqual(EXPECTED);
      }),
      { numRuns: 300 },
    );
  });

  it('ignores whatever follows a request that closes the connection', () => {
    const outcome = parse(['GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n']);
    expect(outcome.requests.map((r) => r.target)).toEqual(['/a']);
  });

  it('lower-cases names, joins repeated fields, keeps the first of single-valued ones', () => {
    const outcome = parse(['GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nx-a: 2\r\nX-Vault-Token: first\r\nX-Vault-Token: second\r\nAuthorization: Basic z\r\nAuthorization: Bearer t\r\n\r\n']);
    const headers = outcome.requests[0].headers;
    expect({ ...headers }).toEqual({ host: 'a', 'x-a': '1, 2', 'x-vault-token': 'first', authorization: 'Basic z, Bearer t' });
  });

  it('reads obs-text in field values as UTF-8', () => {
    const outcome = parse([Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nHost: a\r\nX-Name: '), Buffer.from('café ☃', 'utf8'), Buffer.from('\r\n\r\n')])]);
    expect(outcome.requests[0].headers['x-name']).toBe('café ☃');
  });

  it('treats HTTP/1.0 as close unless keep-alive is asked for', () => {
    const outcome = parse(['GET /a HTTP/1.0\r\n\r\n']);
    expect(outcome.requests[0]).toMatchObject({ minorVersion: 0, keepAlive: false });
    const kept = parse(['GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n']);
    expect(kept.requests.map((r) => r.keepAlive)).toEqual([true, false]);
  });

  it('signals 100-continue only for a body that will be read', () => {
    expect(parse(['POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n']).continues).toBe(1);
    expect(parse(['GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n']).continues).toBe(0);
    expect(parse(['POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n']).continues).toBe(0);
  });

  it('delivers an over-limit body as bodyTooLarge without buffering it, and stops', () => {
    const declared = parse(['POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2000\r\n\r\n' + 'x'.repeat(2000) + 'GET /b HTTP/1.1\r\nHost: a\r\n\r\n']);
    expect(declared.requests.map((r) => [r.target, r.bodyTooLarge, r.body, r.keepAlive])).toEqual([['/a', true, null, false]]);
    const chunked = parse(['POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n300\r\n' + 'x'.repeat(768) + '\r\n300\r\n']);
    expect(chunked.requests.map((r) => r.bodyTooLarge)).toEqual([true]);
  });
});

function faultOf(text: string | Buffer, limits?: { maxHeaderBytes: number; maxBodyBytes: number }): string | null {
  const outcome = parse([text], limits);
  expect(outcome.faults.length + outcome.requests.length).toBeGreaterThan(0);
  return outcome.faults[0] ? `${outcome.faults[0].status} ${outcome.faults[0].statusText ?? ''}`.trim() : null;
}

describe('RequestParser refusals', () => {
  it.each([
    ['no version', 'GET /\r\n\r\n'],
    ['double space', 'GET  / HTTP/1.1\r\nHost: a\r\n\r\n'],
    ['bad method character', 'G@T / HTTP/1.1\r\nHost: a\r\n\r\n'],
    ['trailing words', 'GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n'],
    ['unknown protocol', 'GET / FOO/1.1\r\nHost: a\r\n\r\n'],
    ['control character in the target', 'GET /a\x01b HTTP/1.1\r\nHost: a\r\n\r\n'],
    ['malformed escape in the path', 'GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n'],
    ['bare LF after the request line', 'GET / HTTP/1.1\nHost: a\r\n\r\n'],
    ['bare LF everywhere', 'GET / HTTP/1.1\nHost: a\n\n'],
    ['stray CR inside a line', 'GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n'],
    ['obs-fold', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n'],
    ['space before the colon', 'GET / HTTP/1.1\r\nHost : a\r\n\r\n'],
    ['no colon', 'GET / HTTP/1.1\r\nHost: a\r\nnonsense\r\n\r\n'],
    ['NUL in a value', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: a\x00b\r\n\r\n'],
    ['DEL in a value', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: a\x7fb\r\n\r\n'],
    ['Content-Length and Transfer-Encoding together', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['differing Content-Lengths', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'],
    ['signed Content-Length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc'],
    ['list Content-Length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc'],
    ['Transfer-Encoding in HTTP/1.0', 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['two Hosts', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'],
    ['bad chunk size', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['bare LF after a chunk size', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\nA\r\n0\r\n\r\n'],
    ['chunk data not followed by CRLF', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nAB\r\n0\r\n\r\n'],
    ['malformed trailer', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n'],
  ])('answers 400 for %s', (_, text) => {
    expect(faultOf(text)).toBe('400 Bad Request');
  });

  it('answers Go-style texts for Host, version, transfer coding, size and expectations', () => {
    expect(faultOf('GET / HTTP/1.1\r\n\r\n')).toBe('400 Bad Request: missing required Host header');
    expect(faultOf('GET / HTTP/1.1\r\nHost: a b\r\n\r\n')).toBe('400 Bad Request: malformed Host header');
    expect(faultOf('GET / HTTP/2.0\r\nHost: a\r\n\r\n')).toBe('505 HTTP Version Not Supported: unsupported protocol version');
    expect(faultOf('POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n')).toBe('400 Bad Request');
    expect(faultOf('GET / HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\n\r\n')).toBe('417');
    expect(faultOf('GET / HTTP/1.1\r\nHost: a\r\nX-Big: ' + 'b'.repeat(9000) + '\r\n\r\n')).toBe('431 Request Header Fields Too Large');
  });

  it('refuses an oversized head that never ends before buffering past the limit', () => {
    const chunks = Array.from({ length: 20 }, () => 'X-Filler: ' + 'f'.repeat(1000) + '\r\n');
    const outcome = parse(['GET / HTTP/1.1\r\nHost: a\r\n', ...chunks]);
    expect(outcome.faults.map((f) => f.status)).toEqual([431]);
  });

  it('answers earlier pipelined requests before a fault, and nothing after it', () => {
    const outcome = parse(['GET /ok HTTP/1.1\r\nHost: a\r\n\r\nBROKEN\r\n\r\nGET /never HTTP/1.1\r\nHost: a\r\n\r\n']);
    expect(outcome.requests.map((r) => r.target)).toEqual(['/ok']);
    expect(outcome.faults.map((f) => f.status)).toEqual([400]);
  });

  it('never throws on arbitrary bytes and reports at most one fault', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const outcome = parse(chunks.map((c) => Buffer.from(c)));
        expect(outcome.faults.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});
