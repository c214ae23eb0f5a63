/**
 * Reading and writing the date fields' text. A date field shows its date as the interface's language writes it
 * (dd/mm/yyyy in Vietnamese), never as the browser's locale would (a native date input in an English browser
 * shows mm/dd/yyyy), and reads what a person types: dd/mm/yyyy (also with '-' or '.', one-digit day or month) or
 * an ISO date YYYY-MM-DD.
 */

const DMY = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/;
const ISO = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** The ISO date a typed text stands for, or null when it is not a real calendar date. */
export function parseDateText(text: string): string | null {
  let y: number, m: number, d: number;
  const dmy = DMY.exec(text);
  const iso = dmy ? null : ISO.exec(text);
  if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  if (m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}
