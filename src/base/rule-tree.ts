/**
 * The rule tree's layout and version identity, in one place: a version lives in
 * `<protocol>/<version>/` (protocol in lower case: rtp, rap), a version number is
 * two whole numbers ("2.1", ordered numerically), and an adopted version is the
 * git tag `<protocol>-<version>` (rtp-2.1).
 */

/** The protocol folders of the tree. */
export const PROTOCOL_FOLDER = '(rtp|rap)';
/** A version number, as a regular-expression source: "2.1". */
export const VERSION = String.raw`\d+\.\d+`;

const VERSION_NUMBER = new RegExp(`^${VERSION}$`);
const VERSION_DIR = new RegExp(`^${PROTOCOL_FOLDER}/${VERSION}$`);
const IN_VERSION_DIR = new RegExp(`^${PROTOCOL_FOLDER}/${VERSION}/`);

/** A version number such as "2.1". */
export const isVersionNumber = (s: unknown): s is string => typeof s === 'string' && VERSION_NUMBER.test(s);

/** Versions in numeric order: 2.9 before 2.10. */
export const compareVersions = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

/** The folder of a version: ("RTP", "2.1") -> "rtp/2.1". */
export function versionDir(protocol: string, version: string): string {
  return `${protocol.toLowerCase()}/${version}`;
}

/** The first two segments of a path ("rtp/2.1/decisions/x.yaml" -> "rtp/2.1"), a version folder when the path is in one. */
export const versionDirOf = (path: string) => path.split('/').slice(0, 2).join('/');

/** "rtp/2.1" (not "rtp/2.1/..." nor "rtp/tables"). */
export const isVersionDir = (dir: string) => VERSION_DIR.test(dir);

/** A path inside a version folder ("rtp/2.1/ruleset.yaml"). */
export const inVersionDir = (path: string) => IN_VERSION_DIR.test(path);

/** Tag name of a version: `<protocol>-<version>` in lower case, e.g. rtp-2.1. */
export function tagName(protocol: string, version: string): string {
  return `${protocol.toLowerCase()}-${version}`;
}

/** A version tag ("rtp-2.1"): [, protocol folder, version]. */
export const VERSION_TAG = new RegExp(`^${PROTOCOL_FOLDER}-(${VERSION})$`);
