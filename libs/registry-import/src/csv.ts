/**
 * A small RFC 4180 reader: comma-separated fields, records ended by CRLF or LF, fields optionally
 * enclosed in double quotes, where a quoted field may hold commas, line breaks and doubled quotes.
 * It exists because the official 2025 conversion table has quoted line breaks inside names; a
 * dependency such as `csv-parse` would do the same job.
 */

export interface CsvRecord {
  /** 1-based line of the file on which the record starts, for error messages. */
  readonly line: number;
  readonly fields: readonly string[];
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let afterClosingQuote = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  const endRecord = (): void => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    afterClosingQuote = false;
  };
  for (let position = 0; position < text.length; position += 1) {
    const character = text[position];
    if (inQuotes) {
      if (character === '"' && text[position + 1] === '"') {
        field += '"';
        position += 1;
      } else if (character === '"') {
        inQuotes = false;
        afterClosingQuote = true;
      } else {
        if (character === '\n') line += 1;
        field += character;
      }
    } else if (character === ',') {
      fields.push(field);
      field = '';
      afterClosingQuote = false;
    } else if (character === '\n' || (character === '\r' && text[position + 1] === '\n')) {
      if (character === '\r') position += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else if (afterClosingQuote) {
      throw new Error(`CSV line ${line}: unexpected character ${JSON.stringify(character)} after a closing quote`);
    } else if (character === '"') {
      if (field !== '') throw new Error(`CSV line ${line}: a quote inside an unquoted field`);
      inQuotes = true;
      quoteLine = line;
    } else {
      field += character;
    }
  }
  if (inQuotes) throw new Error(`CSV line ${quoteLine}: quoted field is not closed before the end of the text`);
  // A final line break ends the last record; it does not start an empty one.
  if (field !== '' || fields.length > 0 || afterClosingQuote) endRecord();
  return records;
}
