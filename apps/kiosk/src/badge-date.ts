// The badge's date from our own tables, not the browser's locale data: a tablet's browser may have no Khmer data
// (it printed "December 4, 2026" on a Khmer badge).

const englishMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const khmerMonths = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ'];
const khmerDigits = '០១២៣៤៥៦៧៨៩';

/** Western digits written as Khmer digits ("2026" → "២០២៦"). */
export function khmerNumber(n: number): string {
  return String(n).replace(/\d/g, (d) => khmerDigits[Number(d)] ?? d);
}

/**
 * A calendar day in the tablet's time zone, in the badge's language: "December 4, 2026"; in Khmer
 * "ថ្ងៃទី៤ ខែធ្នូ ឆ្នាំ២០២៦" (day, month, year, with Khmer digits). Other languages get the English form.
 */
export function badgeDate(date: Date, language: string): string {
  const day = date.getDate();
  const month = date.getMonth();
  const year = date.getFullYear();
  if (language === 'km') return `ថ្ងៃទី${khmerNumber(day)} ខែ${khmerMonths[month]} ឆ្នាំ${khmerNumber(year)}`;
  return `${englishMonths[month]} ${day}, ${year}`;
}
