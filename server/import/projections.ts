import proj4 from 'proj4';
import { said } from '../text/lang.ts';
import { SaidError } from '../text/said-error.ts';
import { VN2000_TOWGS84, vn2000Tm3, vn2000Utm } from '../analysis/vn2000.ts';

export { VN2000_TOWGS84, vn2000Tm3 };

const VN2000_PARAMS = VN2000_TOWGS84.split(',').map(Number);

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
 * The datum shift a WKT carries: its TOWGS84 node, or — in the ESRI flavour GDAL writes to .prj files, which has
 * no such node — the parameters GDAL spells into the datum's name
 * (`D_Unknown_based_on_WGS84_ellipsoid_using_towgs84_-191_90441429_…`, "." and "," both written "_"). A value and
 * its decimals are read as one number, so values are taken to carry decimals, as GDAL writes VN-2000's.
 */
function towgs84Of(wkt: string, datumName: string): number[] | null {
  const node = /TOWGS84\[([^\]]*)\]/i.exec(wkt);
  if (node) return node[1].split(',').map((v) => Number(v.trim()));
  const spelled = /using_towgs84_([-\d_]+)$/i.exec(datumName);
  if (!spelled) return null;
  const tokens = spelled[1].split('_').filter((t) => t !== '');
  const values: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1];
    if (next !== undefined && /^\d+$/.test(next)) {
      values.push(Number(`${tokens[i]}.${next}`));
      i++;
    } else values.push(Number(tokens[i]));
  }
  return values;
}

/**
 * The national VN-2000 shift, within about a centimetre of its effect (translations 1 cm, rotations 1e-4″, scale
 * 1e-3 ppm). Rotations are also accepted with the opposite sign: software that writes EPSG's coordinate frame
 * values into TOWGS84 means the same datum.
 */
function isVn2000Shift(p: number[]): boolean {
  if (p.length !== 7 || p.some((v) => !Number.isFinite(v))) return false;
  const near = (i: number, tol: number, sign = 1) => Math.abs(p[i] - sign * VN2000_PARAMS[i]) <= tol;
  const shifts = near(0, 0.01) && near(1, 0.01) && near(2, 0.01) && near(6, 1e-3);
  return shifts && ([3, 4, 5].every((i) => near(i, 1e-4)) || [3, 4, 5].every((i) => near(i, 1e-4, -1)));
}

const onWgs84Ellipsoid = (wkt: string) => {
  const m = /SPHEROID\[\s*"[^"]*"\s*,\s*([\d.]+)\s*,\s*([\d.]+)/i.exec(wkt);
  return m !== null && Math.abs(Number(m[1]) - 6378137) < 1e-3 && Math.abs(Number(m[2]) - 298.257223563) < 1e-6;
};

/**
 * The coordinate system of a Shapefile's .prj (ESRI WKT) or of a GeoPackage layer (OGC WKT). VN-2000 — named, or
 * recognised by its 7 parameters on the WGS 84 ellipsoid as GDAL writes it from a proj string, under an unnamed
 * datum — is rebuilt from the grid's parameters with the national shift, since .prj files written by Vietnamese
 * software rarely carry TOWGS84 and without it positions are off by a few hundred metres. A VN-2000-like grid on
 * an unnamed datum with no shift is refused: it could be either datum. Other systems are handed to proj4 as they are.
 */
export function crsFromPrj(wkt: string): Crs {
  const text = wkt.trim();
  const datumName = /DATUM\[\s*"([^"]*)"/i.exec(text)?.[1] ?? '';
  const shift = towgs84Of(text, datumName);
  const namedVn2000 = /VN[-_ ]?2000|Vietnam[_ ]2000/i.test(text);
  const isVn2000 = namedVn2000 || (onWgs84Ellipsoid(text) && shift !== null && isVn2000Shift(shift));
  if (!/^PROJCS/i.test(text)) {
    if (/^GEOGCS/i.test(text)) {
      return isVn2000 ? converter(KNOWN_CRS['EPSG:4756'].label, KNOWN_CRS['EPSG:4756'].proj) : converter('WGS 84 (.prj)', WGS84);
    }
    throw new SaidError(said('the .prj file is not a coordinate system description (WKT)', 'tệp .prj không phải là mô tả hệ tọa độ (WKT)'));
  }
  const lon0 = param(text, 'central_meridian');
  const k = param(text, 'scale_factor');
  const x0 = param(text, 'false_easting');
  if (isVn2000) {
    if (lon0 === null || k === null || x0 === null) throw new SaidError(
        said('the VN-2000 .prj lacks central_meridian, scale_factor or false_easting', 'tệp .prj VN-2000 thiếu central_meridian, scale_factor hoặc false_easting'),
      );
    const zone = /UTM[_ ]zone[_ ](\d+)/i.exec(text);
    if (zone && k === 0.9996) return converter(`VN-2000 / UTM zone ${zone[1]}N`, vn2000Utm(Number(zone[1])));
    const def = `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=${k} +x_0=${x0} +y_0=0 +ellps=WGS84 +towgs84=${VN2000_TOWGS84} +units=m +no_defs`;
    return converter(`VN-2000 / TM (central meridian ${lon0}°, k=${k})`, def);
  }
  const namedWgs84 = /^(D_)?WGS[_ ]?(19)?84$|^World[_ ]Geodetic[_ ]System[_ ]1984$/i.test(datumName);
  const looksLikeVn2000Grid =
    /Transverse_Mercator/i.test(text) && x0 === 500000 && lon0 !== null && lon0 >= 102 && lon0 <= 117 && Number.isInteger(lon0 * 4) && (k === 0.9999 || k === 0.9996);
  if (!namedWgs84 && shift === null && onWgs84Ellipsoid(text) && looksLikeVn2000Grid) {
    throw new SaidError(
      said(
        `the .prj names no datum ("${datumName}" on the WGS 84 ellipsoid, no TOWGS84) and its grid (Transverse Mercator, central meridian ${lon0}°, k=${k}, false easting 500 km) is one of VN-2000's, whose positions lie about 200 m from WGS 84 ones: say whether it is VN-2000 or WGS 84 by exporting the layer again with the datum named (VN-2000, e.g. EPSG:3405, or WGS 84)`,
        `tệp .prj không nêu hệ quy chiếu ("${datumName}" trên ellipsoid WGS 84, không có TOWGS84) mà lưới chiếu (Transverse Mercator, kinh tuyến trục ${lon0}°, k=${k}, dịch Đông 500 km) là lưới của VN-2000, vốn lệch khoảng 200 m so với WGS 84: hãy cho biết đó là VN-2000 hay WGS 84 bằng cách xuất lại lớp dữ liệu có nêu tên hệ quy chiếu (VN-2000, ví dụ EPSG:3405, hoặc WGS 84)`,
      ),
    );
  }
  // proj4 reads a TOWGS84 node but not a shift spelled into the datum's name: it would drop it without a word.
  if (shift !== null && !/TOWGS84\[/i.test(text)) {
    throw new SaidError(
      said(
        `the .prj gives its datum shift only in the datum's name ("${datumName}") and it is not VN-2000's; export the layer in WGS 84 (EPSG:4326) or VN-2000`,
        `tệp .prj chỉ ghi tham số chuyển đổi hệ quy chiếu trong tên ("${datumName}") và đó không phải tham số của VN-2000; hãy xuất lớp dữ liệu theo WGS 84 (EPSG:4326) hoặc VN-2000`,
      ),
    );
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
