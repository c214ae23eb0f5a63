/** The year of a `YYYY-MM-DD` date, or null. */
export function yearOf(iso: string): number | null {
  const y = Number(iso.slice(0, 4));
  return /^\d{4}-/.test(iso) && Number.isInteger(y) ? y : null;
}

/** The as-of date that stands for a year: its last day, or today for the current year (the future has no records). */
export function dateForYear(year: number, today: string): string {
  const current = yearOf(today);
  return current !== null && year >= current ? today : `${year}-12-31`;
}
