/**
 * CSV for spreadsheets (RFC 4180): fields separated by commas, lines by CRLF, a field quoted when
 * it holds a comma, a quote or a line break, quotes doubled. The text starts with a UTF-8 byte
 * order mark so that spreadsheet programs read Vietnamese names as UTF-8 rather than a legacy
 * code page. Amounts are written as plain digits, never with thousands separators.
 *
 * A text cell that a spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a
 * tab or a carriage return) is written with a leading apostrophe and quoted, as OWASP advises
 * against CSV injection: a program named `=HYPERLINK(…)` shows as text and runs nothing. Numbers
 * are never escaped (they cannot start a formula).
 */
export const utf8ByteOrderMark = '\uFEFF';

const formulaStart = /^[=+\-@\t\r]/;

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (formulaStart.test(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${utf8ByteOrderMark}${lines.join('\r\n')}\r\n`;
}
