// serverMain (src/server/main.ts), the entry bin/minivault uses for `minivault server`: it must
// answer exactly as main(['server', …]) does, only without loading the client commands.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { serverMain } from '../../src/server/main.js';

function capture() {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (s: string) => { stdout += s; }, stderr: (s: string) => { stderr += s; }, stdin: new PassThrough(), env: {} };
  return { io, out: () => ({ stdout, stderr }) };
}

describe('serverMain', () => {
  for (const args of [['-format=yaml', '-dev'], ['-h'], ['-config=x.json'], ['-dev', 'extra'], ['-no-such-flag']]) {
    it(`answers \`server ${args.join(' ')}\` exactly as main does`, async () => {
      const a = capture();
      const b = capture();
      const codeA = await serverMain(args, a.io);
      const codeB = await main(['server', ...args], b.io);
      expect(codeA).toBe(codeB);
      expect(a.out()).toEqual(b.out());
      expect(a.out().stdout + a.out().stderr).not.toBe('');
    });
  }
});
