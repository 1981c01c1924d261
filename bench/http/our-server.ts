/**
 * Our service in a process of its own, started as `protocolregels serve --rules rules` starts it
 * (plain mode: shipped rules, access control, request log at the service's level, metrics with the
 * process metrics, the batch pool), its log thrown away by the parent. Started by section.ts with fork().
 */
import { startServer } from '../../src/server/start.js';
import { SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';

const running = await startServer({ rulesDir: SHIPPED_RULES_DIR, port: 0, editorDir: '/nonexistent' });
process.send!({ url: running.url });
// The parent asks for this process's CPU time (µs) around each load run.
process.on('message', () => { const c = process.cpuUsage(); process.send!({ cpu: c.user + c.system }); });
process.on('disconnect', () => void running.close().then(() => process.exit(0)));
