import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { generateCorpus } from '../corpus/generate.js';
import { generateIjwMessages } from '../corpus/ijw.js';
import { readRuleFiles } from '../load/rule-source.js';
import { loadProject } from '../project.js';
import type { Output } from './output.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const USAGE = 'gebruik: corpus generate --seed N --size N [--out BESTAND] | corpus generate --format ijw --seed N --size N --out MAP [--per-bericht N]';

/**
 * `corpus generate --seed N --size N [--out FILE]`: synthetic JSON Lines of evaluate requests.
 * `--format ijw --out DIR`: the declaration cases as iJw messages, one folder per JW323
 * (jw323.xml, jw301-<k>.xml, request.json for POST /api/v1/ijw/declaratie).
 */
export async function corpusCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  if (args[0] !== 'generate') {
    io.err(USAGE);
    return 2;
  }
  const format = option(args, '--format') ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'ijw') {
    io.err(`onbekend formaat '${format}' (jsonl of ijw)`);
    return 2;
  }
  const seed = Number(option(args, '--seed') ?? 1);
  const size = Number(option(args, '--size') ?? 1000);
  if (!Number.isInteger(seed) || !Number.isInteger(size) || size < 0) {
    io.err('--seed en --size zijn gehele getallen');
    return 2;
  }
  const registry = loadProject(readRuleFiles(rulesDir)).registry;
  const out = option(args, '--out');
  if (format === 'ijw') return writeIjw(registry, seed, size, out, Number(option(args, '--per-bericht') ?? 500), io);
  const stream = out ? createWriteStream(out) : process.stdout;
  for (const line of generateCorpus(registry, seed, size)) {
    // Respect back-pressure so a million lines never pile up in memory.
    if (!stream.write(JSON.stringify(line) + '\n')) await once(stream, 'drain');
  }
  if (out) {
    (stream as ReturnType<typeof createWriteStream>).end();
    await once(stream, 'finish');
    io.err(`${size} casussen geschreven naar ${out}`);
  }
  return 0;
}

function writeIjw(registry: Parameters<typeof generateIjwMessages>[0], seed: number, size: number, out: string | undefined, perMessage: number, io: Output): number {
  if (!out) {
    io.err('--format ijw schrijft mappen: geef --out MAP');
    return 2;
  }
  if (!Number.isInteger(perMessage) || perMessage < 1) {
    io.err('--per-bericht is een geheel getal vanaf 1');
    return 2;
  }
  let messages = 0;
  let lines = 0;
  for (const m of generateIjwMessages(registry, seed, size, perMessage)) {
    const dir = join(out, m.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'jw323.xml'), m.jw323);
    m.jw301.forEach((x, k) => writeFileSync(join(dir, `jw301-${k + 1}.xml`), x));
    writeFileSync(join(dir, 'request.json'), JSON.stringify({ jw323: m.jw323, jw301: m.jw301, eerderGedeclareerd: m.eerderGedeclareerd }));
    messages++;
    lines += m.cases.size;
  }
  io.err(`${messages} JW323-berichten met ${lines} prestaties geschreven naar ${out}`);
  return 0;
}
