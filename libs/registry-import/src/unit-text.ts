/**
 * Cleans a name or note taken from an official file. The 2025 conversion table carries typing
 * artefacts: line breaks at the end of names ("Phường Phú Xuân\n"), doubled spaces ("Xã  Hòa Khánh")
 * and some decomposed Unicode. Names are compared and searched, so they are stored in NFC with
 * single spaces; the words themselves are never changed.
 */
export function cleanUnitText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}
