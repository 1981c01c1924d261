// Entry of a check worker: tsx's loader first (a worker may start without it), then the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./check-worker.ts');
