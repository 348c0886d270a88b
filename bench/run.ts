// `npm run bench`: runs every bench/*.bench.ts, prints one table (figure, minivault, anchor,
// ratio, goal, met?) with the command and the machine, and writes bench/results/<date>.json.
// `npm run bench -- --compare FILE` adds the earlier run's figure beside each row.
// `npm run bench -- --only shamir,kv` runs a subset.
// The benches run as compiled JavaScript under plain node (npm run bench compiles src/ and bench/
// into bench-dist/ first), so they time what users run, without a TypeScript loader's wrappers.
// Each bench file runs in a fresh child process: one file's heap, JIT state and leftover timers
// must not weigh on the next file's figures.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './harness.js';

const args = process.argv.slice(2);
const CHILD = '--child';

if (args[0] === CHILD) {
  const mod = (await import(join(import.meta.dirname, args[1]!))) as { run(): Promise<BenchRow[]> };
  process.stdout.write(JSON.stringify(await mod.run()));
  process.exit(0);
}

/** Runs one bench file in a child process and returns its rows. */
function runChild(file: string): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, CHILD, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as BenchRow[]) : reject(new Error(`${file} exited with ${code}`))));
  });
}

const opt = (name: string) => { const i = args.indexOf(name); return i === -1 ? undefined : args[i + 1]; };
const compareFile = opt('--compare');
const only = opt('--only')?.split(',');
const dir = import.meta.dirname;
const BENCH_FILE = /\.bench\.[jt]s$/;
const files = readdirSync(dir).filter((f) => BENCH_FILE.test(f)).sort()
  .filter((f) => !only || only.includes(f.replace(BENCH_FILE, '')));

const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const previous = compareFile ? (JSON.parse(readFileSync(compareFile, 'utf8')) as { rows: Array<BenchRow & { area: string }> }).rows : [];
const all: Array<BenchRow & { area: string }> = [];
for (const f of files) {
  const area = f.replace(BENCH_FILE, '');
  process.stderr.write(`running ${area}...\n`);
  for (const row of await runChild(f)) all.push({ area, ...row });
}

const fmt = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(2));
const lines = [
  `command: npm run bench${args.length ? ' -- ' + args.join(' ') : ''}`,
  `machine: ${machine}`,
  '',
  `| area | figure | minivault | anchor | ratio | goal | met? |${compareFile ? ' previous |' : ''}`,
  `| --- | --- | --- | --- | --- | --- | --- |${compareFile ? ' --- |' : ''}`,
];
for (const r of all) {
  const prev = previous.find((p) => p.area === r.area && p.figure === r.figure);
  const anchor = r.anchor === null ? '—' : `${fmt(r.anchor)} ${r.unit} (${r.anchorName})`;
  const met = r.met === null ? '—' : r.met ? 'yes' : 'NO';
  lines.push(`| ${r.area} | ${r.figure} | ${fmt(r.minivault)} ${r.unit} | ${anchor} | ${fmt(r.ratio)} | ${r.goal} | ${met} |${compareFile ? ` ${prev ? fmt(prev.minivault) : '—'} |` : ''}`);
}
console.log(lines.join('\n'));
// Results go to the repository's bench/results (npm runs scripts from the package root).
const resultsDir = join(process.cwd(), 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const out = join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify({ machine, date: new Date().toISOString(), rows: all }, null, 2));
console.log(`\nresults: ${out}`);
