// The layering ARCHITECTURE.md promises, checked on the sources: the test fake reaches core only
// through the typed handles core returns (createWiredCore), never through casts that rely on fields
// the wiring happens to add; the server does not import the test fake (the bootstrap fixture they
// share lives in src/bootstrap); the CLI and the sidecar client speak HTTP and import no engine,
// storage, barrier, core, HTTP server or audit module.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function sources(dir: string): Array<[string, string]> {
  return readdirSync(join(SRC, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    .map((f) => [`${dir}/${f}`, readFileSync(join(SRC, dir, f), 'utf8')]);
}

/** Files of `dir` with an import (static or dynamic) from one of the `banned` top-level folders. */
function importing(dir: string, banned: string[]): string[] {
  const re = new RegExp(`(?:from|import\\()\\s*'\\.\\./(?:${banned.join('|')})/`);
  return sources(dir).filter(([, text]) => re.test(text)).map(([name]) => name);
}

describe('layering', () => {
  it('has no `as unknown as` cast anywhere in src/testing', () => {
    expect(sources('testing').filter(([, text]) => text.includes('as unknown as')).map(([n]) => n)).toEqual([]);
  });

  it('keeps the server from importing the test fake', () => {
    expect(importing('server', ['testing'])).toEqual([]);
  });

  it('keeps the CLI and the client on the HTTP side', () => {
    const banned = ['secrets', 'credential', 'storage', 'barrier', 'core', 'http', 'audit', 'testing'];
    expect(importing('client', [...banned, 'server'])).toEqual([]);
    // The one door from the CLI to the server is `minivault server`, loaded on demand by main.ts
    // (Vault's binary is both the CLI and the server).
    expect(importing('cli', [...banned, 'server']).filter((f) => f !== 'cli/main.ts')).toEqual([]);
    expect(importing('cli', banned)).toEqual([]);
  });
});
