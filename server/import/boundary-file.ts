import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { crsFromName, crsFromPrj, type Crs } from './projections.ts';
import { readZip } from './zip.ts';
import { distanceText, metresBetween } from './distance.ts';
import { countCrossings } from '../analysis/selection-polygon.ts';
import { GeoPackageError, isSqlite, readGeoPackage } from './geopackage.ts';
import { said, type Lang, type Said } from '../text/lang.ts';
import { SaidError, saidOf } from '../text/said-error.ts';

export type Severity = 'error' | 'warning';

/**
 * Most self-crossings of one imported commune outline. The database repairs a few (the national 2025 communes have
 * at most 23, in 06709 Móng Cái 2); the cost of a repair grows with the square of the crossings, so a scribbled
 * outline is refused before it reaches the database.
 */
export const MAX_IMPORT_CROSSINGS = 1000;

/**
 * One finding about an imported file. `feature` is 1-based, in file order; null for the file as a whole.
 * `message` carries both wordings; routes answer the one the request asks for (`inLanguage`).
 */
export interface Problem {
  feature: number | null;
  code: string | null;
  severity: Severity;
  kind: string;
  message: Said;
}

/** The problem as sent to a person: its message in one language. */
export const inLanguage = (p: Problem, lang: Lang) => ({ ...p, message: p.message[lang] });

/** "feature 3 (89001): " / "đối tượng 3 (89001): " in front of both wordings of a finding about one feature. */
export const aboutFeature = (n: number, code: string | null, what: Said): Said => {
  const tag = code ? ` (${code})` : '';
  return said(`feature ${n}${tag}: ${what.en}`, `đối tượng ${n}${tag}: ${what.vi}`);
};

export type CommuneKind = 'commune' | 'ward' | 'special_zone';

/** A feature read from the file, in WGS 84 and 2D, with what the checks made of its properties. */
export interface Candidate {
  n: number;
  code: string | null;
  name: string;
  kind: CommuneKind;
  population: number | null;
  /** The province given by the file's own province column (ma_tinh, province_code…), or null when it has none. */
  provinceCode: string | null;
  /** Polygon or MultiPolygon (null when the feature had another type or none). */
  geometry: Polygon | MultiPolygon | null;
}

export interface ReadResult {
  format: 'geojson' | 'shapefile' | 'geopackage';
  crs: string;
  candidates: Candidate[];
  problems: Problem[];
}

/**
 * The features of a file as its container holds them (GeoJSON, zipped Shapefile, GeoPackage), before any check of
 * what they mean: the coordinate system to bring them to WGS 84, whether the file declared it, the container's own
 * findings (missing .prj, .cpg…) and the features whose geometry could not be decoded. Other imports (border lines)
 * read their files through it too.
 */
export interface FeatureFile {
  format: ReadResult['format'];
  crs: Crs;
  /** The coordinate system as reported (with the GeoPackage layer's name). */
  crsLabel: string;
  crsDeclared: boolean;
  features: Feature[];
  problems: Problem[];
  unreadable: Map<number, Said>;
}

/** The file cannot be read at all (malformed JSON, not a ZIP, no .shp): a 400 for the whole file. */
export class ImportFileError extends SaidError {}

const CODE_KEYS = ['code', 'ma', 'ma_xa', 'maxa', 'ma_xa_2025', 'commune_code', 'communecode', 'ma_dvhc', 'id_xa'];
const NAME_KEYS = ['name', 'ten', 'ten_xa', 'tenxa', 'ten_dvhc', 'ten_xa_2025'];
const POPULATION_KEYS = ['population', 'dan_so', 'danso'];
const PROVINCE_KEYS = ['ma_tinh', 'matinh', 'province_code', 'provincecode', 'ma_tinh_2025'];

/** Vietnam's extent, islands included (Hoàng Sa, Trường Sa), with a margin. */
const VIETNAM = { west: 102.0, south: 6.0, east: 117.9, north: 23.5 };

/**
 * Text decoded with the wrong code page: UTF-8 bytes read as Windows-1252/Latin-1 ("XÃ£", "Ä‘", "á»"…), or
 * characters lost on the way (U+FFFD). A Vietnamese "Ã" (as in "XÃ") is followed by a letter or space, never by
 * one of these.
 */
const MOJIBAKE = /[ÃÄÆáâåÂ][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u2122]/;

function pick(props: Record<string, unknown>, keys: string[]): unknown {
  for (const [k, v] of Object.entries(props)) if (keys.includes(k.toLowerCase())) return v;
  return undefined;
}

function kindOf(name: string, declared: unknown): CommuneKind {
  const s = `${typeof declared === 'string' ? declared : ''} ${name}`.toLowerCase();
  if (/đặc khu|special/.test(s)) return 'special_zone';
  if (/phường|ward/.test(s)) return 'ward';
  return 'commune';
}

/** Reads a GeoJSON file, a zipped Shapefile or a GeoPackage into candidates and the problems found while reading. */
export async function readBoundaryFile(buf: Buffer): Promise<ReadResult> {
  const f = await readFeatureFile(buf);
  return { format: f.format, crs: f.crsLabel, ...toCandidates(f.features, f.crs, f.problems, f.crsDeclared, f.unreadable) };
}

/** Reads the features of a GeoJSON file, a zipped Shapefile or a GeoPackage; throws ImportFileError when it cannot. */
export async function readFeatureFile(buf: Buffer): Promise<FeatureFile> {
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) return readShapefile(buf);
  if (isSqlite(buf)) return readGeoPackageFile(buf);
  return readGeoJson(buf);
}

async function readGeoPackageFile(buf: Buffer): Promise<FeatureFile> {
  let layer;
  try {
    layer = await readGeoPackage(buf);
  } catch (err) {
    if (err instanceof GeoPackageError) throw new ImportFileError(err.said);
    throw err;
  }
  const problems: Problem[] = [];
  if (!layer.crsDeclared) {
    problems.push({
      feature: null,
      code: null,
      severity: 'warning',
      kind: 'no_prj',
      message: said(
        `layer ${layer.table} declares no coordinate system: coordinates are taken as WGS 84 longitude/latitude`,
        `lớp ${layer.table} không khai báo hệ tọa độ: tọa độ được hiểu là kinh độ/vĩ độ WGS 84`,
      ),
    });
  }
  const unreadable = new Map(layer.unreadable.map((u) => [u.n, u.why]));
  return { format: 'geopackage', crs: layer.crs, crsLabel: `${layer.crs.label}, layer ${layer.table}`, crsDeclared: layer.crsDeclared, features: layer.features, problems, unreadable };
}

function readGeoJson(buf: Buffer): FeatureFile {
  const problems: Problem[] = [];
  let text: string;
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new ImportFileError(said('the file is UTF-16; GeoJSON must be UTF-8 (RFC 7946)', 'tệp mã hóa UTF-16; GeoJSON phải là UTF-8 (RFC 7946)'));
  }
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    throw new ImportFileError(said('the file is neither GeoJSON in UTF-8 nor a zipped Shapefile', 'tệp không phải GeoJSON UTF-8 cũng không phải Shapefile nén ZIP'));
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const pos = jsonErrorPosition((err as Error).message, text);
    let where = said('', '');
    if (pos !== null) {
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const column = pos - before.lastIndexOf('\n');
      where = said(` at line ${line}, column ${column}`, ` ở dòng ${line}, cột ${column}`);
    }
    const detail = (err as Error).message;
    throw new ImportFileError(said(`malformed JSON${where.en}: ${detail}`, `JSON sai cú pháp${where.vi}: ${detail}`));
  }
  const fc = doc as Partial<FeatureCollection> & { crs?: { properties?: { name?: string } } };
  let features: Feature[];
  if (fc?.type === 'FeatureCollection' && Array.isArray(fc.features)) features = fc.features;
  else if ((fc as { type?: string })?.type === 'Feature') features = [fc as unknown as Feature];
  else {
    throw new ImportFileError(
      said(
        'the JSON is not a GeoJSON FeatureCollection (no "type": "FeatureCollection" with "features")',
        'JSON không phải là GeoJSON FeatureCollection (không có "type": "FeatureCollection" kèm "features")',
      ),
    );
  }
  let crs: Crs = { label: 'WGS 84 (EPSG:4326)', toWgs84: null };
  const crsName = fc.crs?.properties?.name;
  if (typeof crsName === 'string') {
    try {
      crs = crsFromName(crsName);
    } catch (err) {
      throw new ImportFileError(saidOf(err));
    }
  }
  return { format: 'geojson', crs, crsLabel: crs.label, crsDeclared: crsName !== undefined, features, problems, unreadable: new Map() };
}

/**
 * Where JSON.parse stopped: V8 says "position N" for some errors, and for others only quotes the text around
 * the offending token ("Unexpected token ']', ...\"21]]]}},]}\" is not valid JSON"), which is found back here.
 */
function jsonErrorPosition(message: string, text: string): number | null {
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  const quoted = /Unexpected token '([\s\S])', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(message);
  if (!quoted) return null;
  const start = text.indexOf(quoted[2]);
  return start < 0 ? null : start + quoted[2].indexOf(quoted[1]);
}

async function readShapefile(buf: Buffer): Promise<FeatureFile> {
  const problems: Problem[] = [];
  let files: Map<string, Buffer>;
  try {
    files = readZip(buf);
  } catch (err) {
    const why = saidOf(err);
    throw new ImportFileError(said(`the ZIP archive cannot be read: ${why.en}`, `không đọc được tệp ZIP: ${why.vi}`));
  }
  const entries = [...files.keys()].filter((k) => !k.includes('__MACOSX'));
  const shps = entries.filter((k) => /\.shp$/i.test(k));
  if (shps.length === 0) throw new ImportFileError(said('the ZIP archive holds no .shp file', 'tệp ZIP không chứa tệp .shp nào'));
  if (shps.length > 1) {
    const list = shps.join(', ');
    throw new ImportFileError(
      said(`the ZIP archive holds ${shps.length} layers (${list}); import one layer at a time`, `tệp ZIP chứa ${shps.length} lớp (${list}); hãy nhập từng lớp một`),
    );
  }
  const base = shps[0].slice(0, -4);
  const part = (ext: string) => {
    const key = entries.find((k) => k.toLowerCase() === `${base}.${ext}`.toLowerCase());
    return key ? files.get(key)! : undefined;
  };
  const dbf = part('dbf');
  if (!dbf) throw new ImportFileError(said(`${base}.dbf is missing: codes and names are read from it`, `thiếu tệp ${base}.dbf: mã và tên được đọc từ tệp này`));
  const prj = part('prj');
  const cpgRaw = part('cpg')?.toString('latin1').trim();
  let crs: Crs = { label: 'WGS 84 (no .prj)', toWgs84: null };
  if (prj) {
    try {
      crs = crsFromPrj(prj.toString('latin1'));
    } catch (err) {
      const why = saidOf(err);
      throw new ImportFileError(said(`${base}.prj: ${why.en}`, `${base}.prj: ${why.vi}`));
    }
  } else {
    problems.push({
      feature: null,
      code: null,
      severity: 'warning',
      kind: 'no_prj',
      message: said(`${base}.prj is missing: coordinates are taken as WGS 84 longitude/latitude`, `thiếu tệp ${base}.prj: tọa độ được hiểu là kinh độ/vĩ độ WGS 84`),
    });
  }
  if (cpgRaw && !/^(utf-?8|65001)$/i.test(cpgRaw)) {
    problems.push({
      feature: null,
      code: null,
      severity: 'warning',
      kind: 'encoding',
      message: said(
        `${base}.cpg declares the encoding "${cpgRaw}", not UTF-8: names were decoded from it; check them in the preview`,
        `${base}.cpg khai báo bảng mã "${cpgRaw}", không phải UTF-8: tên được giải mã theo bảng mã đó; hãy kiểm tra tên trong bản xem trước`,
      ),
    });
  } else if (!cpgRaw) {
    problems.push({
      feature: null,
      code: null,
      severity: 'warning',
      kind: 'encoding',
      message: said(`${base}.cpg is missing: names are read as UTF-8`, `thiếu tệp ${base}.cpg: tên được đọc theo UTF-8`),
    });
  }
  // The Shapefile reader loads with the first Shapefile: the server starts without it.
  const { default: shp } = await import('shpjs');
  let fc: FeatureCollection;
  try {
    fc = (await shp({ shp: part('shp')!, dbf, cpg: cpgRaw })) as FeatureCollection;
  } catch {
    // The parser's own words ("Invalid DataView length -36") say nothing to a person.
    throw new ImportFileError(
      said(`the Shapefile cannot be read: its .shp or .dbf is damaged or cut short`, `không đọc được Shapefile: tệp .shp hoặc .dbf bị hỏng hoặc không đầy đủ`),
    );
  }
  return { format: 'shapefile', crs, crsLabel: crs.label, crsDeclared: prj !== undefined, features: fc.features, problems, unreadable: new Map() };
}

/** `unreadable`: features whose geometry the reader could not decode, with the reason (said instead of "no geometry"). */
function toCandidates(features: Feature[], crs: Crs, problems: Problem[], crsDeclared: boolean, unreadable = new Map<number, Said>()) {
  const candidates: Candidate[] = [];
  let zFeatures = 0;
  features.forEach((f, i) => {
    const n = i + 1;
    const props = (f?.properties ?? {}) as Record<string, unknown>;
    const rawCode = pick(props, CODE_KEYS);
    let code: string | null = null;
    if (typeof rawCode === 'number' && Number.isInteger(rawCode) && rawCode >= 0 && rawCode < 100000) code = String(rawCode).padStart(5, '0');
    else if (typeof rawCode === 'string' && /^\s*\d{1,5}\s*$/.test(rawCode)) code = rawCode.trim().padStart(5, '0');
    const rawName = pick(props, NAME_KEYS);
    const name = typeof rawName === 'string' ? rawName.normalize('NFC').trim() : '';
    const report = (severity: Severity, kind: string, message: Said) => problems.push({ feature: n, code, severity, kind, message: aboutFeature(n, code, message) });
    if (code === null) {
      report(
        'error',
        'missing_code',
        rawCode === undefined
          ? said('no commune code (property ma_xa or code)', 'không có mã xã (thuộc tính ma_xa hoặc code)')
          : said(`commune code ${JSON.stringify(rawCode)} is not a 5-digit code`, `mã xã ${JSON.stringify(rawCode)} không phải mã 5 chữ số`),
      );
    }
    if (name === '') report('error', 'empty_name', said('empty name (property ten or name)', 'tên trống (thuộc tính ten hoặc name)'));
    else if (name.includes('\uFFFD')) {
      report(
        'error',
        'encoding',
        said(
          `name "${name}" has characters lost in decoding (U+FFFD); re-export the file in UTF-8`,
          `tên "${name}" có ký tự bị mất khi giải mã (U+FFFD); hãy xuất lại tệp theo UTF-8`,
        ),
      );
    } else if (MOJIBAKE.test(name)) {
      const fixed = Buffer.from(name, 'latin1').toString('utf8');
      const guess = fixed.includes('\uFFFD') ? null : fixed.normalize('NFC');
      report(
        'error',
        'encoding',
        said(
          `name "${name}" looks mis-decoded (UTF-8 read as another encoding)${guess ? `; probably "${guess}"` : ''}`,
          `tên "${name}" có vẻ bị giải mã sai (UTF-8 bị đọc theo bảng mã khác)${guess ? `; có lẽ là "${guess}"` : ''}`,
        ),
      );
    }
    const rawProvince = pick(props, PROVINCE_KEYS);
    let provinceCode: string | null = null;
    if (typeof rawProvince === 'number' && Number.isInteger(rawProvince) && rawProvince > 0 && rawProvince < 100) provinceCode = String(rawProvince).padStart(2, '0');
    else if (typeof rawProvince === 'string' && /^\s*\d{1,2}\s*$/.test(rawProvince)) provinceCode = rawProvince.trim().padStart(2, '0');
    else if (rawProvince !== undefined && rawProvince !== null && rawProvince !== '') {
      report('error', 'bad_province', said(`province code ${JSON.stringify(rawProvince)} is not a 2-digit code`, `mã tỉnh ${JSON.stringify(rawProvince)} không phải mã 2 chữ số`));
    }
    const popRaw = pick(props, POPULATION_KEYS);
    const population = typeof popRaw === 'number' && Number.isInteger(popRaw) && popRaw >= 0 ? popRaw : null;
    const kind = kindOf(name, pick(props, ['kind', 'loai']));
    const g = f?.geometry as Geometry | null | undefined;
    let geometry: Polygon | MultiPolygon | null = null;
    if (!g) report('error', unreadable.has(n) ? 'invalid_geometry' : 'geometry_type', unreadable.get(n) ?? said('no geometry', 'không có hình học'));
    else if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
      report('error', 'geometry_type', said(`geometry is a ${g.type}; communes must be Polygon or MultiPolygon`, `hình học là ${g.type}; xã phải là Polygon hoặc MultiPolygon`));
    }
    else {
      const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      let hasZ = false;
      let bad: Said | null = null;
      const closed: { where: Said; metres: number }[] = [];
      const out: Position[][][] = polys.map((rings, pi) =>
        rings.map((raw, ri) => {
          const where = said(`polygon ${pi + 1} ring ${ri + 1}`, `đa giác ${pi + 1} vòng ${ri + 1}`);
          const ring = (Array.isArray(raw) ? raw : []).map((p) => {
            if (!Array.isArray(p) || p.length < 2 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) {
              bad ??= said(`${where.en} has a position that is not a pair of numbers`, `${where.vi} có điểm không phải là cặp số`);
              return [0, 0];
            }
            if (p.length > 2) hasZ = true;
            return crs.toWgs84 ? crs.toWgs84(p) : [p[0], p[1]];
          });
          // A ring whose last position is not its first is closed by repeating the first: real files have them
          // (768 rings of the national 2025 communes, gaps of 6–246 m). The gap is reported so that a truncated
          // ring is looked at on the preview map.
          const [first, last] = [ring[0], ring[ring.length - 1]];
          if (ring.length >= 3 && (first[0] !== last[0] || first[1] !== last[1])) {
            ring.push([first[0], first[1]]);
            closed.push({ where, metres: metresBetween(first, last) });
          }
          if (ring.length < 4) {
            bad ??= said(`${where.en} has ${ring.length} positions; a ring needs at least 4`, `${where.vi} có ${ring.length} điểm; một vòng cần ít nhất 4 điểm`);
          }
          return ring;
        }),
      );
      if (hasZ) zFeatures++;
      if (bad) report('error', 'invalid_geometry', bad);
      else {
        const xs = out.flat(2);
        const outside = xs.find(([x, y]) => x < VIETNAM.west || x > VIETNAM.east || y < VIETNAM.south || y > VIETNAM.north);
        if (outside) {
          const lonLat = Math.abs(outside[0]) <= 180 && Math.abs(outside[1]) <= 90;
          report(
            'error',
            'outside_vietnam',
            lonLat
              ? said(
                  `lies outside Vietnam (position ${outside[0].toFixed(4)}, ${outside[1].toFixed(4)})`,
                  `nằm ngoài lãnh thổ Việt Nam (vị trí ${outside[0].toFixed(4)}, ${outside[1].toFixed(4)})`,
                )
              : said(
                  `coordinates (${outside[0]}, ${outside[1]}) are not longitude/latitude${crsDeclared ? '' : '; declare the coordinate system (GeoJSON "crs" member, or a .prj next to the .shp)'}`,
                  `tọa độ (${outside[0]}, ${outside[1]}) không phải kinh độ/vĩ độ${crsDeclared ? '' : '; hãy khai báo hệ tọa độ (thành phần "crs" của GeoJSON, hoặc tệp .prj cạnh tệp .shp)'}`,
                ),
          );
        } else if (countCrossings(out.flat(), MAX_IMPORT_CROSSINGS) > MAX_IMPORT_CROSSINGS) {
          report(
            'error',
            'invalid_geometry',
            said(
              `its outline crosses itself more than ${MAX_IMPORT_CROSSINGS} times; repair it in a GIS before importing`,
              `đường viền tự cắt nhau hơn ${MAX_IMPORT_CROSSINGS} lần; hãy sửa trong phần mềm GIS trước khi nhập`,
            ),
          );
        } else {
          geometry = g.type === 'Polygon' ? { type: 'Polygon', coordinates: out[0] } : { type: 'MultiPolygon', coordinates: out };
        }
        if (hasZ) report('warning', 'z_dropped', said('has Z coordinates; heights were dropped', 'có tọa độ Z; độ cao đã bị bỏ'));
        if (closed.length > 0) {
          const list = (lang: 'en' | 'vi') => closed.map((c) => `${c.where[lang]} (${distanceText(c.metres, lang)})`).join(', ');
          report(
            'warning',
            'ring_closed',
            said(
              `${closed.length} ring(s) not closed, closed by joining the last position to the first: ${list('en')}; check the shape on the map`,
              `${closed.length} vòng không khép kín, đã khép bằng cách nối điểm cuối với điểm đầu: ${list('vi')}; hãy kiểm tra hình dạng trên bản đồ`,
            ),
          );
        }
      }
    }
    candidates.push({ n, code, name, kind, population, provinceCode, geometry });
  });
  const seen = new Map<string, number>();
  for (const c of candidates) {
    if (c.code === null) continue;
    const first = seen.get(c.code);
    if (first !== undefined) {
      problems.push({
        feature: c.n,
        code: c.code,
        severity: 'error',
        kind: 'duplicate_code',
        message: aboutFeature(c.n, c.code, said(`code ${c.code} already used by feature ${first}`, `mã ${c.code} đã dùng cho đối tượng ${first}`)),
      });
    } else seen.set(c.code, c.n);
  }
  if (features.length === 0) problems.push({ feature: null, code: null, severity: 'error', kind: 'empty', message: said('the file holds no features', 'tệp không có đối tượng nào') });
  return { candidates, problems, zFeatures };
}
