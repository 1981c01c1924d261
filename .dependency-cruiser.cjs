/**
 * The floors of src/ (docs/architecture.md), checked by dependency-cruiser:
 * `npm run floors` prints them, test/architecture/floors.test.ts fails on an
 * import that runs back up a floor, sideways on one floor, or in a cycle.
 *
 * Lowest first. A folder may import the folders on the floors below it, never
 * one on its own floor or above. `src/cli.ts` belongs to the cli floor.
 */
const FLOORS = [
  ['base'],
  ['expr', 'facts', 'auth'],
  ['load', 'contract'],
  ['check', 'compile', 'fmt'],
  ['diff', 'evaluate'],
  ['testing', 'decision-log'],
  ['ijw'],
  ['corpus'],
  ['impact'],
  ['offload'],
  ['amend'],
  ['server'],
  ['cli'],
];

const ALL = FLOORS.flat();
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
/** The path pattern of a folder's modules (cli: also src/cli.ts). */
const folderPath = (f) => (f === 'cli' ? '^src/(cli/|cli\\.ts$)' : `^src/${esc(f)}/`);
const anyOf = (fs) => `^src/(${fs.map((f) => (f === 'cli' ? 'cli/|cli\\.ts$' : `${esc(f)}/`)).join('|')})`;

const floorRules = FLOORS.flatMap((floor, i) =>
  floor.map((folder) => {
    const below = FLOORS.slice(0, i).flat();
    const notAllowed = ALL.filter((f) => f !== folder && !below.includes(f));
    return {
      name: `floor-${folder}`,
      severity: 'error',
      comment: `${folder} (floor ${i}) may import only ${below.length ? below.join(', ') : 'no other folder of src/'}`,
      from: { path: folderPath(folder) },
      to: { path: anyOf(notAllowed) },
    };
  }).filter((r) => r.to.path !== '^src/()'),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'no import cycle between the files of src/',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'folder-without-floor',
      severity: 'error',
      comment: `every module of src/ sits in a folder with a floor (${ALL.join(', ')}) or is src/cli.ts`,
      from: { path: '^src/', pathNot: anyOf(ALL) },
      to: {},
    },
    {
      name: 'src-imports-outside',
      severity: 'error',
      comment: 'src/ imports no test, bench or editor code',
      from: { path: '^src/' },
      to: { path: '^(test|bench|editor|scripts)/' },
    },
    ...floorRules,
  ],
  options: {
    includeOnly: '^(src|schemas)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.json', '.d.ts'] },
    exclude: { path: 'node_modules' },
  },
};

// The floors themselves, for `npm run floors` and the test (not enumerable: dependency-cruiser validates the config's own keys).
Object.defineProperty(module.exports, 'FLOORS', { value: FLOORS, enumerable: false });
