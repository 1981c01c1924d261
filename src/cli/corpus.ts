import { createWriteStream, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { generateCorpus } from '../corpus/generate.js';
import { generateIjwMessages } from '../corpus/ijw.js';
import { todayIso } from '../evaluate/evaluate.js';
import { ApiError } from '../base/errors.js';
import { checkEnvelope, type DeclaratieEnvelope } from '../ijw/envelope.js';
import { limitsFromEnv } from '../ijw/limits.js';
import { answerDeclaratie } from '../ijw/service.js';
import { readRuleFiles } from '../load/rule-source.js';
import { loadProject } from '../evaluate/project.js';
import type { Output } from './output.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const USAGE = 'gebruik: corpus generate --seed N --size N [--out BESTAND] | corpus generate --format ijw --seed N --size N --out MAP [--per-bericht N] | corpus from-ijw --in MAP --out BESTAND';

/**
 * `corpus generate --seed N --size N [--out FILE]`: synthetic JSON Lines of evaluate requests.
 * `--format ijw --out DIR`: the declaration cases as iJw messages, one folder per JW323
 * (jw323.xml, jw301-<k>.xml, request.json for POST /api/v1/ijw/declaratie).
 * `from-ijw --in DIR --out FILE`: iJw requests (request.json in DIR or its folders) back into
 * JSON Lines of evaluate requests, with the facts the iJw path derives, so impact analysis runs on them.
 */
export async function corpusCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  if (args[0] === 'from-ijw') return fromIjw(args, io, rulesDir);
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

/** Where the request.json files are: DIR itself and each of its folders. */
function requestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isFile() && e.name.endsWith('.json')) out.push(join(dir, e.name));
    else if (e.isDirectory()) for (const f of readdirSync(join(dir, e.name)).sort()) if (f === 'request.json') out.push(join(dir, e.name, f));
  }
  return out;
}

async function fromIjw(args: string[], io: Output, rulesDir: string): Promise<number> {
  const dir = option(args, '--in');
  const out = option(args, '--out');
  if (!dir || !out) {
    io.err(USAGE);
    return 2;
  }
  const registry = loadProject(readRuleFiles(rulesDir)).registry;
  const stream = createWriteStream(out);
  let lines = 0;
  let refused = 0;
  let failed = 0;
  for (const file of requestFiles(dir)) {
    try {
      const env = checkEnvelope<DeclaratieEnvelope>('declaratie', JSON.parse(readFileSync(file, 'utf8')));
      const r = await answerDeclaratie(env, { registry, today: todayIso(), limits: limitsFromEnv() });
      if (r.inMessage.length) {
        refused++;
        continue;
      }
      for (const l of r.lines) {
        const line = { protocol: 'RAP', decision: 'declaratie', facts: l.facts, meta: { id: l.referentieNummer, gemeente: r.message.header.ontvanger, kind: 'declaratie' } };
        if (!stream.write(JSON.stringify(line) + '\n')) await once(stream, 'drain');
        lines++;
      }
    } catch (e) {
      if (!(e instanceof ApiError) && !(e instanceof SyntaxError)) throw e;
      failed++;
      io.err(`${file}: ${e.message}`);
    }
  }
  stream.end();
  await once(stream, 'finish');
  io.err(`${lines} prestaties geschreven naar ${out}${refused ? `; ${refused} bericht(en) afgewezen op een controle in het bericht (0001)` : ''}${failed ? `; ${failed} bestand(en) onleesbaar` : ''}`);
  return failed ? 1 : 0;
}
