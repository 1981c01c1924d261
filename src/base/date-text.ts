/** Calendar dates as staff read them, the same on the server and in the editor: "1 januari 2028". */

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** An ISO date (YYYY-MM-DD) in Dutch words: "2028-01-01" -> "1 januari 2028"; anything else as given. */
export function dateText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || +m[2] < 1 || +m[2] > 12) return iso;
  return `${Number(m[3])} ${MONTHS[+m[2] - 1]} ${m[1]}`;
}
