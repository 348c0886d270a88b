// The test fake reaches core only through the typed handles core returns (createWiredCore), never
// through casts that rely on fields the wiring happens to add.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '..', '..', 'src', 'testing');

describe('the test fake and core', () => {
  it('has no `as unknown as` cast anywhere in src/testing', () => {
    const offenders = readdirSync(DIR).filter((f) => f.endsWith('.ts'))
      .filter((f) => readFileSync(join(DIR, f), 'utf8').includes('as unknown as'));
    expect(offenders).toEqual([]);
  });
});
