// `npm run bench`: runs every bench/*.bench.ts, prints one table (figure, minivault, anchor,
// ratio, goal, met?) with the command and the machine, and writes bench/results/<date>.json.
// `npm run bench -- --compare FILE` adds the earlier run's figure beside each row.
// `npm run bench -- --only shamir,kv` runs a subset.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './harness.js';

const args = process.argv.slice(2);
const opt = (name: string) => { const i = args.indexOf(name); return i === -1 ? undefined : args[i + 1]; };
const compareFile = opt('--compare');
const only = opt('--only')?.split(',');
const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => !only || only.includes(f.replace('.bench.ts', '')));

const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const previous = compareFile ? (JSON.parse(readFileSync(compareFile, 'utf8')) as { rows: Array<BenchRow & { area: string }> }).rows : [];
const all: Array<BenchRow & { area: string }> = [];
for (const f of files) {
  const area = f.replace('.bench.ts', '');
  process.stderr.write(`running ${area}...\n`);
  const mod = (await import(join(dir, f))) as { run(): Promise<BenchRow[]> };
  for (const row of await mod.run()) all.push({ area, ...row });
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
mkdirSync(join(dir, 'results'), { recursive: true });
const out = join(dir, 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify({ machine, date: new Date().toISOString(), rows: all }, null, 2));
console.log(`\nresults: ${out}`);
