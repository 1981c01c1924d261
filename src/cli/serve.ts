import type { Output } from './output.js';
export async function serveCommand(_args: string[], io: Output): Promise<number> {
  io.err('serve: nog niet gebouwd');
  return 2;
}
