// Reading from the CLI's standard input: all of it (`key=-`, `policy write NAME -`), one line
// (minivault's piped unseal key — Vault itself refuses a pipe there), or a hidden line from a
// terminal in raw mode with no echo (go-secure-stdlib password.Read, as `operator unseal` uses).

export type CliStdin = NodeJS.ReadableStream & {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
};

/** Raised by readHidden on Ctrl-C (password.ErrInterrupted's text). */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
  }
}

function toBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
}

/** Everything on stdin until end of stream, unmodified. */
export function readAll(stdin: CliStdin): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (c: unknown): void => { chunks.push(toBuffer(c)); };
    const cleanup = (): void => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.removeListener('error', onError);
    };
    const onEnd = (): void => { cleanup(); resolve(Buffer.concat(chunks).toString('utf8')); };
    const onError = (err: Error): void => { cleanup(); reject(err); };
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.once('error', onError);
    stdin.resume();
  });
}

/**
 * The first line on stdin (without its line ending), or everything if no newline comes before the
 * end; undefined when the stream ends with nothing at all. Stops reading once the line is complete.
 */
export function readLine(stdin: CliStdin): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (line: string | undefined): void => {
      if (done) return;
      done = true;
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.removeListener('error', onError);
      stdin.pause();
      resolve(line);
    };
    const onData = (c: unknown): void => {
      chunks.push(toBuffer(c));
      const text = Buffer.concat(chunks).toString('utf8');
      const nl = text.indexOf('\n');
      if (nl !== -1) finish(text.slice(0, nl).replace(/\r$/, ''));
    };
    const onEnd = (): void => {
      const text = Buffer.concat(chunks).toString('utf8');
      finish(text === '' ? undefined : text);
    };
    const onError = (err: Error): void => {
      if (!done) { done = true; reject(err); }
    };
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.once('error', onError);
    stdin.resume();
  });
}

/**
 * A line typed on a terminal with echo off: raw mode, Enter ends, Backspace edits, Ctrl-C throws
 * InterruptedError, Ctrl-D on an empty line ends input. Nothing typed is ever written anywhere.
 */
export function readHidden(stdin: CliStdin): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    const restore = (): void => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
    };
    const onData = (c: unknown): void => {
      for (const ch of toBuffer(c).toString('utf8')) {
        if (ch === '\r' || ch === '\n') { restore(); resolve(typed); return; }
        if (ch === '\u0003') { restore(); reject(new InterruptedError()); return; }
        if (ch === '\u0004') {
          if (typed === '') { restore(); resolve(typed); return; }
          continue;
        }
        if (ch === '\u007f' || ch === '\b') { typed = [...typed].slice(0, -1).join(''); continue; }
        typed += ch;
      }
    };
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}
