/** Coordinate reference systems the OGC API answers in (Features Part 2), by URI. Geometry is stored in EPSG:4326. */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

interface CrsDefinition {
  srid: number;
  /** EPSG:4326 orders coordinates latitude first; CRS84 (the GeoJSON default) longitude first. */
  latLon: boolean;
  /** Decimals written: 6 in degrees (≈ 0.1 m), 2 in metres. */
  digits: number;
}

export const CRS: Record<string, CrsDefinition> = {
  [CRS84]: { srid: 4326, latLon: false, digits: 6 },
  'http://www.opengis.net/def/crs/EPSG/0/4326': { srid: 4326, latLon: true, digits: 6 },
  'http://www.opengis.net/def/crs/EPSG/0/3857': { srid: 3857, latLon: false, digits: 2 },
};
export const CRS_URIS = Object.keys(CRS);

/** The SQL expression of `column` (EPSG:4326, longitude first) in the CRS. Identifiers are constants of the caller. */
export function geometryIn(column: string, crs: CrsDefinition): string {
  if (crs.srid !== 4326) return `ST_Transform(${column}, ${crs.srid})`;
  return crs.latLon ? `ST_FlipCoordinates(${column})` : column;
}
