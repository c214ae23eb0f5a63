import proj4 from 'proj4';
import type { Position } from 'geojson';

/**
 * VN-2000 to WGS 84, 7 parameters as `+towgs84` takes them (metres, arc-seconds, ppm; position vector convention).
 * They are EPSG:6960 "VN-2000 to WGS 84 (2)" (Decision 05/2007/QĐ-BTNMT), which EPSG publishes in the coordinate
 * frame convention (method 9607: rotations -0.00928836, 0.01975479, -0.00427372″); position vector rotations are
 * the same numbers with the opposite sign. PROJ 9.1 (`gdalsrsinfo -o proj4 EPSG:3405`) gives exactly these, and
 * GDAL transforms EPSG:3405/3406 with that operation ("Inverse of UTM zone 48N + VN-2000 to WGS 84 (2)");
 * test/fixtures/vn2000/ holds points GDAL projected, which the app must bring back within 5 cm.
 *
 * Pure (proj4 only): the importer reads files with it on the server, the map shows and reads coordinates with it in
 * the browser.
 */
export const VN2000_TOWGS84 = '-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278';

export const vn2000Utm = (zone: number) => `+proj=utm +zone=${zone} +ellps=WGS84 +towgs84=${VN2000_TOWGS84} +units=m +no_defs`;
/** Provincial TM-3 grid (Circular 973/2001/TT-TCĐC): 3° zone, scale 0.9999, false easting 500 km. */
export const vn2000Tm3 = (centralMeridian: number) =>
  `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=${VN2000_TOWGS84} +units=m +no_defs`;

const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';

/**
 * The provinces' central meridians of the TM-3 grid (Circular 973/2001/TT-TCĐC), in degrees: e.g. Lai Châu and
 * Điện Biên 103°00', Sơn La 104°00', Lào Cai 104°45', Hà Nội 105°00', Quảng Ninh 107°45', Đà Nẵng 107°45',
 * TP Hồ Chí Minh 105°45'.
 */
export const VN2000_CENTRAL_MERIDIANS = [
  102, 103, 103.5, 104, 104.25, 104.5, 104.75, 105, 105.5, 105.75, 106, 106.25, 106.5, 107, 107.25, 107.5, 107.75, 108, 108.25, 108.5,
] as const;

/** The listed central meridian nearest to `lon`: a default for a place whose province's meridian is not known. */
export function nearestCentralMeridian(lon: number): number {
  return VN2000_CENTRAL_MERIDIANS.reduce((best, m) => (Math.abs(m - lon) < Math.abs(best - lon) ? m : best), VN2000_CENTRAL_MERIDIANS[0]);
}

/** A VN-2000 TM-3 position as Vietnamese surveyors write it: X northing, Y easting (with the 500 km), in metres. */
export interface Vn2000Xy {
  x: number;
  y: number;
}

const converters = new Map<number, proj4.Converter>();
const tm3 = (centralMeridian: number) => {
  let c = converters.get(centralMeridian);
  if (!c) converters.set(centralMeridian, (c = proj4(WGS84, vn2000Tm3(centralMeridian))));
  return c;
};

/**
 * WGS 84 longitude/latitude to VN-2000 TM-3 on the given central meridian (the same transform the importer
 * reads VN-2000 files with, run forwards).
 *
 * @example
 * toVn2000([103.5, 21.5], 103); // { x: 2378387.36…, y: 551608.94… }  (X northing, Y easting)
 */
export function toVn2000(lonLat: Position, centralMeridian: number): Vn2000Xy {
  const [e, n] = tm3(centralMeridian).forward([lonLat[0], lonLat[1]]);
  return { x: n, y: e };
}

/**
 * VN-2000 TM-3 X (northing) / Y (easting) on the given central meridian to WGS 84 longitude/latitude.
 *
 * @example
 * fromVn2000({ x: 2378387.36, y: 551608.94 }, 103); // ≈ [103.5, 21.5]
 */
export function fromVn2000(xy: Vn2000Xy, centralMeridian: number): Position {
  const [lon, lat] = tm3(centralMeridian).inverse([xy.y, xy.x]);
  return [lon, lat];
}
