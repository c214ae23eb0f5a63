/**
 * Shapes the analysis functions take and return. Inputs are plain GeoJSON in EPSG:4326 (lon/lat), as the
 * repositories already serve them; outputs are plain data or GeoJSON, ready for an API response.
 */
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';

export type CommuneFC = FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }>;
export type HqFC = FeatureCollection<Point, { id: number; name: string; communeCode: string; status: string }>;
export type VillageFC = FeatureCollection<Point, { id: number; name: string; communeCode: string; population: number }>;
export type BorderFC = FeatureCollection<LineString | MultiLineString, { countryCode: string }>;
export type GateFC = FeatureCollection<Point, { id: number; name: string }>;

/** Coverage of one commune by the HQ circles. */
export interface CommuneCoverage {
  code: string;
  name: string;
  areaKm2: number;
  coveredKm2: number;
  /** coveredKm2 / areaKm2, 0..1 (0 for a commune of zero area). */
  share: number;
  /** Sum of the populations of the villages in this commune (by communeCode); null when no villages were given. */
  population: number | null;
  /** Population of this commune's villages within radiusKm of any HQ; null when no villages were given. */
  coveredPopulation: number | null;
}

export interface CoverageTotals {
  areaKm2: number;
  coveredKm2: number;
  share: number;
  population: number | null;
  coveredPopulation: number | null;
}

export interface CoverageResult {
  radiusKm: number;
  /** Union of the HQ circles clipped to the communes; null when nothing is covered. */
  covered: Feature<Polygon | MultiPolygon> | null;
  /** The uncovered part of each commune (communes fully covered are left out). */
  gaps: FeatureCollection<Polygon | MultiPolygon, { code: string; name: string; areaKm2: number }>;
  communes: CommuneCoverage[];
  totals: CoverageTotals;
}

export interface CoverageOptions {
  /** Villages with population, for covered population per commune. */
  villages?: VillageFC;
  /** Vertices of each geodesic circle (default 64: inscribed-polygon area error −0.16%). */
  steps?: number;
}

export interface NearestHq {
  targetId: string | number;
  hqId: number;
  hqName: string;
  distanceKm: number;
}

export interface BorderProximity {
  code: string;
  name: string;
  /** Minimum geodesic distance from the commune to the border, 0 when it touches or crosses it. */
  borderKm: number;
  /** Country code of the nearest border line. */
  countryCode: string;
  nearestGateId: number | null;
  nearestGateName: string | null;
  /** Minimum geodesic distance from the commune (0 inside it) to the nearest gate. */
  gateKm: number | null;
}

export interface BestSitesInput {
  candidates: FeatureCollection<Point, { id: string; name?: string }>;
  hqs: HqFC;
  radiusKm: number;
  k: number;
  objective: 'population' | 'area';
  villages?: VillageFC;
  communes?: CommuneFC;
  /** Vertices of each geodesic circle for the area objective (default 64). */
  steps?: number;
}

export interface BestSite {
  rank: number;
  candidateId: string;
  name: string | null;
  geometry: Point;
  addedPopulation: number;
  addedAreaKm2: number;
  cumulativePopulation: number;
  cumulativeAreaKm2: number;
}
