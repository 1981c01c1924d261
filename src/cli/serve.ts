import { startServer } from '../server/start.js';
import type { Output } from './output.js';

/**
 * `serve [--rules <dir>]`: the service on HOST:PORT (127.0.0.1:3000). By default with the
 * amendment procedure (SQLite and the rules git repository under data/, seeded from rules/);
 * with --rules it serves that folder as it is and reloads when a file changes.
 */
export async function serveCommand(args: string[], io: Output, rulesDir?: string): Promise<number> {
  const i = args.indexOf('--rules');
  const plainDir = i >= 0 ? args[i + 1] : undefined;
  if (i >= 0 && !plainDir) {
    io.err('gebruik: serve [--rules <map>]');
    return 2;
  }
  const running = await startServer({
    host: process.env.HOST ?? '127.0.0.1',
    port: process.env.PORT ? Number(process.env.PORT) : 3000,
    rulesDir: plainDir,
    // RULES_DIR (passed in as rulesDir) seeds the rules repository of the procedure.
    shippedRulesDir: rulesDir,
  });
  io.out(`protocolregels luistert op ${running.url} (editor: ${running.url}/editor/)`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      running.close().then(resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}
