/** Geometry as ST_AsGeoJSON writes it (never a GeometryCollection here). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Geometry = { type: string; coordinates: any[] };

export interface Feature<P> {
  type: 'Feature';
  id?: string | number;
  geometry: Geometry;
  properties: P;
}
export interface FeatureCollection<P> {
  type: 'FeatureCollection';
  features: Feature<P>[];
}

/** Turns rows that carry a `geometry` column into a FeatureCollection; `idOf` picks the feature id. */
export function toFeatureCollection<R extends { geometry: unknown }>(
  rows: R[],
  idOf?: (row: Omit<R, 'geometry'>) => string | number,
): FeatureCollection<Omit<R, 'geometry'>> {
  return { type: 'FeatureCollection', features: rows.map((r) => toFeature(r, idOf)) };
}

export function toFeature<R extends { geometry: unknown }>(
  row: R,
  idOf?: (row: Omit<R, 'geometry'>) => string | number,
): Feature<Omit<R, 'geometry'>> {
  const { geometry, ...properties } = row;
  const f: Feature<Omit<R, 'geometry'>> = { type: 'Feature', geometry: geometry as Geometry, properties };
  if (idOf) f.id = idOf(properties);
  return f;
}
