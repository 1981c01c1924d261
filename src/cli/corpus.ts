import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { generateCorpus } from '../corpus/generate.js';
import { readRuleFiles } from '../load/rule-source.js';
import { loadProject } from '../project.js';
import type { Output } from './output.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `corpus generate --seed N --size N [--out FILE]`: synthetic JSON Lines of evaluate requests. */
export async function corpusCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  if (args[0] !== 'generate') {
    io.err('gebruik: corpus generate --seed N --size N [--out BESTAND]');
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
