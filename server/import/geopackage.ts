import { createRequire } from 'node:module';
import type { Database, SqlJsStatic } from 'sql.js';
import type { Feature, Geometry } from 'geojson';
import { crsFromName, crsFromPrj, type Crs } from './projections.ts';
import { said, type Said } from '../text/lang.ts';
import { SaidError, saidOf } from '../text/said-error.ts';

/** The first 16 bytes of every SQLite 3 database, hence of every GeoPackage. */
export const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export const isSqlite = (buf: Buffer) => buf.length >= 16 && buf.subarray(0, 16).equals(SQLITE_HEADER);

/** The GeoPackage cannot be used as a whole (not a GeoPackage, no or several feature layers, unknown CRS). */
export class GeoPackageError extends SaidError {}

export interface GeoPackageLayer {
  table: string;
  crs: Crs;
  /** The layer's coordinate system was declared; false for the GeoPackage "undefined" systems (srs_id 0 and -1). */
  crsDeclared: boolean;
  features: Feature[];
  /** Rows whose geometry blob could not be decoded, by 1-based feature number, with the reason. */
  unreadable: { n: number; why: Said }[];
}

let sqlJs: Promise<SqlJsStatic> | null = null;
const require = createRequire(import.meta.url);

/** sql.js (SQLite compiled to WebAssembly): no native module, the same on every machine. Loaded on first use. */
function sqlite(): Promise<SqlJsStatic> {
  sqlJs ??= import('sql.js').then(({ default: initSqlJs }) => initSqlJs({ locateFile: (file: string) => require.resolve(`sql.js/dist/${file}`) }));
  return sqlJs;
}

/** wkx, loaded with the first GeoPackage geometry: the server starts without it. */
const wkx = () => require('wkx') as typeof import('wkx');

function rows<T>(db: Database, sql: string, params: (string | number)[] = []): T[] {
  const stmt = db.prepare(sql, params);
  const out: T[] = [];
  try {
    while (stmt.step()) out.push(stmt.getAsObject() as T);
  } finally {
    stmt.free();
  }
  return out;
}

/**
 * Standard GeoPackage geometry blob → GeoJSON: the "GP" header (version, flags, srs_id, optional envelope) and
 * then ISO WKB, which wkx decodes (Z and M variants included). Null for an empty geometry.
 */
export function geometryOfBlob(blob: Uint8Array): Geometry | null {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 8 || buf[0] !== 0x47 || buf[1] !== 0x50) throw new Error('not a GeoPackage geometry (no "GP" header)');
  const flags = buf[3];
  if (flags & 0b0010_0000) throw new Error('extended GeoPackage geometry types are not supported');
  const envelope = (flags >> 1) & 0b111;
  const envelopeBytes = [0, 32, 48, 48, 64][envelope];
  if (envelopeBytes === undefined) throw new Error(`invalid envelope indicator ${envelope}`);
  if (flags & 0b0001_0000) return null;
  return wkx().Geometry.parse(buf.subarray(8 + envelopeBytes)).toGeoJSON() as Geometry;
}

function crsOf(db: Database, srsId: number, table: string): { crs: Crs; declared: boolean } {
  // 0 and -1 are the GeoPackage's "undefined geographic / Cartesian" systems: nothing is declared.
  if (srsId === 0 || srsId === -1) return { crs: { label: 'WGS 84 (no coordinate system declared)', toWgs84: null }, declared: false };
  const [srs] = rows<{ organization: string; id: number; definition: string }>(
    db,
    'SELECT organization, organization_coordsys_id AS id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?',
    [srsId],
  );
  if (!srs) {
    throw new GeoPackageError(
      said(`layer ${table}: coordinate system ${srsId} is not in gpkg_spatial_ref_sys`, `lớp ${table}: hệ tọa độ ${srsId} không có trong gpkg_spatial_ref_sys`),
    );
  }
  try {
    if (String(srs.organization).toUpperCase() === 'EPSG') {
      try {
        return { crs: crsFromName(`EPSG:${srs.id}`), declared: true };
      } catch (err) {
        // An EPSG code this reader has no entry for: its WKT definition may still be a VN-2000 or WGS 84 one.
        if (!srs.definition || srs.definition === 'undefined') throw err;
      }
    }
    return { crs: crsFromPrj(srs.definition), declared: true };
  } catch (err) {
    const why = saidOf(err);
    throw new GeoPackageError(said(`layer ${table}: ${why.en}`, `lớp ${table}: ${why.vi}`));
  }
}

/**
 * Reads the one feature layer of a GeoPackage (OGC 12-128r18): its features with every attribute column as
 * properties, in file order, and its coordinate system. Several feature layers are refused (one layer per import,
 * as with Shapefiles); tiles and attribute tables are ignored.
 */
export async function readGeoPackage(buf: Buffer): Promise<GeoPackageLayer> {
  const SQL = await sqlite();
  let db: Database;
  try {
    db = new SQL.Database(buf);
  } catch (err) {
    throw new GeoPackageError(said(`the GeoPackage cannot be opened: ${(err as Error).message}`, `không mở được GeoPackage: ${(err as Error).message}`));
  }
  try {
    let layers: { table: string; column: string; srsId: number }[];
    try {
      layers = rows(
        db,
        `SELECT c.table_name AS "table", g.column_name AS "column", g.srs_id AS "srsId"
         FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
         WHERE c.data_type = 'features' ORDER BY c.table_name`,
      );
    } catch {
      throw new GeoPackageError(
        said('the SQLite file is not a GeoPackage (no gpkg_contents / gpkg_geometry_columns tables)', 'tệp SQLite không phải GeoPackage (không có bảng gpkg_contents / gpkg_geometry_columns)'),
      );
    }
    if (layers.length === 0) throw new GeoPackageError(said('the GeoPackage holds no feature layer', 'GeoPackage không có lớp đối tượng nào'));
    if (layers.length > 1) {
      const list = layers.map((l) => l.table).join(', ');
      throw new GeoPackageError(
        said(`the GeoPackage holds ${layers.length} feature layers (${list}); import one layer at a time`, `GeoPackage chứa ${layers.length} lớp đối tượng (${list}); hãy nhập từng lớp một`),
      );
    }
    const { table, column, srsId } = layers[0];
    const { crs, declared } = crsOf(db, srsId, table);
    const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;
    // Identifiers come from the file's own catalogue, quoted; the file is an in-memory copy that nothing else uses.
    const records = rows<Record<string, unknown>>(db, `SELECT * FROM ${quote(table)} ORDER BY rowid`);
    const features: Feature[] = [];
    const unreadable: GeoPackageLayer['unreadable'] = [];
    records.forEach((record, i) => {
      const { [column]: blob, ...properties } = record;
      let geometry: Geometry | null = null;
      if (blob instanceof Uint8Array) {
        try {
          geometry = geometryOfBlob(blob);
        } catch (err) {
          unreadable.push({ n: i + 1, why: said(`geometry cannot be decoded: ${(err as Error).message}`, `không giải mã được hình học: ${(err as Error).message}`) });
        }
      }
      features.push({ type: 'Feature', properties, geometry: geometry as Geometry });
    });
    return { table, crs, crsDeclared: declared, features, unreadable };
  } finally {
    db.close();
  }
}
