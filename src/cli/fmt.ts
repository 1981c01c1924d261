import type { Output } from './output.js';
export async function fmtCommand(_args: string[], io: Output): Promise<number> {
  io.err('fmt: nog niet gebouwd');
  return 2;
}
