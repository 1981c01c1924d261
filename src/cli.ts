/**
 * The command line: `npx protocolregels <verb>`. Each verb lives in src/cli/<verb>.ts
 * and returns its exit code; problems are printed as file:line:col, never as stack traces.
 */
import { coverageCommand } from './cli/coverage.js';
import { evalCommand } from './cli/eval.js';
import { consoleOutput, type Output } from './cli/output.js';
import { testCommand } from './cli/test.js';
import { validateCommand } from './cli/validate.js';
import { SHIPPED_RULES_DIR } from './evaluate/project.js';

type Command = (args: string[], io: Output, rulesDir: string) => Promise<number>;

const COMMANDS: Record<string, { run: () => Promise<Command>; help: string }> = {
  validate: { run: async () => validateCommand, help: 'validate [map]          alle versies laden, controleren en compileren' },
  check: { run: async () => (await import('./cli/check.js')).checkCommand, help: 'check [map]             statische controles: regels die nooit vuren, overschaduwd, tabelrijen, ongebruikte feiten' },
  test: { run: async () => testCommand, help: 'test [map]              alle testgevallen (rules/**/tests/*.yaml) draaien' },
  fmt: { run: async () => (await import('./cli/fmt.js')).fmtCommand, help: 'fmt [--check] [map|bestand...]   regelbestanden canoniek opmaken' },
  eval: { run: async () => evalCommand, help: 'eval <verzoek.json>     een verzoek evalueren (zoals POST /api/v1/evaluate)' },
  coverage: { run: async () => coverageCommand, help: 'coverage [--write]      testdekking per regel (docs/coverage.md)' },
  corpus: { run: async () => (await import('./cli/corpus.js')).corpusCommand, help: 'corpus generate --seed N --size N [--out BESTAND]   synthetisch corpus (JSON Lines)' },
  impact: { run: async () => (await import('./cli/impact.js')).impactCommand, help: 'impact --from rap-2.0 --to <rap-2.1 | proposal:<nummer> | dir:<map>> --corpus <BESTAND | decision-log [--since JJJJ-MM-DD] [--until JJJJ-MM-DD]> [--json]   wat een wijziging doet' },
  serve: { run: async () => (await import('./cli/serve.js')).serveCommand, help: 'serve [--rules <map>] [--workers N]   de evaluatieservice en de editor starten (N processen: DATABASE_URL nodig)' },
  audit: { run: async () => (await import('./cli/audit.js')).auditCommand, help: 'audit verify            de hashketen van de auditlog en de koppen in de vaststellingscommits controleren' },
  backup: { run: async () => (await import('./cli/backup.js')).backupCommand, help: 'backup --out <map>       back-up van de opslag en de regelrepository terwijl de service draait' },
  restore: { run: async () => (await import('./cli/backup.js')).restoreCommand, help: 'restore --from <map>    een back-up terugzetten in een lege gegevensmap' },
  user: { run: async () => (await import('./cli/user.js')).userCommand, help: 'user add <naam> --role <rol>  een gebruiker (of de eerste beheerder) toevoegen' },
};

export async function main(argv: string[], io: Output = consoleOutput): Promise<number> {
  const [verb, ...args] = argv;
  const command = verb ? COMMANDS[verb] : undefined;
  if (!command) {
    io.err('gebruik: protocolregels <opdracht>');
    for (const c of Object.values(COMMANDS)) io.err(`  ${c.help}`);
    return verb ? 2 : 0;
  }
  const rulesDir = process.env.RULES_DIR ?? SHIPPED_RULES_DIR;
  try {
    return await (await command.run())(args, io, rulesDir);
  } catch (e) {
    // Bugs and I/O failures: one line, no stack trace (set DEBUG=1 for it).
    io.err(`fout: ${(e as Error).message}`);
    if (process.env.DEBUG) io.err(String((e as Error).stack));
    return 1;
  }
}
