/** JSON Pointers (RFC 6901), built one way: every pointer in an answer, a diagnostic or an error detail. */

/** One reference token: `~` as `~0`, `/` as `~1`. */
export const pointerToken = (segment: string | number): string => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

/** The pointer of a data path (["facts", "client", 0]: "/facts/client/0"); the empty path is "". */
export function toPointer(path: readonly (string | number)[]): string {
  return path.map((p) => '/' + pointerToken(p)).join('');
}

/** The pointer of a fact path ("client.geboortedatum") in a request: "/facts/client/geboortedatum". */
export const factPointer = (path: string): string => '/facts' + toPointer(path.split('.'));
