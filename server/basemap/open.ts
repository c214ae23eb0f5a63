import { openSync, readSync, closeSync } from 'node:fs';
import { BasemapError, type BasemapArchive } from './archive.ts';

const SQLITE_MAGIC = 'SQLite format 3\0';
const PMTILES_MAGIC = 'PMTiles';

/**
 * Opens the PMTiles (v3) or MBTiles file at `path`, recognised by its first bytes, not its name. Throws a
 * BasemapError with a one-line reason when the file cannot serve as a basemap.
 */
export async function openBasemap(path: string): Promise<BasemapArchive> {
  let head: Buffer;
  try {
    const fd = openSync(path, 'r');
    try {
      head = Buffer.alloc(16);
      head = head.subarray(0, readSync(fd, head, 0, 16, 0));
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw new BasemapError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  // Each reader (and its package) loads with the first file of its kind: most servers have no basemap file.
  if (head.subarray(0, 7).toString('latin1') === PMTILES_MAGIC) return (await import('./pmtiles.ts')).openPmtiles(path);
  if (head.toString('latin1') === SQLITE_MAGIC) return (await import('./mbtiles.ts')).openMbtiles(path);
  throw new BasemapError(`${path} is neither a PMTiles nor an MBTiles (SQLite) file`);
}
