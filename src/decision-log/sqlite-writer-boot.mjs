// Entry of the decision log's SQLite writer: tsx's loader first (a worker may start without it), then the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-writer-worker.ts');
