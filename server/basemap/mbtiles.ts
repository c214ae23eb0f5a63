import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sqlite from 'node-sqlite3-wasm';
import { BasemapError, fileVersion, parseBounds, storedEncoding, type BasemapArchive, type TileFormat } from './archive.ts';

const FORMATS: Record<string, TileFormat> = { pbf: 'mvt', mvt: 'mvt', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp' };

/**
 * Opens an MBTiles file (SQLite) read-only with node-sqlite3-wasm: SQLite compiled to WebAssembly that reads the
 * file's pages through Node's file system as queries need them, so a multi-gigabyte file costs no memory and no
 * native module is built (sql.js, used for GeoPackages, would load the whole file into memory).
 *
 * That library takes SQLite's read locks as a `<file>.lock` folder beside the file it opened, which fails in a
 * read-only folder and would outlive a killed process. It opens a link to the file from a private temporary folder
 * instead, where those locks come and go; the folder is removed on close.
 */
export async function openMbtiles(path: string): Promise<BasemapArchive> {
  const dir = mkdtempSync(join(tmpdir(), 'posture-basemap-'));
  let db: InstanceType<typeof sqlite.Database> | null = null;
  try {
    const link = join(dir, 'basemap.mbtiles');
    symlinkSync(resolve(path), link);
    db = new sqlite.Database(link, { readOnly: true, fileMustExist: true });
    const rows = db.all('SELECT name, value FROM metadata') as { name: string; value: unknown }[];
    const meta = new Map(rows.map((r) => [String(r.name), r.value === null ? '' : String(r.value)]));
    const formatName = (meta.get('format') ?? '').toLowerCase();
    const format = FORMATS[formatName];
    if (!format) throw new BasemapError(`${path}: MBTiles format "${formatName}" is not supported (pbf, png, jpg or webp are)`);
    const zooms = db.get('SELECT min(zoom_level) AS lo, max(zoom_level) AS hi FROM tiles') as { lo: number | null; hi: number | null };
    const minzoom = Number(meta.get('minzoom') ?? zooms.lo ?? 0);
    const maxzoom = Number(meta.get('maxzoom') ?? zooms.hi ?? 14);
    const center = (meta.get('center') ?? '').split(',').map(Number);
    let vectorLayers: { id: string }[] = [];
    if (format === 'mvt') {
      try {
        const json = JSON.parse(meta.get('json') ?? '{}') as { vector_layers?: { id?: unknown }[] };
        vectorLayers = (json.vector_layers ?? []).filter((l) => typeof l.id === 'string').map((l) => ({ id: l.id as string }));
      } catch {
        // The layer list is informative only; a malformed one is left out.
      }
    }
    const statement = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
    const open = db;
    return {
      info: {
        container: 'mbtiles',
        format,
        name: meta.get('name') || null,
        attribution: meta.get('attribution') || null,
        minzoom: Number.isInteger(minzoom) ? minzoom : 0,
        maxzoom: Number.isInteger(maxzoom) ? maxzoom : 14,
        bounds: parseBounds(meta.get('bounds')),
        center: center.length === 3 && center.every(Number.isFinite) ? (center as [number, number, number]) : null,
        vectorLayers,
        version: fileVersion(path),
      },
      async tile(z, x, y) {
        // MBTiles rows count from the south (TMS); the app asks in XYZ, counting from the north.
        const row = statement.get([z, x, 2 ** z - 1 - y]) as { tile_data: Uint8Array | null } | null;
        if (!row?.tile_data || row.tile_data.length === 0) return null;
        // A copy: the statement's buffer belongs to the WebAssembly heap.
        const data = new Uint8Array(row.tile_data);
        return { data, encoding: format === 'mvt' ? storedEncoding(data) : null };
      },
      async close() {
        statement.finalize();
        open.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    try {
      db?.close();
    } catch {
      // Closing after a failed open: nothing more to release.
    }
    rmSync(dir, { recursive: true, force: true });
    if (err instanceof BasemapError) throw err;
    throw new BasemapError(`${path} is not a readable MBTiles file: ${(err as Error).message}`);
  }
}
