/**
 * CSV for spreadsheets (RFC 4180): fields separated by commas, lines by CRLF, a field quoted when
 * it holds a comma, a quote or a line break, quotes doubled. The text starts with a UTF-8 byte
 * order mark so that spreadsheet programs read Vietnamese names as UTF-8 rather than a legacy
 * code page. Amounts are written as plain digits, never with thousands separators.
 */
export const utf8ByteOrderMark = '\uFEFF';

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${utf8ByteOrderMark}${lines.join('\r\n')}\r\n`;
}
