/** Calendar arithmetic on ISO dates, in UTC so results never depend on the machine's time zone. */
import type { IsoDate } from './types.ts';
import type { Rng } from './random.ts';

const DAY = 86_400_000;

export const iso = (y: number, m: number, d: number): IsoDate => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

const toMs = (date: IsoDate): number => {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
};

export const addDays = (date: IsoDate, days: number): IsoDate => new Date(toMs(date) + days * DAY).toISOString().slice(0, 10);

/** Adds whole months, keeping the day; a day the target month lacks rolls over into the next month. */
export const addMonths = (date: IsoDate, months: number): IsoDate => {
  const [y, m, d] = date.split('-').map(Number);
  return iso(y, m + months, d);
};

export const daysBetween = (from: IsoDate, to: IsoDate): number => Math.round((toMs(to) - toMs(from)) / DAY);

export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);

/** Uniform date in [from, to], both inclusive. */
export const randomDate = (rng: Rng, from: IsoDate, to: IsoDate): IsoDate =>
  addDays(from, rng.int(0, Math.max(0, daysBetween(from, to))));

export const dayOfYear = (date: IsoDate): number => daysBetween(`${date.slice(0, 4)}-01-01`, date) + 1;
