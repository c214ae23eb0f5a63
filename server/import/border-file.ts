import type { Geometry, LineString, MultiLineString, Position } from 'geojson';
import { aboutFeature, readFeatureFile, type Problem, type ReadResult } from './boundary-file.ts';
import { said } from '../text/lang.ts';

/** The neighbours Vietnam has a land border with, as the `country` table holds them. */
export const BORDER_COUNTRIES = ['CHN', 'LAO', 'KHM'] as const;
export type BorderCountry = (typeof BORDER_COUNTRIES)[number];

/**
 * Properties read for a feature's country when the request names none, first found wins (case-insensitive): the
 * shared OSM-derived file has `iso_a` (VNM) and `iso_b` (the neighbour), so `iso_b` comes before `iso_a3`.
 */
export const COUNTRY_KEYS = ['country', 'country_code', 'iso3', 'iso_b', 'iso_a3'];

/** The border region (Vietnam and a margin into its neighbours). */
const REGION = { west: 101.5, south: 8.0, east: 109.5, north: 24.0 };

export interface BorderLineCandidate {
  n: number;
  country: BorderCountry | null;
  geometry: MultiLineString | null;
}

export interface BorderReadResult {
  format: ReadResult['format'];
  crs: string;
  lines: BorderLineCandidate[];
  problems: Problem[];
}

export const isBorderCountry = (s: string): s is BorderCountry => (BORDER_COUNTRIES as readonly string[]).includes(s);

/**
 * Reads border lines from a GeoJSON file, a zipped Shapefile or a GeoPackage (through the boundary import's file
 * reading, so coordinate systems are handled the same way): each feature must be a LineString or MultiLineString of
 * `country` when given, otherwise of the country its properties name. Throws ImportFileError when the file cannot
 * be read at all.
 */
export async function readBorderFile(buf: Buffer, country: BorderCountry | null): Promise<BorderReadResult> {
  const file = await readFeatureFile(buf);
  const problems = [...file.problems];
  const lines: BorderLineCandidate[] = [];
  file.features.forEach((f, i) => {
    const n = i + 1;
    const report = (kind: string, what: ReturnType<typeof said>) =>
      problems.push({ feature: n, code: null, severity: 'error', kind, message: aboutFeature(n, null, what) });
    let c: BorderCountry | null = country;
    if (c === null) {
      const props = (f?.properties ?? {}) as Record<string, unknown>;
      const found = COUNTRY_KEYS.map((k) => Object.entries(props).find(([p]) => p.toLowerCase() === k)).find((e) => e !== undefined);
      const value = typeof found?.[1] === 'string' ? found[1].trim().toUpperCase() : null;
      if (!found) {
        report('missing_country', said(
          `no country: name it in the request (country=LAO, CHN or KHM) or in a property (${COUNTRY_KEYS.join(', ')})`,
          `không có quốc gia: ghi trong yêu cầu (country=LAO, CHN hoặc KHM) hoặc trong thuộc tính (${COUNTRY_KEYS.join(', ')})`,
        ));
      } else if (value === null || !isBorderCountry(value)) {
        report('unknown_country', said(
          `${found[0]} ${JSON.stringify(found[1])} is not a country Vietnam has a land border with (LAO, CHN, KHM)`,
          `${found[0]} ${JSON.stringify(found[1])} không phải quốc gia có biên giới đất liền với Việt Nam (LAO, CHN, KHM)`,
        ));
      } else c = value;
    }
    const g = f?.geometry as Geometry | null | undefined;
    let geometry: MultiLineString | null = null;
    if (!g) {
      const why = file.unreadable.get(n);
      report(why ? 'invalid_geometry' : 'geometry_type', why ?? said('no geometry', 'không có hình học'));
    } else if (g.type !== 'LineString' && g.type !== 'MultiLineString') {
      report('geometry_type', said(
        `${g.type} is not a line; border lines must be LineString or MultiLineString`,
        `${g.type} không phải là đường; đường biên giới phải là LineString hoặc MultiLineString`,
      ));
    } else {
      const parts = g.type === 'LineString' ? [(g as LineString).coordinates] : (g as MultiLineString).coordinates;
      let bad: ReturnType<typeof said> | null = null;
      const out = (Array.isArray(parts) ? parts : []).map((part, pi) => {
        const line = (Array.isArray(part) ? part : []).map((p: Position) => {
          if (!Array.isArray(p) || p.length < 2 || !p.slice(0, 2).every((v) => typeof v === 'number' && Number.isFinite(v))) {
            bad ??= said(`line ${pi + 1} has a position that is not a pair of numbers`, `đường ${pi + 1} có điểm không phải là cặp số`);
            return [0, 0];
          }
          return file.crs.toWgs84 ? file.crs.toWgs84(p) : [p[0], p[1]];
        });
        if (line.length < 2) bad ??= said(`line ${pi + 1} has ${line.length} position(s); a line needs at least 2`, `đường ${pi + 1} có ${line.length} điểm; một đường cần ít nhất 2 điểm`);
        return line;
      });
      if (out.length === 0) bad ??= said('the geometry is empty', 'hình học rỗng');
      const outside = bad ? undefined : out.flat().find(([x, y]) => x < REGION.west || x > REGION.east || y < REGION.south || y > REGION.north);
      if (bad) report('invalid_geometry', bad);
      else if (outside) {
        const lonLat = Math.abs(outside[0]) <= 180 && Math.abs(outside[1]) <= 90;
        report('outside_vietnam', lonLat
          ? said(`lies far from Vietnam's land border (position ${outside[0].toFixed(4)}, ${outside[1].toFixed(4)})`,
              `nằm xa biên giới đất liền của Việt Nam (vị trí ${outside[0].toFixed(4)}, ${outside[1].toFixed(4)})`)
          : said(`coordinates (${outside[0]}, ${outside[1]}) are not longitude/latitude; declare the coordinate system (GeoJSON "crs" member, .prj, GeoPackage)`,
              `tọa độ (${outside[0]}, ${outside[1]}) không phải kinh độ/vĩ độ; hãy khai báo hệ tọa độ (thành phần "crs" của GeoJSON, tệp .prj, GeoPackage)`));
      } else geometry = { type: 'MultiLineString', coordinates: out };
    }
    lines.push({ n, country: c, geometry });
  });
  if (file.features.length === 0) {
    problems.push({ feature: null, code: null, severity: 'error', kind: 'empty', message: said('the file holds no features', 'tệp không có đối tượng nào') });
  }
  return { format: file.format, crs: file.crsLabel, lines, problems };
}
