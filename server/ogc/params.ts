import { vietnamDate } from './vietnam-date.ts';
import { CRS, CRS84 } from './crs.ts';
import type { QueryBox } from '../repositories/ogc-features.ts';
import { badRequest } from '../errors.ts';
import { said } from '../text/lang.ts';

const DATE = /^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const DATE_TIME = /^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$/i;

/** One end of a `datetime`: a date, or a date-time taken as the date it is in Vietnam; null for an open end. */
function instant(text: string, field: string): string | null {
  if (text === '..' || text === '') return null;
  if (DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))) return text;
  if (DATE_TIME.test(text)) {
    const t = new Date(text);
    if (!Number.isNaN(t.getTime())) return vietnamDate(t);
  }
  throw badRequest(
    said(
      `${field} "${text.slice(0, 40)}" is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ) from 1900 to 2100`,
      `${field} "${text.slice(0, 40)}" không phải ngày (YYYY-MM-DD) hoặc thời điểm (YYYY-MM-DDThh:mm:ssZ) từ 1900 đến 2100`,
    ),
  );
}

/** `datetime` as an instant (start = end) or an interval with open ends as null; dates in Vietnam. */
export function parseDatetime(text: string): { start: string | null; end: string | null; interval: boolean } {
  const field = 'querystring/datetime';
  const parts = text.split('/');
  if (parts.length === 1) {
    const at = instant(parts[0], field);
    if (at === null) throw badRequest(said(`${field} must not be ".." alone`, `${field} không được chỉ là ".."`));
    return { start: at, end: at, interval: false };
  }
  if (parts.length !== 2) throw badRequest(said(`${field} holds more than one "/"`, `${field} có nhiều hơn một dấu "/"`));
  const [start, end] = [instant(parts[0], field), instant(parts[1], field)];
  if (start !== null && end !== null && start > end) {
    throw badRequest(said(`${field} starts (${start}) after it ends (${end})`, `${field} bắt đầu (${start}) sau khi kết thúc (${end})`));
  }
  return { start, end, interval: true };
}

/** A CRS named by its URI (or the short EPSG:n / CRS84 forms); 400 naming the supported ones. */
export function parseCrs(text: string | undefined, field: string): string {
  if (text === undefined || text === '') return CRS84;
  const t = text.trim().replace(/^\[(.*)\]$/, '$1');
  const uri = /^CRS84$/i.test(t)
    ? CRS84
    : /^EPSG:[0-9]+$/i.test(t)
      ? `http://www.opengis.net/def/crs/EPSG/0/${t.slice(5)}`
      : t.replace(/^https:/, 'http:');
  if (CRS[uri]) return uri;
  throw badRequest(
    said(`${field} "${text.slice(0, 100)}" is not supported; use one of ${Object.keys(CRS).join(', ')}`, `${field} "${text.slice(0, 100)}" không được hỗ trợ; hãy dùng một trong ${Object.keys(CRS).join(', ')}`),
  );
}

/** `bbox` as four (or six, with heights) numbers in the bbox CRS, turned into a box longitude first. */
export function parseBbox(text: string, crsUri: string): QueryBox {
  const field = 'querystring/bbox';
  const n = text.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  if ((n.length !== 4 && n.length !== 6) || n.some((v) => !Number.isFinite(v))) {
    throw badRequest(said(`${field} must be 4 numbers west,south,east,north (or 6 with heights)`, `${field} phải gồm 4 số tây,nam,đông,bắc (hoặc 6 số kèm độ cao)`));
  }
  const [a, b, c, d] = n.length === 6 ? [n[0], n[1], n[3], n[4]] : n;
  const crs = CRS[crsUri];
  // EPSG:4326 gives latitude first.
  const [west, south, east, north] = crs.latLon ? [b, a, d, c] : [a, b, c, d];
  if (west > east || south > north) {
    throw badRequest(said(`${field}: the lower corner must lie south-west of the upper one (a box across the antimeridian is not supported)`, `${field}: góc dưới phải nằm ở phía tây nam góc trên (không hỗ trợ hộp cắt qua kinh tuyến 180)`));
  }
  if (crs.srid === 4326 && (west < -180 || east > 180 || south < -90 || north > 90)) {
    throw badRequest(said(`${field}: longitudes must lie in −180…180 and latitudes in −90…90`, `${field}: kinh độ phải trong khoảng −180…180 và vĩ độ trong −90…90`));
  }
  return { west, south, east, north, srid: crs.srid === 3857 ? 3857 : 4326 };
}
