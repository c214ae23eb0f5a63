import proj4 from 'proj4';
import { said } from '../text/lang.ts';
import { SaidError } from '../text/said-error.ts';

/**
 * VN-2000 to WGS 84, 7 parameters (position vector, metres / arc-seconds / ppm), as published with
 * Decision 05/2007/QĐ-BTNMT and carried by the EPSG:3405 definition (epsg.io/3405.proj4).
 */
export const VN2000_TOWGS84 = '-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278';

const vn2000Utm = (zone: number) => `+proj=utm +zone=${zone} +ellps=WGS84 +towgs84=${VN2000_TOWGS84} +units=m +no_defs`;
/** Provincial TM-3 grid (Circular 973/2001/TT-TCĐC): 3° zone, scale 0.9999, false easting 500 km. */
export const vn2000Tm3 = (centralMeridian: number) =>
  `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=${VN2000_TOWGS84} +units=m +no_defs`;

/**
 * Coordinate systems recognised by EPSG code. The provincial central meridians are those of Circular
 * 973/2001/TT-TCĐC (e.g. Điện Biên and Lai Châu 103°00', Sơn La 104°00', Lào Cai 104°45', Hà Nội 105°00').
 */
export const KNOWN_CRS: Record<string, { label: string; proj: string }> = {
  'EPSG:4326': { label: 'WGS 84 (EPSG:4326)', proj: '+proj=longlat +datum=WGS84 +no_defs' },
  // WGS 84 with ellipsoidal heights (GDAL declares it for 3D layers): the same longitude/latitude, heights dropped.
  'EPSG:4979': { label: 'WGS 84 3D (EPSG:4979)', proj: '+proj=longlat +datum=WGS84 +no_defs' },
  'EPSG:4756': { label: 'VN-2000 geographic (EPSG:4756)', proj: `+proj=longlat +ellps=WGS84 +towgs84=${VN2000_TOWGS84} +no_defs` },
  'EPSG:3405': { label: 'VN-2000 / UTM zone 48N (EPSG:3405)', proj: vn2000Utm(48) },
  'EPSG:3406': { label: 'VN-2000 / UTM zone 49N (EPSG:3406)', proj: vn2000Utm(49) },
  'EPSG:32648': { label: 'WGS 84 / UTM zone 48N (EPSG:32648)', proj: '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs' },
  'EPSG:32649': { label: 'WGS 84 / UTM zone 49N (EPSG:32649)', proj: '+proj=utm +zone=49 +datum=WGS84 +units=m +no_defs' },
  'EPSG:3857': { label: 'Web Mercator (EPSG:3857)', proj: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs' },
};

export interface Crs {
  label: string;
  /** null: already WGS 84 longitude/latitude, nothing to do. */
  toWgs84: ((xy: number[]) => number[]) | null;
}

const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';

function converter(label: string, def: string): Crs {
  if (def === WGS84) return { label, toWgs84: null };
  const p = proj4(def, WGS84);
  return { label, toWgs84: (xy) => p.forward([xy[0], xy[1]]) };
}

/** A GeoJSON `crs` member's name ("EPSG:3405", "urn:ogc:def:crs:EPSG::3405", "…OGC:1.3:CRS84"). */
export function crsFromName(name: string): Crs {
  if (/CRS84$/i.test(name)) return converter('WGS 84 (CRS84)', WGS84);
  const m = /EPSG:{1,2}(?:[\d.]*:)?(\d+)$/i.exec(name);
  const known = m ? KNOWN_CRS[`EPSG:${m[1]}`] : undefined;
  if (!known) throw new SaidError(
      said(
        `coordinate system "${name}" is not supported; use WGS 84 (EPSG:4326), VN-2000 (EPSG:3405/3406 or a provincial TM-3 .prj)`,
        `hệ tọa độ "${name}" không được hỗ trợ; hãy dùng WGS 84 (EPSG:4326), VN-2000 (EPSG:3405/3406 hoặc tệp .prj TM-3 theo tỉnh)`,
      ),
    );
  return converter(known.label, known.proj);
}

const param = (wkt: string, name: string) => {
  const m = new RegExp(`PARAMETER\\[\\s*"${name}"\\s*,\\s*(-?[\\d.]+)`, 'i').exec(wkt);
  return m ? Number(m[1]) : null;
};

/**
 * The coordinate system of a Shapefile's .prj (ESRI WKT). VN-2000 grids are rebuilt from their parameters with
 * the national 7-parameter shift, since .prj files written by Vietnamese software rarely carry TOWGS84 and
 * without it positions are off by a few hundred metres. Other systems are handed to proj4 as they are.
 */
export function crsFromPrj(wkt: string): Crs {
  const text = wkt.trim();
  const isVn2000 = /VN[-_ ]?2000|Vietnam[_ ]2000/i.test(text);
  if (!/^PROJCS/i.test(text)) {
    if (/^GEOGCS/i.test(text)) {
      return isVn2000 ? converter(KNOWN_CRS['EPSG:4756'].label, KNOWN_CRS['EPSG:4756'].proj) : converter('WGS 84 (.prj)', WGS84);
    }
    throw new SaidError(said('the .prj file is not a coordinate system description (WKT)', 'tệp .prj không phải là mô tả hệ tọa độ (WKT)'));
  }
  if (isVn2000) {
    const lon0 = param(text, 'central_meridian');
    const k = param(text, 'scale_factor');
    const x0 = param(text, 'false_easting');
    if (lon0 === null || k === null || x0 === null) throw new SaidError(
        said('the VN-2000 .prj lacks central_meridian, scale_factor or false_easting', 'tệp .prj VN-2000 thiếu central_meridian, scale_factor hoặc false_easting'),
      );
    const zone = /UTM[_ ]zone[_ ](\d+)/i.exec(text);
    if (zone && k === 0.9996) return converter(`VN-2000 / UTM zone ${zone[1]}N`, vn2000Utm(Number(zone[1])));
    const def = `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=${k} +x_0=${x0} +y_0=0 +ellps=WGS84 +towgs84=${VN2000_TOWGS84} +units=m +no_defs`;
    return converter(`VN-2000 / TM (central meridian ${lon0}°, k=${k})`, def);
  }
  try {
    return converter(/^PROJCS\["([^"]+)"/i.exec(text)?.[1] ?? 'from .prj', text);
  } catch {
    throw new SaidError(
      said(
        'the coordinate system in the .prj file is not understood; export the layer in WGS 84 (EPSG:4326) or VN-2000',
        'không hiểu được hệ tọa độ trong tệp .prj; hãy xuất lớp dữ liệu theo WGS 84 (EPSG:4326) hoặc VN-2000',
      ),
    );
  }
}
