import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import type { FeatureCollection, Polygon } from 'geojson';
import type { Harness } from '../support/harness.ts';
import { geodataDir, hasGeodata, inCi } from '../support/env.ts';
import { zippedShapefile } from '../support/shapefile.ts';
import { vn2000Tm3 } from '../../server/import/projections.ts';
import { readBoundaryFile } from '../../server/import/boundary-file.ts';

const FIXTURES = new URL('../fixtures/import/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));

interface Problem {
  feature: number | null;
  code: string | null;
  severity: 'error' | 'warning';
  kind: string;
  message: string;
}
interface Report {
  crs: string;
  featureCount: number;
  errorCount: number;
  warningCount: number;
  problems: Problem[];
}
interface Preview {
  report: Report;
  features: FeatureCollection<Polygon, { n: number; code: string; name: string; status: string }>;
}

/** Fixture province for imports: 96, which no other suite uses. Removed after each test. */
const PROVINCE = '90';
const QUERY = `province=${PROVINCE}&provinceName=${encodeURIComponent('Tỉnh thử nhập dữ liệu')}`;

export function importSuite(h: Harness) {
  const upload = (step: 'preview' | 'commit', body: Buffer, query = QUERY, who: 'admin' | 'plannerTwo' = 'admin') =>
    h.as(who, { method: 'POST', url: `/api/import/boundaries/${step}?${query}`, payload: body, headers: { 'content-type': 'application/octet-stream' } });

  /** What an import may write: communes, provinces, status records and import audit entries. */
  const counts = async () =>
    (
      await h.db.query<{ communes: number; provinces: number; statuses: number; audits: number }>(
        `SELECT (SELECT count(*)::int FROM commune) AS communes, (SELECT count(*)::int FROM province) AS provinces,
           (SELECT count(*)::int FROM commune_status) AS statuses,
           (SELECT count(*)::int FROM audit_log WHERE action = 'import') AS audits`,
      )
    )[0];

  const cleanUp = async () => {
    await h.db.query(`DELETE FROM commune_status WHERE commune_code IN (SELECT code FROM commune WHERE province_code IN ('90', '11'))`);
    await h.db.query(`DELETE FROM commune WHERE province_code IN ('90', '11')`);
    await h.db.query(`DELETE FROM province WHERE code IN ('90', '11')`);
  };
  afterEach(cleanUp);
  afterAll(cleanUp);

  /** The file is refused or reported with `message`, and neither preview nor commit writes a single row. */
  async function expectRefused(file: Buffer, message: RegExp, level: 'file' | 'feature' = 'feature') {
    const before = await counts();
    const preview = await upload('preview', file);
    if (level === 'file') {
      expect(preview.statusCode).toBe(400);
      expect(preview.json().message).toMatch(message);
    } else {
      expect(preview.statusCode, preview.body).toBe(200);
      const report = (preview.json() as Preview).report;
      expect(report.errorCount).toBeGreaterThan(0);
      expect(report.problems.filter((p) => p.severity === 'error').map((p) => p.message).join('\n')).toMatch(message);
    }
    const commit = await upload('commit', file);
    expect(commit.statusCode).toBe(400);
    expect(commit.json().message).toMatch(level === 'file' ? message : /nothing was imported/);
    expect(await counts()).toEqual(before);
  }

  describe('boundary files refused, with the reason and no row written', () => {
    it('malformed JSON: says where', () => expectRefused(fixture('malformed-json.geojson'), /malformed JSON at line \d+, column \d+/, 'file'));
    it('not a FeatureCollection', () => expectRefused(fixture('feature-collection-missing.json'), /not a GeoJSON FeatureCollection/, 'file'));
    it('a ring with fewer than 4 positions', () =>
      expectRefused(
        Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { ma_xa: '96001', ten: 'Xã Tam Giác' }, geometry: { type: 'Polygon', coordinates: [[[105, 21], [105.02, 21], [105, 21]]] } }] })),
        /feature 1 \(96001\): polygon 1 ring 1 has 3 positions; a ring needs at least 4/,
      ));
    it('projected coordinates without a coordinate system', () =>
      expectRefused(fixture('projected-coordinates-without-crs.geojson'), /feature 1 \(96001\): coordinates \(500000, 2322000\) are not longitude\/latitude; declare the coordinate system/));
    it('unsupported coordinate system', () => expectRefused(fixture('unsupported-crs.geojson'), /coordinate system "urn:ogc:def:crs:EPSG::2154" is not supported/, 'file'));
    it('duplicate codes', () => expectRefused(fixture('duplicate-codes.geojson'), /feature 2 \(96001\): code 96001 already used by feature 1/));
    it('missing code and empty name', async () => {
      await expectRefused(fixture('missing-code-and-empty-name.geojson'), /feature 1: no commune code[\s\S]*feature 2 \(96002\): empty name/);
    });
    it('mis-decoded Vietnamese names (mojibake, U+FFFD)', () =>
      expectRefused(fixture('mojibake-names.geojson'), /feature 1 \(96001\): name "XÃ£ [^"]*" looks mis-decoded[^\n]*probably "Xã Mường Nhé"[\s\S]*feature 2 \(96002\): name "Xã M\uFFFDng" has characters lost/));
    it('wrong geometry type', () => expectRefused(fixture('point-geometry.geojson'), /feature 1 \(96001\): geometry is a Point; communes must be Polygon or MultiPolygon/));
    it('outside Vietnam', () => expectRefused(fixture('outside-vietnam.geojson'), /feature 1 \(96001\): lies outside Vietnam/));
    it('a file over the size limit gets a 413 saying the limit', async () => {
      const before = await counts();
      // 51 MB made here, never stored in the repository.
      const big = Buffer.alloc(51 * 1024 * 1024, 0x20);
      const res = await upload('commit', big);
      expect(res.statusCode).toBe(413);
      expect(res.json().message).toMatch(/the file is 51\.0 MB; the import limit is 50\.0 MB \(POSTURE_IMPORT_MAX_MB\)/);
      expect(await counts()).toEqual(before);
    });
    it('only administrators may import', async () => {
      const res = await upload('commit', fixture('valid-two-communes.geojson'), QUERY, 'plannerTwo');
      expect(res.statusCode).toBe(403);
    });
    it('a feature outside the province outline', async () => {
      await h.db.query(`INSERT INTO province (code, name, geom) VALUES ('90', 'Tỉnh thử', ST_Multi(ST_MakeEnvelope(106, 21, 106.5, 21.5, 4326)))`);
      const res = await upload('preview', fixture('valid-two-communes.geojson'));
      const errors = (res.json() as Preview).report.problems.filter((p) => p.kind === 'outside_province');
      expect(errors.map((p) => p.message)).toEqual(['feature 1 (96001): lies outside province 90', 'feature 2 (96002): lies outside province 90']);
    });
  });

  describe('boundary files repaired or converted', () => {
    it('previews without writing, then commits all features in one go, with an audit entry', async () => {
      const before = await counts();
      const preview = await upload('preview', fixture('valid-two-communes.geojson'));
      expect(preview.statusCode).toBe(200);
      const body = preview.json() as Preview;
      expect(body.report).toMatchObject({ featureCount: 2, errorCount: 0, crs: 'WGS 84 (EPSG:4326)' });
      expect(body.features.features.map((f) => [f.properties.code, f.properties.name, f.properties.status])).toEqual([
        ['96001', 'Xã Nậm Thử', 'ok'],
        ['96002', 'Phường Đồi Thử', 'ok'],
      ]);
      expect(await counts()).toEqual(before);

      const commit = await upload('commit', fixture('valid-two-communes.geojson'));
      expect(commit.statusCode, commit.body).toBe(200);
      expect(commit.json()).toMatchObject({ created: 2, updated: 0, repaired: [] });
      const rows = await h.db.query<{ code: string; name: string; kind: string }>(`SELECT code, name, kind FROM commune WHERE province_code = '90' ORDER BY code`);
      expect(rows).toEqual([
        { code: '96001', name: 'Xã Nậm Thử', kind: 'commune' },
        { code: '96002', name: 'Phường Đồi Thử', kind: 'ward' },
      ]);
      expect((await counts()).audits).toBe(before.audits + 1);

      // The same file again updates, it does not duplicate.
      const again = await upload('commit', fixture('valid-two-communes.geojson'));
      expect(again.json()).toMatchObject({ created: 0, updated: 2 });
    });

    it('a self-intersecting ring is reported with the PostGIS reason and the repair, and repaired on commit', async () => {
      const preview = (await upload('preview', fixture('self-intersecting-ring.geojson'))).json() as Preview;
      expect(preview.report.errorCount).toBe(0);
      expect(preview.report.problems.map((p) => p.message)).toEqual([
        expect.stringMatching(/^feature 1 \(96001\): invalid geometry \(Self-intersection\[105\.01 21\.01\]\); repaired on import with ST_MakeValid \(result: MULTIPOLYGON, polygonal part kept\)$/),
      ]);
      const commit = await upload('commit', fixture('self-intersecting-ring.geojson'));
      expect(commit.json()).toMatchObject({ created: 1, repaired: ['96001'] });
      const [row] = await h.db.query<{ valid: boolean; repair: string }>(`SELECT ST_IsValid(geom) AS valid, geom_repair AS repair FROM commune WHERE code = '96001'`);
      expect(row.valid).toBe(true);
      expect(row.repair).toMatch(/^Self-intersection/);
    });

    it('an unclosed ring is closed by joining its last position to the first, with the gap reported', async () => {
      const preview = (await upload('preview', fixture('unclosed-ring.geojson'))).json() as Preview;
      expect(preview.report.errorCount).toBe(0);
      expect(preview.report.problems.map((p) => [p.severity, p.kind, p.message])).toEqual([
        ['warning', 'ring_closed', 'feature 1 (96001): 1 ring(s) not closed, closed by joining the last position to the first: polygon 1 ring 1 (2.2 km); check the shape on the map'],
      ]);
      expect(preview.features.features[0].geometry.coordinates[0]).toEqual([[105, 21], [105.02, 21], [105.02, 21.02], [105, 21.02], [105, 21]]);
      expect((await upload('commit', fixture('unclosed-ring.geojson'))).statusCode).toBe(200);
      const [row] = await h.db.query<{ wkt: string }>(`SELECT ST_AsText(geom) AS wkt FROM commune WHERE code = '96001'`);
      expect(row.wkt).toBe('MULTIPOLYGON(((105 21,105.02 21,105.02 21.02,105 21.02,105 21)))');
    });

    it('Z coordinates are dropped and reported', async () => {
      const preview = (await upload('preview', fixture('z-coordinates.geojson'))).json() as Preview;
      expect(preview.report.problems.map((p) => p.message)).toEqual(['feature 1 (96001): has Z coordinates; heights were dropped']);
      expect(preview.features.features[0].geometry.coordinates[0][0]).toEqual([105, 21]);
      expect((await upload('commit', fixture('z-coordinates.geojson'))).statusCode).toBe(200);
      const [row] = await h.db.query<{ dims: number }>(`SELECT ST_NDims(geom) AS dims FROM commune WHERE code = '96001'`);
      expect(row.dims).toBe(2);
    });

    it('a zipped Shapefile in VN-2000 provincial TM-3 (103°) is reprojected with the 7-parameter datum shift', async () => {
      const wgs = [[103.0, 21.4], [103.03, 21.4], [103.03, 21.43], [103.0, 21.43], [103.0, 21.4]];
      const toVn = proj4('+proj=longlat +datum=WGS84 +no_defs', vn2000Tm3(103));
      const ring = wgs.map((p) => toVn.forward(p));
      const prj =
        'PROJCS["VN_2000_Dien_Bien_TM3",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
        'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",103.0],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
      const zip = zippedShapefile([{ rings: [ring], fields: { MA_XA: '96001', TEN_XA: 'Xã Mường Thử' } }], { prj, cpg: 'UTF-8' });
      const res = await upload('preview', zip);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as Preview;
      expect(body.report.crs).toBe('VN-2000 / TM (central meridian 103°, k=0.9999)');
      expect(body.report.errorCount).toBe(0);
      const got = body.features.features[0].geometry.coordinates[0];
      // Back where it started, whichever way the Shapefile turned the ring.
      for (const p of wgs) expect(got.some((q) => Math.abs(q[0] - p[0]) < 1e-7 && Math.abs(q[1] - p[1]) < 1e-7)).toBe(true);
      expect(body.features.features[0].properties.name).toBe('Xã Mường Thử');
      // Without the datum shift the same grid coordinates land ≈ 100–400 m away: the shift was applied.
      const plain = proj4('+proj=tmerc +lat_0=0 +lon_0=103 +k=0.9999 +x_0=500000 +y_0=0 +datum=WGS84 +units=m +no_defs', '+proj=longlat +datum=WGS84 +no_defs');
      const [lon, lat] = plain.forward(ring[0]);
      const metres = Math.hypot((lon - wgs[0][0]) * 111320 * Math.cos((21.4 * Math.PI) / 180), (lat - wgs[0][1]) * 110574);
      expect(metres).toBeGreaterThan(100);
      expect(metres).toBeLessThan(400);
    });

    it('a Shapefile whose .cpg is not UTF-8 is decoded with it, and the report says so', async () => {
      const ring = [[105, 21], [105.02, 21], [105.02, 21.02], [105, 21.02], [105, 21]];
      const zip = zippedShapefile([{ rings: [ring], fields: { MA_XA: '96001', TEN: 'Xã Tà Lèng' } }], { cpg: '1252', encode: (s) => Buffer.from(s, 'latin1') });
      const body = (await upload('preview', zip)).json() as Preview;
      expect(body.features.features[0].properties.name).toBe('Xã Tà Lèng');
      expect(body.report.problems.map((p) => p.message)).toEqual([
        'communes.prj is missing: coordinates are taken as WGS 84 longitude/latitude',
        'communes.cpg declares the encoding "1252", not UTF-8: names were decoded from it; check them in the preview',
      ]);
    });

    it('a ZIP without a .shp is refused', () =>
      expectRefused(zippedShapefile([{ rings: [[[105, 21], [105.02, 21], [105.02, 21.02], [105, 21]]], fields: { MA_XA: '96001' } }], { name: 'x' }).subarray(0, 10), /neither GeoJSON in UTF-8 nor a zipped Shapefile|ZIP archive cannot be read/, 'file'));
  });

  describe('progress of the database check, streamed on request (application/x-ndjson)', () => {
    const streamed = (step: 'preview' | 'commit', body: Buffer) =>
      h.as('admin', {
        method: 'POST', url: `/api/import/boundaries/${step}?${QUERY}`, payload: body,
        headers: { 'content-type': 'application/octet-stream', accept: 'application/x-ndjson' },
      });
    type Line = { progress?: { stage: string; done?: number; total?: number }; result?: unknown; error?: { statusCode: number; message: string } };
    const linesOf = (body: string) => body.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);

    it('a preview sends its progress feature by feature, then the same result as the JSON answer', async () => {
      const res = await streamed('preview', fixture('valid-two-communes.geojson'));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = linesOf(res.body);
      const progress = lines.slice(0, -1).map((l) => l.progress!);
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress.every((p) => p.stage === 'check' && p.total === 2)).toBe(true);
      expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done!)].sort((a, b) => a - b));
      expect(progress.at(-1)).toEqual({ stage: 'check', done: 2, total: 2 });
      const plain = await upload('preview', fixture('valid-two-communes.geojson'));
      expect(lines.at(-1)).toEqual({ result: plain.json() });
    });

    it('a commit says when it writes, and ends with its result', async () => {
      const lines = linesOf((await streamed('commit', fixture('valid-two-communes.geojson'))).body);
      expect(lines.some((l) => l.progress?.stage === 'write')).toBe(true);
      expect(lines.at(-1)!.result).toMatchObject({ created: 2, updated: 0 });
      const [{ n }] = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM commune WHERE province_code = '90'`);
      expect(n).toBe(2);
    });

    it('a commit refused after the check ends with the error line, and writes nothing', async () => {
      const before = await counts();
      const res = await streamed('commit', fixture('outside-vietnam.geojson'));
      expect(res.statusCode).toBe(200);
      const last = linesOf(res.body).at(-1)!;
      expect(last.error).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^1 blocking problem\(s\), nothing was imported; first: feature 1 \(96001\): lies outside Vietnam/) });
      expect(await counts()).toEqual(before);
    });

    it('a file that cannot be read is still a plain 400, before any streaming', async () => {
      const res = await streamed('preview', fixture('malformed-json.geojson'));
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/malformed JSON/);
    });
  });

  // The .gpkg fixtures were written by GDAL's ogr2ogr from valid-two-communes.geojson and z-coordinates.geojson
  // (an independent GeoPackage writer); not-a-geopackage.gpkg is a plain SQLite database.
  describe('GeoPackage', () => {
    it('reads the feature layer with its attributes, previews and commits it', async () => {
      const preview = await upload('preview', fixture('valid-two-communes.gpkg'));
      expect(preview.statusCode, preview.body).toBe(200);
      const body = preview.json() as Preview & { report: { format: string } };
      expect(body.report).toMatchObject({ format: 'geopackage', crs: 'WGS 84 (EPSG:4326), layer xa_2025', featureCount: 2, errorCount: 0, warningCount: 0 });
      expect(body.features.features.map((f) => [f.properties.code, f.properties.name])).toEqual([
        ['96001', 'Xã Nậm Thử'],
        ['96002', 'Phường Đồi Thử'],
      ]);
      const commit = await upload('commit', fixture('valid-two-communes.gpkg'));
      expect(commit.statusCode, commit.body).toBe(200);
      expect(commit.json()).toMatchObject({ created: 2, updated: 0 });
      const rows = await h.db.query<{ code: string; kind: string; wkt: string }>(`SELECT code, kind, ST_AsText(geom) AS wkt FROM commune WHERE province_code = '90' ORDER BY code`);
      expect(rows).toEqual([
        { code: '96001', kind: 'commune', wkt: 'MULTIPOLYGON(((105 21,105.02 21,105.02 21.02,105 21.02,105 21)))' },
        { code: '96002', kind: 'ward', wkt: 'MULTIPOLYGON(((105.03 21,105.05 21,105.05 21.02,105.03 21.02,105.03 21)))' },
      ]);
    });

    it('a layer in VN-2000 / UTM 48N (EPSG:3405) comes back to WGS 84 within 2 m of where GDAL took it from', async () => {
      const body = (await upload('preview', fixture('vn2000-utm48n.gpkg'))).json() as Preview;
      expect(body.report).toMatchObject({ crs: 'VN-2000 / UTM zone 48N (EPSG:3405), layer xa_vn2000', errorCount: 0 });
      const got = body.features.features[0].geometry.coordinates[0];
      const wgs = [[105, 21], [105.02, 21], [105.02, 21.02], [105, 21.02], [105, 21]];
      got.forEach(([lon, lat], i) => {
        const metres = Math.hypot((lon - wgs[i][0]) * 111320 * Math.cos((21 * Math.PI) / 180), (lat - wgs[i][1]) * 110574);
        expect(metres).toBeLessThan(2);
      });
    });

    it('Z coordinates (ISO WKB PolygonZ) are dropped and reported', async () => {
      const body = (await upload('preview', fixture('z-coordinates.gpkg'))).json() as Preview;
      expect(body.report.problems.map((p) => p.message)).toEqual(['feature 1 (96001): has Z coordinates; heights were dropped']);
      expect(body.features.features[0].geometry.coordinates[0][0]).toEqual([105, 21]);
    });

    it('several feature layers: refused, naming them', () =>
      expectRefused(fixture('two-layers.gpkg'), /the GeoPackage holds 2 feature layers \(xa_2025, xa_khac\); import one layer at a time/, 'file'));

    it('an SQLite database that is not a GeoPackage: refused', () =>
      expectRefused(fixture('not-a-geopackage.gpkg'), /the SQLite file is not a GeoPackage \(no gpkg_contents/, 'file'));

    it('a truncated GeoPackage: refused as a whole', () =>
      expectRefused(fixture('valid-two-communes.gpkg').subarray(0, 4096), /GeoPackage|SQLite/, 'file'));
  });

  it('every fixture file in test/fixtures/import is exercised above', () => {
    const used = new Set(['valid-two-communes.geojson', 'malformed-json.geojson', 'feature-collection-missing.json', 'unclosed-ring.geojson',
      'projected-coordinates-without-crs.geojson', 'unsupported-crs.geojson', 'duplicate-codes.geojson', 'missing-code-and-empty-name.geojson',
      'mojibake-names.geojson', 'point-geometry.geojson', 'outside-vietnam.geojson', 'self-intersecting-ring.geojson', 'z-coordinates.geojson',
      'formula-injection-names.geojson', 'statuses-utf8-bom.csv', 'statuses-utf16le.csv', 'statuses-bad-rows.csv', 'statuses-missing-columns.csv',
      'valid-two-communes.gpkg', 'vn2000-utm48n.gpkg', 'z-coordinates.gpkg', 'two-layers.gpkg', 'not-a-geopackage.gpkg']);
    expect(readdirSync(FIXTURES).filter((f) => !used.has(f))).toEqual([]);
  });

  describe('status tables (CSV, XLSX)', () => {
    const sendTable = (step: 'preview' | 'commit', body: Buffer) =>
      h.as('admin', { method: 'POST', url: `/api/import/statuses/${step}?file=test.csv`, payload: body, headers: { 'content-type': 'application/octet-stream' } });
    const withCommunes = async () => expect((await upload('commit', fixture('valid-two-communes.geojson'))).statusCode).toBe(200);
    const statuses = () =>
      h.db.query<{ code: string; kind: string; value: string; from: string; to: string | null; note: string | null; provenance: string }>(
        `SELECT commune_code AS code, kind, value, valid_from AS from, valid_to AS to, note, provenance FROM commune_status WHERE commune_code LIKE '96%' ORDER BY 1, 2, 4`,
      );

    for (const name of ['statuses-utf8-bom.csv', 'statuses-utf16le.csv']) {
      it(`imports ${name} with Vietnamese text intact, in one go`, async () => {
        await withCommunes();
        const preview = await sendTable('preview', fixture(name));
        expect(preview.json()).toEqual({ rowCount: 3, errorCount: 0, problems: [], warnings: [], skipped: 0, currentRows: 3, formerRows: 0, derived: [], kept: [] });
        const commit = await sendTable('commit', fixture(name));
        expect(commit.statusCode, commit.body).toBe(200);
        expect(commit.json()).toMatchObject({ inserted: 3 });
        expect(await statuses()).toEqual([
          { code: '96001', kind: 'drug_free', value: 'building', from: '2024-01-01', to: '2025-01-01', note: 'Xây dựng xã không ma túy', provenance: 'import: test.csv' },
          { code: '96001', kind: 'drug_free', value: 'certified', from: '2025-01-01', to: null, note: 'Công nhận, theo quyết định', provenance: 'import: test.csv' },
          { code: '96002', kind: 'transformation', value: 'designated', from: '2025-03-01', to: null, note: null, provenance: 'import: test.csv' },
        ]);
        // The same file again overlaps what it wrote: refused, nothing added.
        const again = await sendTable('preview', fixture(name));
        expect((again.json() as { problems: { message: string }[] }).problems[0].message).toMatch(/^row 2: period overlaps the stored record 2024-01-01 – 2025-01-01/);
      });
    }

    it('reports each bad row by number and writes nothing', async () => {
      await withCommunes();
      const before = await counts();
      const preview = (await sendTable('preview', fixture('statuses-bad-rows.csv'))).json() as { problems: { row: number; message: string }[] };
      expect(preview.problems.map((p) => p.message)).toEqual([
        'row 2: unknown commune code 96999',
        'row 3: valid_from "2024-02-30" is not a date (YYYY-MM-DD or dd/mm/yyyy)',
        'row 4: unknown status "drug_free" = "almost"',
        'row 6: period overlaps row 5 (96002, transformation)',
      ]);
      const commit = await sendTable('commit', fixture('statuses-bad-rows.csv'));
      expect(commit.statusCode).toBe(400);
      expect(commit.json().message).toMatch(/^4 problem\(s\), nothing was imported; first: row 2: unknown commune code 96999$/);
      expect(await counts()).toEqual(before);
    });

    it('says the same problems in Vietnamese for a Vietnamese request', async () => {
      await withCommunes();
      const preview = await h.as('admin', {
        method: 'POST', url: '/api/import/statuses/preview?file=test.csv', payload: fixture('statuses-bad-rows.csv'),
        headers: { 'content-type': 'application/octet-stream', 'accept-language': 'vi-VN,vi;q=0.9' },
      });
      expect((preview.json() as { problems: { message: string }[] }).problems.map((p) => p.message)).toEqual([
        'dòng 2: mã xã 96999 không tồn tại',
        'dòng 3: valid_from "2024-02-30" không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy)',
        'dòng 4: tình trạng không có trong danh mục "drug_free" = "almost"',
        'dòng 6: thời hạn trùng với dòng 5 (xã 96002, transformation)',
      ]);
      const missing = await h.as('admin', {
        method: 'POST', url: '/api/import/statuses/preview?file=test.csv', payload: fixture('statuses-missing-columns.csv'),
        headers: { 'content-type': 'application/octet-stream', 'accept-language': 'vi' },
      });
      expect((missing.json() as { problems: { message: string }[] }).problems[0].message).toMatch(/^dòng 1: thiếu cột commune_code, kind, value, valid_from; các cột cần có: /);
    });

    it('names the missing columns', async () => {
      const preview = (await sendTable('preview', fixture('statuses-missing-columns.csv'))).json() as { problems: { message: string }[] };
      expect(preview.problems[0].message).toBe('row 1: missing column(s) commune_code, kind, value, valid_from; expected commune_code, kind, value, valid_from, valid_to, decision_no, decision_date, note');
    });

    it('offers generated templates whose columns the import reads back', async () => {
      const csv = await h.as('admin', { method: 'GET', url: '/api/import/statuses/template?format=csv' });
      expect(csv.statusCode).toBe(200);
      expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('commune_code,kind,value,valid_from,valid_to,decision_no,decision_date,note');
      const xlsx = await h.as('admin', { method: 'GET', url: '/api/import/statuses/template?format=xlsx' });
      expect(xlsx.statusCode).toBe(200);
      // The XLSX template goes back through the importer: its example row (commune 99001) is read and checked.
      const back = (await sendTable('preview', xlsx.rawPayload)).json() as { rowCount: number; problems: { message: string }[] };
      expect(back.rowCount).toBe(1);
      expect(back.problems.every((p) => !/column|not a date/.test(p.message))).toBe(true);
    });
  });

  describe('export', () => {
    const exportOf = (layer: string, format: string, who: 'admin' | 'commanderOne' = 'admin') =>
      h.as(who, { method: 'GET', url: `/api/export/${layer}?format=${format}` });

    it('round trip: communes exported as GeoJSON import back unchanged', async () => {
      await upload('commit', fixture('valid-two-communes.geojson'));
      const before = await h.db.query<{ code: string; name: string; wkb: string }>(`SELECT code, name, ST_AsText(geom) AS wkb FROM commune WHERE province_code = '90' ORDER BY code`);
      const exported = await exportOf('communes', 'geojson');
      expect(exported.statusCode).toBe(200);
      const fc = exported.json() as FeatureCollection<Polygon, { code: string }>;
      fc.features = fc.features.filter((f) => f.properties.code.startsWith('96'));
      const again = await upload('commit', Buffer.from(JSON.stringify(fc)));
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({ created: 0, updated: 2 });
      const after = await h.db.query<{ code: string; name: string; wkb: string }>(`SELECT code, name, ST_AsText(geom) AS wkb FROM commune WHERE province_code = '90' ORDER BY code`);
      expect(after).toEqual(before);
    });

    it('round trip: status history exported as CSV imports back to the same records', async () => {
      await upload('commit', fixture('valid-two-communes.geojson'));
      const send = (step: string, body: Buffer) =>
        h.as('admin', { method: 'POST', url: `/api/import/statuses/${step}?file=test.csv`, payload: body, headers: { 'content-type': 'application/octet-stream' } });
      await send('commit', fixture('statuses-utf8-bom.csv'));
      const read = () => h.db.query(`SELECT commune_code, kind, value, valid_from, valid_to, decision_no, decision_date, note FROM commune_status WHERE commune_code LIKE '96%' ORDER BY 1, 2, 4`);
      const before = await read();
      const csv = (await exportOf('statuses', 'csv')).body;
      const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
      const mine = [lines[0], ...lines.filter((l) => l.startsWith('96'))].join('\r\n');
      await h.db.query(`DELETE FROM commune_status WHERE commune_code LIKE '96%'`);
      const res = await send('commit', Buffer.from(mine));
      expect(res.statusCode, res.body).toBe(200);
      expect(await read()).toEqual(before);
    });

    it('neutralises cells a spreadsheet would run as formulas (= + - @), in CSV and XLSX', async () => {
      expect((await upload('commit', fixture('formula-injection-names.geojson'))).statusCode).toBe(200);
      const csv = (await exportOf('communes', 'csv')).body;
      const names = csv.split('\r\n').filter((l) => l.startsWith('96')).map((l) => l.split(',').slice(1, 2).join(''));
      expect(names).toEqual(['"\'=HYPERLINK(""http://x""', "'+Xã Cộng", "'@Xã A còng", "'-Xã Trừ"]);
      const xlsx = await exportOf('communes', 'xlsx');
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const cells: unknown[] = [];
      wb.worksheets[0].eachRow((r) => {
        if (String(r.getCell(1).value).startsWith('96')) cells.push(r.getCell(2).value);
      });
      expect(cells).toEqual(['\'=HYPERLINK("http://x","Xã A")', "'+Xã Cộng", "'@Xã A còng", "'-Xã Trừ"]);
    });

    it('exports only the caller area', async () => {
      const res = await exportOf('communes', 'geojson', 'commanderOne');
      const fc = res.json() as FeatureCollection<Polygon, { code: string }> & { demo?: boolean };
      expect(fc.features.map((f) => f.properties.code)).toEqual(['99001']);
      // The demo province says it is demo data.
      expect(fc.demo).toBe(true);
      expect(res.headers['content-disposition']).toMatch(/-du-lieu-mau-demo\.geojson"$/);
      const hqs = (await exportOf('hqs', 'csv', 'commanderOne')).body.replace(/^\uFEFF/, '').split('\r\n').slice(1).filter(Boolean);
      expect(hqs.length).toBeGreaterThan(0);
      expect(hqs.every((l) => l.startsWith('99001,'))).toBe(true);
    });

    it('narrows to one province on request, and a province outside the caller area gives nothing', async () => {
      await upload('commit', fixture('valid-two-communes.geojson'));
      const narrowed = (who: 'admin' | 'commanderOne', province: string) =>
        h.as(who, { method: 'GET', url: `/api/export/communes?format=geojson&province=${province}` });
      const mine = (await narrowed('admin', '90')).json() as FeatureCollection<Polygon, { code: string }>;
      expect(mine.features.map((f) => f.properties.code)).toEqual(['96001', '96002']);
      const outside = (await narrowed('commanderOne', '90')).json() as FeatureCollection<Polygon, { code: string }>;
      expect(outside.features).toEqual([]);
      const own = (await narrowed('commanderOne', '99')).json() as FeatureCollection<Polygon, { code: string }>;
      expect(own.features.map((f) => f.properties.code)).toEqual(['99001']);
      expect((await narrowed('admin', '9x')).statusCode).toBe(400);
    });
  });

  describe.skipIf(!hasGeodata && !inCi)('conformance: real Điện Biên 2025 communes through the import API', () => {
    it('imports the 45 communes with their official codes and names, repairing the one self-intersecting ring', async () => {
      const file = readFileSync(`${geodataDir}/dienbien/dienbien_communes_2025.geojson`);
      const source = JSON.parse(file.toString('utf8')) as FeatureCollection<Polygon, { ma_xa: string; ten: string }>;
      const query = `province=11&provinceName=${encodeURIComponent('Điện Biên')}&file=dienbien_communes_2025.geojson`;
      const preview = (await upload('preview', file, query)).json() as Preview;
      expect(preview.report.errorCount).toBe(0);
      expect(preview.report.featureCount).toBe(45);
      const commit = await upload('commit', file, query);
      expect(commit.statusCode, commit.body).toBe(200);
      expect(commit.json()).toMatchObject({ created: 45, updated: 0 });
      expect((commit.json() as { repaired: string[] }).repaired).toContain('03368');
      const rows = await h.db.query<{ code: string; name: string; valid: boolean }>(`SELECT code, name, ST_IsValid(geom) AS valid FROM commune WHERE province_code = '11' ORDER BY code`);
      expect(rows.map((r) => r.code)).toEqual(source.features.map((f) => f.properties.ma_xa).sort());
      const byCode = new Map(rows.map((r) => [r.code, r.name]));
      for (const f of source.features) expect(byCode.get(f.properties.ma_xa)).toBe(f.properties.ten);
      expect(byCode.get('03127')).toBe('Phường Điện Biên Phủ');
      expect(rows.every((r) => r.valid)).toBe(true);
      // Found by typing without tones, in capitals, or with "đ" typed as "d".
      const first = async (q: string) => {
        const res = await h.as('admin', { method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}&limit=5` });
        return (res.json() as { items: { kind: string; communeCode: string | null; name: string }[] }).items.filter((i) => i.kind === 'commune')[0];
      };
      expect(await first('muong nhe')).toMatchObject({ communeCode: '03160', name: 'Xã Mường Nhé' });
      expect(await first('MUONG NHE')).toMatchObject({ communeCode: '03160' });
      expect(await first('đien bien phu')).toMatchObject({ communeCode: '03127', name: 'Phường Điện Biên Phủ' });
      expect(await first('03160')).toMatchObject({ communeCode: '03160' });
    });

    it('reads the national 2025 file (3,321 communes) with no blocking problem, closing its 768 unclosed rings', async () => {
      const read = await readBoundaryFile(readFileSync(`${geodataDir}/vietnam/vn_communes_2025.geojson`));
      expect(read.candidates).toHaveLength(3321);
      expect(read.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const closed = read.problems.filter((p) => p.kind === 'ring_closed');
      expect(closed).toHaveLength(58);
      expect(closed.reduce((n, p) => n + Number(/^feature \d+ \(\d+\): (\d+) ring/.exec(p.message.en)![1]), 0)).toBe(768);
      expect(read.candidates.every((c) => c.geometry !== null)).toBe(true);
      // The one code written without its leading zero upstream ("5665") is read as 05665.
      expect(read.candidates.some((c) => c.code === '05665')).toBe(true);
    });
  });
}
