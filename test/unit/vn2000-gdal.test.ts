import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, Polygon, Position } from 'geojson';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { crsFromName, crsFromPrj, type Crs } from '../../server/import/projections.ts';
import { readBoundaryFile } from '../../server/import/boundary-file.ts';
import { metresBetween } from '../../server/import/distance.ts';
import { writeZip } from '../../server/import/zip.ts';

/** Points GDAL 3.6 / PROJ 9.1 projected into VN-2000 grids, and the WGS 84 positions GDAL computes back (see docs/imports.md). */
const DIR = fileURLToPath(new URL('../fixtures/vn2000/', import.meta.url));
const file = (name: string) => readFileSync(`${DIR}${name}`);
const text = (name: string) => file(name).toString('utf8');
const rings = (name: string) => (JSON.parse(text(name)) as FeatureCollection<Polygon>).features.map((f) => f.geometry.coordinates[0]);
const shapefile = (base: string) =>
  writeZip(Object.fromEntries(['shp', 'shx', 'dbf', 'prj', 'cpg'].map((ext) => [`${base}.${ext}`, file(`${base}.${ext}`)])));

/** The largest distance, in metres, between the app's WGS 84 positions and GDAL's, vertex by vertex. */
function worstGap(got: Position[][], gdal: Position[][]): number {
  expect(got.map((r) => r.length)).toEqual(gdal.map((r) => r.length));
  return Math.max(...got.flatMap((ring, i) => ring.map((p, j) => metresBetween(p, gdal[i][j]))));
}
const transformed = (crs: Crs, projected: Position[][]) => projected.map((ring) => ring.map((p) => crs.toWgs84!(p)));

describe('VN-2000 agrees with PROJ/GDAL within 5 cm', () => {
  it('EPSG:3405 (UTM 48N): every vertex, from Mường Nhé to Cà Mau', () => {
    const gap = worstGap(transformed(crsFromName('urn:ogc:def:crs:EPSG::3405'), rings('epsg3405.geojson')), rings('epsg3405.wgs84.geojson'));
    expect(gap).toBeLessThan(0.05);
  });

  it('EPSG:3406 (UTM 49N): Đà Nẵng, Quy Nhơn, Nha Trang', () => {
    const gap = worstGap(transformed(crsFromName('EPSG:3406'), rings('epsg3406.geojson')), rings('epsg3406.wgs84.geojson'));
    expect(gap).toBeLessThan(0.05);
  });

  it('the rotation signs matter: the old opposite signs put points 0.4–0.8 m from GDAL', () => {
    const wrong = '+proj=utm +zone=48 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278 +units=m +no_defs';
    const p = proj4(wrong, '+proj=longlat +datum=WGS84 +no_defs');
    const gap = worstGap(rings('epsg3405.geojson').map((r) => r.map((q) => p.forward(q))), rings('epsg3405.wgs84.geojson'));
    expect(gap).toBeGreaterThan(0.4);
  });

  it('a GeoJSON written by ogr2ogr in EPSG:3405 is read back where GDAL puts it', async () => {
    const read = await readBoundaryFile(file('epsg3405.geojson'));
    expect(read.crs).toBe('VN-2000 / UTM zone 48N (EPSG:3405)');
    const gap = worstGap(read.candidates.map((c) => (c.geometry as Polygon).coordinates[0]), rings('epsg3405.wgs84.geojson'));
    expect(gap).toBeLessThan(0.05);
  });
});

describe('VN-2000 on an unnamed datum, as GDAL writes it from a proj string with the 7 parameters', () => {
  it('the ESRI .prj spells the parameters into the datum name: recognised as VN-2000 TM-3 (103°), within 5 cm of GDAL', () => {
    const prj = text('tm3-103.prj');
    expect(prj).toMatch(/DATUM\["D_Unknown_based_on_WGS84_ellipsoid_using_towgs84_-191_90441429/);
    expect(prj).not.toMatch(/TOWGS84\[/);
    const crs = crsFromPrj(prj);
    expect(crs.label).toBe('VN-2000 / TM (central meridian 103°, k=0.9999)');
  });

  it('the zipped Shapefile comes back within 5 cm of GDAL (it was 222 m off without the shift)', async () => {
    const read = await readBoundaryFile(shapefile('tm3-103'));
    expect(read.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(read.crs).toBe('VN-2000 / TM (central meridian 103°, k=0.9999)');
    const got = read.candidates.map((c) => (c.geometry as Polygon).coordinates[0]);
    expect(worstGap(got, rings('tm3-103.wgs84.geojson'))).toBeLessThan(0.05);
    expect(read.candidates.map((c) => c.name)).toEqual(['Xã Mường Nhé', 'Phường Điện Biên Phủ']);
  });

  it('the OGC WKT of a GeoPackage (unnamed datum with a TOWGS84 node) is recognised too, within 5 cm of GDAL', () => {
    const wkt = text('tm3-103-gpkg.wkt');
    expect(wkt).toMatch(/TOWGS84\[-191\.90441429/);
    const crs = crsFromPrj(wkt);
    expect(crs.label).toBe('VN-2000 / TM (central meridian 103°, k=0.9999)');
    expect(worstGap(transformed(crs, rings('tm3-103.geojson')), rings('tm3-103.wgs84.geojson'))).toBeLessThan(0.05);
  });

  it('TOWGS84 with the coordinate frame signs (EPSG:6960 as published) still means VN-2000', () => {
    const cf = text('tm3-103-gpkg.wkt').replace(/TOWGS84\[[^\]]*\]/, 'TOWGS84[-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278]');
    expect(crsFromPrj(cf).label).toBe('VN-2000 / TM (central meridian 103°, k=0.9999)');
  });

  it('another shift spelled into the datum name is refused rather than dropped', () => {
    const other = text('tm3-103.prj').replace(/using_towgs84_[-\d_]+/, 'using_towgs84_-192_873_-39_382_-111_202_-0_00205_-0_0005_0_00335_0_0188');
    expect(() => crsFromPrj(other)).toThrow(/datum shift only in the datum's name .* not VN-2000's/);
  });

  it('a provincial grid on an unnamed datum with no shift is refused, naming the reason in both languages', async () => {
    expect(() => crsFromPrj(text('no-datum.prj'))).toThrow(/the \.prj names no datum .*central meridian 103°, k=0\.9999.*say whether it is VN-2000 or WGS 84/);
    const err = await readBoundaryFile(shapefile('no-datum')).then(
      () => null,
      (e: unknown) => e as { said?: { en: string; vi: string } },
    );
    expect(err).not.toBeNull();
    expect(JSON.stringify(err!.said ?? (err as Error).message)).toMatch(/hãy cho biết đó là VN-2000 hay WGS 84/);
  });

  it('the same on a UTM zone with an unnamed datum, and not on a named WGS 84 one', () => {
    const utm = text('no-datum.prj').replace('"Central_Meridian",103.0', '"Central_Meridian",105.0').replace('"Scale_Factor",0.9999', '"Scale_Factor",0.9996');
    expect(() => crsFromPrj(utm)).toThrow(/names no datum/);
    const wgs = utm.replace('D_Unknown_based_on_WGS84_ellipsoid', 'D_WGS_1984');
    const [lon, lat] = crsFromPrj(wgs).toWgs84!([500000, 2400000]);
    expect(lon).toBeCloseTo(105, 9);
    expect(lat).toBeGreaterThan(21.6);
  });
});
