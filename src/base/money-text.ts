/** Integer cents as Dutch euros, for every text staff or callers read (messages, CLI); one place, one format. */

/** 123456 -> "€ 1.234,56", -7904 -> "-€ 79,04" (a plain space: terminal- and log-safe). */
export function euroText(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}€ ${whole},${String(abs % 100).padStart(2, '0')}`;
}

/** A signed change: "+ € 6.408,00", "- € 79,04", "€ 0,00". */
export function euroChange(cents: number): string {
  return cents > 0 ? `+ ${euroText(cents)}` : cents < 0 ? `- ${euroText(-cents)}` : euroText(0);
}

/** Formats a rule message's placeholder may ask for: `{bedrag:euro}` prints integer cents as euros. */
export const MESSAGE_FORMATS = ['euro'] as const;

/** `{name}` or `{name:format}` in a rule message. */
export const MESSAGE_PLACEHOLDER = /\{([A-Za-z0-9_]+)(?::([A-Za-z]+))?\}/g;

/** One placeholder's text: "niet opgegeven" without a value; euros for `euro` on integer cents; else the value as text. */
export function placeholderText(value: unknown, format: string | undefined): string {
  if (value == null) return 'niet opgegeven';
  if (format === 'euro' && typeof value === 'number' && Number.isInteger(value)) return euroText(value);
  return String(value);
}
