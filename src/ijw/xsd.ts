/**
 * Optional validation against the official iJw 3.2 XSDs, which the project does
 * not ship (no open licence): when IJW_XSD_DIR names a folder holding them, a
 * message is validated with libxml2 compiled to WebAssembly (xmllint-wasm,
 * which runs in a worker thread; no native build). The bericht's schema is
 * `<bericht>.xsd` (any case, e.g. JW323.xsd); every other .xsd in the folder is
 * preloaded so its imports resolve, also under the name an import uses when the
 * file on disk differs in case (the official schemas import `basisschema.xsd`,
 * the file is `Basisschema.xsd`). Network access is off.
 * Runs only after our own parser accepted the message, so it never sees a DTD.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageProblem } from './errors.js';
import type { BerichtType } from './header.js';

interface XsdFile {
  fileName: string;
  contents: string;
}

const cache = new Map<string, XsdFile[]>();

const IMPORT = /<(?:\w+:)?(?:import|include)\b[^>]*\bschemaLocation\s*=\s*["']([^"']+)["']/g;

function schemasIn(dir: string): XsdFile[] {
  let files = cache.get(dir);
  if (!files) {
    const onDisk = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.xsd') && !/(^|\s)-/.test(f)).sort()
      .map((f) => ({ fileName: f, contents: readFileSync(join(dir, f), 'utf8') }));
    // Imports name files as the schema author spelled them; offer each file under that spelling too.
    const aliases: XsdFile[] = [];
    for (const f of onDisk) {
      for (const [, loc] of f.contents.matchAll(IMPORT)) {
        const name = loc.split(/[\\/]/).pop()!;
        if (onDisk.some((g) => g.fileName === name) || aliases.some((g) => g.fileName === name)) continue;
        const target = onDisk.find((g) => g.fileName.toLowerCase() === name.toLowerCase());
        if (target) aliases.push({ fileName: name, contents: target.contents });
      }
    }
    files = [...onDisk, ...aliases];
    cache.set(dir, files);
  }
  return files;
}

/** Problems against the bericht's XSD; [] when valid. A folder without that bericht's XSD is a configuration error. */
export async function validateAgainstXsd(xml: string, type: BerichtType, dir: string): Promise<MessageProblem[]> {
  const all = schemasIn(dir);
  const main = all.find((f) => f.fileName.toLowerCase() === `${type}.xsd`);
  if (!main) throw new Error(`IJW_XSD_DIR (${dir}) holds no ${type}.xsd`);
  const { validateXML } = await import('xmllint-wasm');
  const result = await validateXML({
    xml: { fileName: 'bericht.xml', contents: xml },
    schema: main,
    preload: all.filter((f) => f !== main),
    modifyArguments: (args) => ['--nonet', ...args],
  });
  if (result.valid) return [];
  return result.errors.map((e) => ({ path: `/${type}.xsd`, line: e.loc?.lineNumber ?? 0, column: 0, message: `XSD: ${e.message}` }));
}
