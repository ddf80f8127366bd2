/**
 * Treasury voucher references, compared and stored in one form. "KBNN-096-777 ", "kbnn-096-777",
 * "ＫＢＮＮ-096-777" and "KBNN-096-\u200b777" are one voucher: the reference is folded to Unicode
 * NFKC (full-width and compatibility forms become their plain letters), stripped of invisible
 * characters, trimmed, its runs of spaces made one, and upper-cased.
 */
const invisibleCharacters = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/g;
const spaces = /\s+/g;

export function normalizeVoucherRef(text: string): string {
  return text.normalize('NFKC').replace(invisibleCharacters, '').replace(spaces, ' ').trim().toUpperCase();
}
