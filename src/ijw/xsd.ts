/**
 * Optional validation against the official iJw 3.2 XSDs, which the project does
 * not ship (no open licence): when IJW_XSD_DIR names a folder holding them, a
 * message is validated with libxml2 compiled to WebAssembly (xmllint-wasm,
 * which runs in a worker thread; no native build). The bericht's schema is
 * `<bericht>.xsd` (any case, e.g. jw323.xsd); every other .xsd in the folder is
 * preloaded so its imports (the basisschema) resolve. Network access is off.
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

function schemasIn(dir: string): XsdFile[] {
  let files = cache.get(dir);
  if (!files) {
    files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.xsd') && !/(^|\s)-/.test(f)).sort()
      .map((f) => ({ fileName: f, contents: readFileSync(join(dir, f), 'utf8') }));
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
