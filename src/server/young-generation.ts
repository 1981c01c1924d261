/**
 * The service's cap on V8's young generation. With Node.js 24's defaults a busy process lets
 * the new space grow to about 128 MB (V8 sizes it itself, doubling it while scavenges are
 * busy) and keeps it: in the 60-minute soak the surviving worker's RSS rose 58.9% with its
 * old space flat, from new space alone (docs/operations.md, "Soak"). A semi-space of at most
 * 16 MB keeps the new space at about 32 MB, so RSS follows what is kept.
 *
 * V8 reads the flag only when the process starts (v8.setFlagsFromString later changes
 * nothing), so it is given on the command line: the cluster primary adds it to its workers'
 * execArgv here; the single-process start gets it from `npm start` and the bin's shebang.
 * An operator's own --max-semi-space-size (in the command line or NODE_OPTIONS) wins.
 */
export const SEMI_SPACE_MB = 16;

const SEMI_SPACE_FLAG = /^--max[-_]semi[-_]space[-_]size(=|$)/;

/** `execArgv` with `--max-semi-space-size=16` added, unless it or NODE_OPTIONS already sets one. */
export function withYoungGenerationCap(execArgv: readonly string[], nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => SEMI_SPACE_FLAG.test(a));
  return given ? [...execArgv] : [...execArgv, `--max-semi-space-size=${SEMI_SPACE_MB}`];
}
