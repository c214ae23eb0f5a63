import { open, type FileHandle } from 'node:fs/promises';
import { Compression, findTile, PMTiles, SharedPromiseCache, TileType, zxyToTileId, type RangeResponse, type Source } from 'pmtiles';
import { BasemapError, fileVersion, parseBounds, type BasemapArchive, type StoredTile, type TileFormat } from './archive.ts';

/** A local file as a PMTiles source: each directory or tile is one positioned read, nothing is loaded whole. */
class LocalFileSource implements Source {
  constructor(
    private readonly file: FileHandle,
    private readonly key: string,
  ) {}

  getKey() {
    return this.key;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.file.read(buffer, 0, length, offset);
    // The archive's own reader asks for 16 KiB at offset 0 whatever the file's size: a short read is normal.
    return { data: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + bytesRead) };
  }
}

const FORMATS: Partial<Record<TileType, TileFormat>> = {
  [TileType.Mvt]: 'mvt',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpeg',
  [TileType.Webp]: 'webp',
};

const ENCODINGS: Partial<Record<Compression, StoredTile['encoding']>> = {
  [Compression.None]: null,
  [Compression.Gzip]: 'gzip',
  [Compression.Brotli]: 'br',
};

interface PmtilesMetadata {
  name?: string;
  attribution?: string;
  vector_layers?: { id?: unknown }[];
}

/** Opens a PMTiles v3 archive with the `pmtiles` package's reader; tiles are returned as stored (not decompressed). */
export async function openPmtiles(path: string): Promise<BasemapArchive> {
  const file = await open(path, 'r');
  try {
    const source = new LocalFileSource(file, path);
    const cache = new SharedPromiseCache();
    const archive = new PMTiles(source, cache);
    const header = await archive.getHeader();
    if (header.specVersion !== 3) throw new BasemapError(`${path}: PMTiles version ${header.specVersion} is not supported (version 3 is)`);
    const format = FORMATS[header.tileType];
    if (!format) throw new BasemapError(`${path}: tile type ${header.tileType} is not supported (vector MVT, PNG, JPEG or WebP are)`);
    // Images are stored as they are; an archive writer may leave their compression "unknown".
    const compression = format !== 'mvt' && header.tileCompression === Compression.Unknown ? Compression.None : header.tileCompression;
    const encoding = ENCODINGS[compression];
    if (encoding === undefined) throw new BasemapError(`${path}: tile compression ${Compression[header.tileCompression] ?? header.tileCompression} is not supported (none, gzip or brotli are)`);
    const meta = ((await archive.getMetadata()) ?? {}) as PmtilesMetadata;
    return {
      info: {
        container: 'pmtiles',
        format,
        name: typeof meta.name === 'string' ? meta.name : null,
        attribution: typeof meta.attribution === 'string' ? meta.attribution : null,
        minzoom: header.minZoom,
        maxzoom: header.maxZoom,
        bounds: parseBounds([header.minLon, header.minLat, header.maxLon, header.maxLat]),
        center: [header.centerLon, header.centerLat, header.centerZoom],
        vectorLayers: format === 'mvt' ? (meta.vector_layers ?? []).filter((l) => typeof l.id === 'string').map((l) => ({ id: l.id as string })) : [],
        version: fileVersion(path),
      },
      async tile(z, x, y) {
        if (z < header.minZoom || z > header.maxZoom) return null;
        // The reader's own getZxy() would decompress the tile; walk the directories (parsed and cached by the
        // package) to the entry instead, so gzip-stored vector tiles go out as they are.
        const tileId = zxyToTileId(z, x, y);
        let [offset, length] = [header.rootDirectoryOffset, header.rootDirectoryLength];
        for (let depth = 0; depth <= 3; depth++) {
          const entry = findTile(await cache.getDirectory(source, offset, length, header), tileId);
          if (!entry) return null;
          if (entry.runLength > 0) {
            const { data } = await source.getBytes(header.tileDataOffset + entry.offset, entry.length);
            return { data: new Uint8Array(data), encoding };
          }
          [offset, length] = [header.leafDirectoryOffset + entry.offset, entry.length];
        }
        throw new BasemapError(`${path}: directories nested deeper than 4 levels`);
      },
      close: () => file.close(),
    };
  } catch (err) {
    await file.close();
    if (err instanceof BasemapError) throw err;
    throw new BasemapError(`${path} is not a readable PMTiles archive: ${(err as Error).message}`);
  }
}
