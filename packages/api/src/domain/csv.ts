export type CsvValue = string | number | null;

/**
 * One CSV cell: quoted, quotes doubled, and a leading = + - @ neutralised so a spreadsheet never runs a visitor's
 * typed text as a formula.
 */
function cell(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** One CSV record, CRLF-terminated (RFC 4180). Every export of visit data goes through here. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(cell).join(',')}\r\n`;
}

/** The header record: our own column names, plain (they never start with a formula character). */
export function csvHeader(names: readonly string[]): string {
  return `${names.join(',')}\r\n`;
}
