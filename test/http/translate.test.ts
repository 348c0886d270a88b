import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { translate, type HttpRequestInput, type Translation } from '../../src/http/translate.js';
import { decodeJsonBody, quoteChar } from '../../src/go/json-decode.js';
import { parseMediaType } from '../../src/http/media-type.js';
import { cleanPath, escapePath, parseGoQuery, percentDecode } from '../../src/http/go-url.js';

function input(method: string, target: string, extra: Partial<HttpRequestInput> = {}): HttpRequestInput {
  return { method, target, headers: { host: 'a' }, body: null, bodyTooLarge: false, ...extra };
}

const withBody = (method: string, target: string, body: string, contentType?: string): HttpRequestInput =>
  input(method, target, { body: Buffer.from(body, 'latin1'), headers: contentType ? { host: 'a', 'content-type': contentType } : { host: 'a' } });

function core(t: Translation) {
  if (t.kind !== 'core') throw new Error(`expected a core request, got ${t.reply.status} ${t.reply.body}`);
  return t.request;
}

function answered(t: Translation): { status: number; body: string } {
  if (t.kind !== 'reply') throw new Error(`expected a reply, got core ${JSON.stringify(t.request)}`);
  return { status: t.reply.status, body: String(t.reply.body) };
}

describe('method → operation', () => {
  it('maps the methods Vault knows', () => {
    expect(core(translate(input('GET', '/v1/kv/a'))).operation).toBe('read');
    expect(core(translate(input('DELETE', '/v1/kv/a'))).operation).toBe('delete');
    expect(core(translate(input('POST', '/v1/kv/a'))).operation).toBe('update');
    expect(core(translate(input('PUT', '/v1/kv/a'))).operation).toBe('update');
    expect(core(translate(withBody('PATCH', '/v1/kv/a', '{}', 'application/merge-patch+json'))).operation).toBe('patch');
    expect(core(translate(input('LIST', '/v1/kv/a')))).toMatchObject({ operation: 'list', path: 'kv/a/' });
    const head = translate(input('HEAD', '/v1/kv/a'));
    expect(head).toMatchObject({ kind: 'core', head: true, request: { operation: 'read' } });
  });

  it('answers 405 with an empty error list for other methods, case-sensitively', () => {
    for (const method of ['OPTIONS', 'TRACE', 'FOO', 'list', 'get']) {
      expect(answered(translate(input(method, '/v1/kv/a')))).toEqual({ status: 405, body: '{"errors":[]}\n' });
    }
  });

  it('turns GET ?list= into a list for every strconv.ParseBool true spelling', () => {
    for (const spelling of ['1', 't', 'T', 'TRUE', 'true', 'True']) {
      const request = core(translate(input('GET', `/v1/kv/a?list=${spelling}&after=x`)));
      expect(request).toMatchObject({ operation: 'list', path: 'kv/a/', data: { after: 'x' } });
    }
    for (const spelling of ['0', 'f', 'F', 'FALSE', 'false', 'False']) {
      expect(core(translate(input('GET', `/v1/kv/a?list=${spelling}`)))).toMatchObject({ operation: 'read', data: { list: spelling } });
    }
    for (const spelling of ['yes', 'tRuE', '2']) expect(answered(translate(input('GET', `/v1/kv/a?list=${spelling}`))).status).toBe(400);
  });

  it('puts the query string into data: help dropped, repeats as arrays', () => {
    const request = core(translate(input('GET', '/v1/kv/a?version=2&tag=x&tag=y&help=1&sp+ace=a%20b&__proto__=p')));
    expect(request.data).toEqual({ version: '2', tag: ['x', 'y'], 'sp ace': 'a b', ['__proto__']: 'p' });
    expect(Object.getPrototypeOf(request.data)).toBe(Object.prototype);
    expect(core(translate(input('DELETE', '/v1/kv/a?versions=1'))).data).toEqual({ versions: '1' });
    expect(core(translate(input('GET', '/v1/kv/a?help=1'))).data).toBeUndefined();
  });
});

describe('paths', () => {
  it('passes the decoded path after /v1/, with %2e%2e decoded and not redirected', () => {
    expect(core(translate(input('GET', '/v1/secret/%2e%2e/sys/x'))).path).toBe('secret/../sys/x');
    expect(core(translate(input('GET', '/v1/kv/a%20b%2Fc+d'))).path).toBe('kv/a b/c+d');
    expect(core(translate(input('GET', 'http://vault:8200/v1/kv/a?x=1'))).path).toBe('kv/a');
  });

  it('redirects literal dot segments and doubled slashes as Go’s ServeMux does', () => {
    const redirect = translate(input('GET', '/v1/secret/../sys/health?x=1'));
    expect(redirect.kind === 'reply' && redirect.reply.status).toBe(301);
    expect(redirect.kind === 'reply' && redirect.reply.headers).toContainEqual(['Location', '/v1/sys/health?x=1']);
    expect(redirect.kind === 'reply' && redirect.reply.body).toBe('<a href="/v1/sys/health?x=1">Moved Permanently</a>.\n\n');
    const post = translate(input('POST', '/v1//kv/./a'));
    expect(post.kind === 'reply' && [post.reply.status, post.reply.body, post.reply.headers.map(([n]) => n)]).toEqual([301, '', ['Cache-Control', 'Location']]);
    const subtree = translate(input('GET', '/v1/sys'));
    expect(subtree.kind === 'reply' && subtree.reply.headers).toContainEqual(['Location', '/v1/sys/']);
  });

  it('answers outside /v1/ with Vault’s 404s', () => {
    expect(answered(translate(input('GET', '/v2/kv')))).toEqual({ status: 404, body: '{"errors":[]}\n' });
    expect(answered(translate(input('GET', '/v1')))).toEqual({ status: 404, body: '{"errors":[]}\n' });
    expect(answered(translate(input('GET', '/')))).toEqual({ status: 404, body: '404 page not found\n' });
    expect(answered(translate(input('GET', '/ui/vault')))).toEqual({ status: 404, body: '404 page not found\n' });
  });

  it('refuses malformed escapes as Go’s URL parser does, and non-printable paths with a bare 400', () => {
    const bad = translate(input('GET', '/v1/a%zz'));
    expect(bad.kind === 'reply' && [bad.reply.status, bad.reply.protocolError, bad.reply.close]).toEqual([400, true, true]);
    const control = translate(input('GET', '/v1/a%00b'));
    expect(control.kind === 'reply' && [control.reply.status, control.reply.body, control.reply.headers]).toEqual([400, '', []]);
    expect(answered(translate(input('GET', '/v1/a%C2%A0b'))).status).toBe(400); // NBSP is not printable
    expect(core(translate(input('GET', '/v1/caf%C3%A9%20%E2%98%83'))).path).toBe('café ☃');
  });

  it('gives raw sys/* endpoints their own method checks', () => {
    expect(answered(translate(input('LIST', '/v1/sys/seal-status'))).status).toBe(405);
    expect(answered(translate(input('POST', '/v1/sys/health'))).status).toBe(405);
    expect(core(translate(input('HEAD', '/v1/sys/health'))).path).toBe('sys/health');
    expect(core(translate(input('GET', '/v1/sys/health?standbyok=true&list=true'))).data).toEqual({ standbyok: 'true', list: 'true' });
    expect(answered(translate(input('GET', '/v1/sys/seal'))).status).toBe(405);
    expect(answered(translate(withBody('PATCH', '/v1/sys/seal', '{}', 'text/plain'))).status).toBe(415);
    expect(core(translate(input('PUT', '/v1/sys/seal'))).operation).toBe('update');
  });
});

describe('tokens', () => {
  it('takes X-Vault-Token first, then the first Authorization: Bearer value', () => {
    const token = (headers: Record<string, string>) => core(translate(input('GET', '/v1/kv/a', { headers }))).token;
    expect(token({ 'x-vault-token': 'hvs.a', authorization: 'Bearer b' })).toBe('hvs.a');
    expect(token({ authorization: 'Bearer  b ' })).toBe('b');
    expect(token({ authorization: 'Basic x, Bearer c' })).toBe('c');
    expect(token({ authorization: 'bearer d' })).toBeUndefined();
    expect(token({ 'x-vault-token': '' })).toBeUndefined();
  });
});

describe('bodies', () => {
  it('decodes JSON objects, treats empty and null as no data, and reads only the first value', () => {
    expect(core(translate(withBody('POST', '/v1/kv/a', '{"data":{"k":"v"}}'))).data).toEqual({ data: { k: 'v' } });
    expect(core(translate(withBody('POST', '/v1/kv/a', '  '))).data).toBeUndefined();
    expect(core(translate(withBody('POST', '/v1/kv/a', 'null'))).data).toBeUndefined();
    expect(core(translate(withBody('POST', '/v1/kv/a', '{"a":1} trailing {'))).data).toEqual({ a: 1 });
  });

  it('answers 400 error parsing JSON for broken or non-object bodies of logical requests', () => {
    for (const body of ['{"a":', '[1,2]', '"text"', '12', '{a:1}', '\ufeff{}']) {
      expect(answered(translate(withBody('PUT', '/v1/kv/a', Buffer.from(body).toString('latin1'))))).toEqual({ status: 400, body: '{"errors":["error parsing JSON"]}\n' });
    }
  });

  it('answers raw sys/* endpoints with Go’s decoder errors', () => {
    const unseal = (body: string) => answered(translate(withBody('PUT', '/v1/sys/unseal', body)));
    expect(unseal('{"key":')).toEqual({ status: 400, body: '{"errors":["failed to parse JSON input: unexpected EOF"]}\n' });
    expect(unseal('[]')).toEqual({ status: 400, body: '{"errors":["failed to parse JSON input: json: cannot unmarshal array into Go value of type http.UnsealRequest"]}\n' });
    expect(unseal('{"key" "x"}').body).toContain('invalid character \'\\"\' after object key');
    expect(core(translate(input('PUT', '/v1/sys/unseal'))).data).toBeUndefined();
  });

  it('answers 413 for an over-limit body, 400 for forms', () => {
    const big = (contentType?: string) => input('POST', '/v1/kv/a', { bodyTooLarge: true, headers: contentType ? { 'content-type': contentType } : {} });
    expect(answered(translate(big()))).toEqual({ status: 413, body: '{"errors":["error parsing JSON"]}\n' });
    expect(answered(translate(big('application/x-www-form-urlencoded')))).toEqual({ status: 400, body: '{"errors":["error parsing form data"]}\n' });
    expect(answered(translate(input('PUT', '/v1/sys/init', { bodyTooLarge: true }))).body).toContain('http: request body too large');
    expect(core(translate(input('GET', '/v1/kv/a', { bodyTooLarge: true }))).operation).toBe('read');
  });

  it('reads url-encoded forms unless the body looks like JSON', () => {
    const form = 'application/x-www-form-urlencoded; charset=utf-8';
    expect(core(translate(withBody('POST', '/v1/kv/a', 'a=1&b=x+y&a=2', form))).data).toEqual({ a: '1,2', b: 'x y' });
    expect(core(translate(withBody('POST', '/v1/kv/a', ' {"a":1}', form))).data).toEqual({ a: 1 });
    expect(answered(translate(withBody('POST', '/v1/kv/a', 'a=%zz', form))).body).toBe('{"errors":["error parsing form data"]}\n');
    expect(answered(translate(withBody('POST', '/v1/kv/a', 'a=1;b=2', form))).status).toBe(400);
    expect(answered(translate(withBody('POST', '/v1/kv/a', 'a=1', 'text/plain'))).status).toBe(400);
  });

  it('requires merge-patch JSON for PATCH, with Vault’s and Go’s words', () => {
    expect(answered(translate(withBody('PATCH', '/v1/kv/a', '{}', 'application/json; charset=utf-8')))).toEqual({
      status: 415, body: '{"errors":["PATCH requires Content-Type of application/merge-patch+json, provided application/json"]}\n',
    });
    expect(answered(translate(withBody('PATCH', '/v1/kv/a', '{}')))).toEqual({ status: 400, body: '{"errors":["mime: no media type"]}\n' });
    expect(answered(translate(withBody('PATCH', '/v1/kv/a', '{}', 'application/merge-patch+json; x')))).toEqual({ status: 400, body: '{"errors":["mime: invalid media parameter"]}\n' });
    expect(core(translate(withBody('PATCH', '/v1/kv/a', '{"data":{"b":null}}', 'Application/Merge-Patch+JSON'))).data).toEqual({ data: { b: null } });
  });
});

describe('Go helpers', () => {
  it('parses media types like mime.ParseMediaType', () => {
    expect(parseMediaType('Text/HTML ; charset="utf-8"')).toEqual({ ok: true, type: 'text/html' });
    expect(parseMediaType('text/plain;')).toEqual({ ok: true, type: 'text/plain' });
    expect(parseMediaType('')).toEqual({ ok: false, error: 'mime: no media type' });
    expect(parseMediaType('text')).toEqual({ ok: true, type: 'text' });
    expect(parseMediaType('text/')).toEqual({ ok: false, error: 'mime: expected token after slash' });
    expect(parseMediaType('text plain')).toEqual({ ok: false, error: 'mime: expected slash after first token' });
    expect(parseMediaType('a/b/c')).toEqual({ ok: false, error: 'mime: unexpected content after media subtype' });
    expect(parseMediaType('a/b; x=1; x=2')).toEqual({ ok: false, error: 'mime: duplicate parameter name' });
  });

  it('quotes bytes like strconv.Quote in scanner errors', () => {
    expect([0x41, 0x27, 0x22, 0x0a, 0x01, 0x5c, 0xe9, 0xa0].map(quoteChar)).toEqual(["'A'", "'\\''", "'\"'", "'\\n'", "'\\x01'", "'\\\\'", "'é'", "'\\u00a0'"]);
  });

  it('reports Go’s scanner messages', () => {
    const message = (body: string) => {
      const r = decodeJsonBody(Buffer.from(body, 'latin1'), 'T');
      return r.ok ? 'ok' : r.message;
    };
    expect(message('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(message('{"a":1 "b"}')).toBe("invalid character '\"' after object key:value pair");
    expect(message('[1 2]')).toBe("invalid character '2' after array element");
    expect(message('{,}')).toBe("invalid character ',' looking for beginning of object key string");
    expect(message('[tru]')).toBe("invalid character ']' in literal true (expecting 'e')");
    expect(message('[1.]')).toBe("invalid character ']' after decimal point in numeric literal");
    expect(message('[1e+]')).toBe("invalid character ']' in exponent of numeric literal");
    expect(message('["a\\x"]')).toBe("invalid character 'x' in string escape code");
    expect(message('["\x01"]')).toBe("invalid character '\\x01' in string literal");
    expect(message('\xef\xbb\xbf{}')).toBe("invalid character 'ï' looking for beginning of value");
    expect(message('[01]')).toBe("invalid character '1' after array element");
    expect(message('01')).toBe('json: cannot unmarshal number into Go value of type T');
    expect(message('-')).toBe('unexpected EOF');
  });

  it('agrees with JSON.parse on which documents are valid', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        let valid = true;
        try { JSON.parse(text); } catch { valid = false; }
        const r = decodeJsonBody(Buffer.from(text), 'T');
        const syntaxError = !r.ok && !r.message.startsWith('json: cannot unmarshal');
        // a document JSON.parse refuses may still start with a complete value Go accepts
        if (valid) expect(syntaxError).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes, escapes and cleans paths like net/url and ServeMux', () => {
    expect(percentDecode('a%2Fb+c', false)).toBe('a/b+c');
    expect(percentDecode('a%2Fb+c', true)).toBe('a/b c');
    expect(percentDecode('a%2', false)).toBeNull();
    expect(escapePath('/a b/é?!*')).toBe('/a%20b/%C3%A9%3F%21%2A');
    expect(['/a/./b/', '/a//b', '/a/b/../../..', '/../a', '/a/..'].map(cleanPath)).toEqual(['/a/b/', '/a/b', '/', '/a', '/']);
    expect([...parseGoQuery('a=1&&b&c=%zz&d=1;e=2&a=3').values]).toEqual([['a', ['1', '3']], ['b', ['']]]);
  });
});

describe('translate on arbitrary input', () => {
  it('never throws and always answers with a status or a core request', () => {
    const text = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 });
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'LIST', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'X'),
        fc.oneof(text.map((t) => '/v1/' + t), text),
        fc.dictionary(fc.constantFrom('content-type', 'x-vault-token', 'authorization'), text),
        fc.option(fc.uint8Array({ maxLength: 40 })),
        (method, target, headers, body) => {
          const t = translate({ method, target, headers, body: body ? Buffer.from(body) : null, bodyTooLarge: false });
          if (t.kind === 'reply') expect(t.reply.status).toBeGreaterThanOrEqual(300);
          else expect(typeof t.request.path).toBe('string');
        },
      ),
      { numRuns: 1000 },
    );
  });
});
