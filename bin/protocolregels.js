#!/usr/bin/env -S node --max-semi-space-size=16
// The flag caps V8's young generation for the service (src/server/young-generation.ts).
// Runs the TypeScript CLI directly through tsx's loader, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
