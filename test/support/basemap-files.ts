import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import initSqlJs from 'sql.js';
import { writePmtiles } from './pmtiles-writer.ts';

/** Whether GDAL's ogr2ogr is installed (Debian package gdal-bin; CI installs it). */
export const hasOgr2ogr = spawnSync('ogr2ogr', ['--version']).status === 0;

/** Around the demo province (Điện Biên), where the browser tests look. */
export const BASEMAP_BOUNDS: [number, number, number, number] = [101.8, 20.6, 104.2, 22.9];
export const ATTRIBUTION = '<a href="https://example.org/">© Bản đồ thử "nền" & Co</a>';

const ring = ([w, s, e, n]: number[]) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];

/** The three layers a Protomaps basemap always has (earth, water, roads), with that schema's `kind`s. */
function protomapsLike(dir: string): string {
  const [w, s, e, n] = BASEMAP_BOUNDS;
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  writeFileSync(join(dir, 'earth.geojson'), fc([{ type: 'Feature', properties: { kind: 'earth' }, geometry: { type: 'Polygon', coordinates: ring(BASEMAP_BOUNDS) } }]));
  writeFileSync(join(dir, 'water.geojson'), fc([{ type: 'Feature', properties: { kind: 'lake', name: 'Hồ Pá Khoang' }, geometry: { type: 'Polygon', coordinates: ring([103.1, 21.4, 103.2, 21.5]) } }]));
  writeFileSync(join(dir, 'roads.geojson'), fc([{ type: 'Feature', properties: { kind: 'major_road', kind_detail: 'primary', name: 'Quốc lộ 279' }, geometry: { type: 'LineString', coordinates: [[w, s], [e, n]] } }]));
  const layer = (name: string) => `<OGRVRTLayer name="${name}"><SrcDataSource>${join(dir, `${name}.geojson`)}</SrcDataSource><SrcLayer>${name}</SrcLayer></OGRVRTLayer>`;
  const vrt = join(dir, 'basemap.vrt');
  writeFileSync(vrt, `<OGRVRTDataSource>${['earth', 'water', 'roads'].map(layer).join('')}</OGRVRTDataSource>`);
  return vrt;
}

export interface BasemapFiles {
  dir: string;
  /** Vector tiles (gzip-compressed MVT) in the Protomaps layer schema, written by ogr2ogr. */
  vectorMbtiles: string;
  /** The same tiles as a PMTiles v3 archive. */
  vectorPmtiles: string;
  /** PNG tiles at zooms 0–2. */
  rasterMbtiles: string;
  rasterPmtiles: string;
  /** The tiles of the vector MBTiles, XYZ-addressed, as stored. */
  vectorTiles: { z: number; x: number; y: number; data: Uint8Array }[];
  png: Buffer;
  remove(): void;
}

/** A 256 × 256 PNG of one colour. */
export function solidPng([r, g, b]: [number, number, number]): Buffer {
  const row = Buffer.alloc(1 + 256 * 3);
  for (let i = 0; i < 256; i++) row.set([r, g, b], 1 + i * 3);
  const raw = Buffer.concat(Array.from({ length: 256 }, () => row));
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Builds every fixture basemap in a temporary folder. Needs ogr2ogr. */
export async function buildBasemapFiles(maxZoom = 9): Promise<BasemapFiles> {
  const dir = mkdtempSync(join(tmpdir(), 'posture-basemap-test-'));
  const SQL = await initSqlJs();

  const vectorMbtiles = join(dir, 'vector.mbtiles');
  const ogr = spawnSync('ogr2ogr', ['-f', 'MBTILES', vectorMbtiles, protomapsLike(dir), '-dsco', 'MINZOOM=0', '-dsco', `MAXZOOM=${maxZoom}`, '-dsco', 'NAME=Thử nghiệm'], { encoding: 'utf8' });
  if (ogr.status !== 0) throw new Error(`ogr2ogr failed: ${ogr.stderr}`);
  // ogr2ogr writes no attribution: add one, with quotes and Vietnamese letters, as a real file's metadata may hold.
  const vdb = new SQL.Database(readFileSync(vectorMbtiles));
  vdb.run(`INSERT INTO metadata (name, value) VALUES ('attribution', ?)`, [ATTRIBUTION]);
  const vectorTiles = (vdb.exec('SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles')[0]?.values ?? []).map(([z, x, row, data]) => ({
    z: Number(z),
    x: Number(x),
    y: 2 ** Number(z) - 1 - Number(row),
    data: data as Uint8Array,
  }));
  writeFileSync(vectorMbtiles, vdb.export());
  vdb.close();

  const vectorPmtiles = join(dir, 'vector.pmtiles');
  writeFileSync(
    vectorPmtiles,
    writePmtiles({
      tileType: 1,
      tileCompression: 2,
      tiles: vectorTiles,
      bounds: BASEMAP_BOUNDS,
      metadata: { name: 'Thử nghiệm', attribution: ATTRIBUTION, vector_layers: [{ id: 'earth' }, { id: 'water' }, { id: 'roads' }] },
    }),
  );

  const png = solidPng([200, 220, 240]);
  const rasterTiles = [
    { z: 0, x: 0, y: 0 },
    { z: 1, x: 1, y: 0 },
    { z: 2, x: 3, y: 1 },
  ].map((t) => ({ ...t, data: png }));
  const rasterMbtiles = join(dir, 'raster.mbtiles');
  const rdb = new SQL.Database();
  rdb.run('CREATE TABLE metadata (name text, value text); CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)');
  rdb.run('CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)');
  for (const [name, value] of [['name', 'Địa hình'], ['format', 'png'], ['minzoom', '0'], ['maxzoom', '2'], ['bounds', BASEMAP_BOUNDS.join(',')], ['attribution', 'Hillshade test']]) {
    rdb.run('INSERT INTO metadata VALUES (?, ?)', [name, value]);
  }
  for (const t of rasterTiles) rdb.run('INSERT INTO tiles VALUES (?, ?, ?, ?)', [t.z, t.x, 2 ** t.z - 1 - t.y, t.data]);
  writeFileSync(rasterMbtiles, rdb.export());
  rdb.close();

  const rasterPmtiles = join(dir, 'raster.pmtiles');
  writeFileSync(rasterPmtiles, writePmtiles({ tileType: 2, tileCompression: 1, tiles: rasterTiles, bounds: BASEMAP_BOUNDS, metadata: { name: 'Địa hình', attribution: 'Hillshade test' } }));

  return { dir, vectorMbtiles, vectorPmtiles, rasterMbtiles, rasterPmtiles, vectorTiles, png, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
