import type { MultiPolygon, Polygon } from 'geojson';
import type { Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { sqlFile } from '../sql/index.ts';

const COVERAGE = sqlFile('analysis-coverage');
const CODES = `SELECT c.code FROM commune c WHERE ($1::text[] IS NULL OR c.code = ANY ($1::text[])) ORDER BY c.code`;
const OUTLINES = `SELECT c.code, c.name, ST_AsGeoJSON(c.geom, 6)::json AS geometry FROM commune c WHERE c.code = ANY ($1::text[]) ORDER BY c.code`;

/** PostGIS buffer style of the HQ circles: 16 segments per quarter, the 64-gon of the Turf circles (−0.16 % area). */
export const BUFFER_STYLE = 'quad_segs=16';

/**
 * Degrees of longitude (or latitude) that `metres` can span at most, up to 60° of latitude: a prefilter margin
 * for the HQs that may reach a set of communes, never the test itself.
 */
export const marginDeg = (metres: number) => metres / 55_000;

export interface CoverageRow {
  code: string;
  name: string;
  areaKm2: number;
  coveredKm2: number;
  gapKm2: number;
  covered: Polygon | MultiPolygon | null;
  gap: Polygon | MultiPolygon | null;
}

/** Coverage of communes by HQ buffers, computed by PostGIS (server/sql/analysis-coverage.sql). */
export function coverageRepository(db: Queryable, scope: Scope) {
  const s = scope.communes;
  return {
    /** The codes of the communes of the caller's area, in code order. */
    async codes(): Promise<string[]> {
      return (await db.query<{ code: string }>(CODES, [s])).map((r) => r.code);
    },

    /**
     * One row per commune of `codes` that PostGIS computed. The embedded PostGIS answers some overlays of very
     * complex shapes with no row and no error, and such a commune empties the whole statement: the caller checks
     * which rows came back.
     */
    async rows(codes: string[], p: { radiusKm: number; statuses: readonly string[]; asOf: string }): Promise<CoverageRow[]> {
      const metres = p.radiusKm * 1000;
      return db.query<CoverageRow>(COVERAGE, [codes, metres, BUFFER_STYLE, p.asOf, p.statuses, s, marginDeg(metres)]);
    },

    /** Outlines of `codes` as GeoJSON (no overlay involved), for the communes PostGIS could not compute. */
    async outlines(codes: string[]) {
      return db.query<{ code: string; name: string; geometry: Polygon | MultiPolygon }>(OUTLINES, [codes]);
    },
  };
}

const SITE_GAINS = sqlFile('analysis-site-gains');

/** Area gains of candidate sites for new HQs, computed by PostGIS (server/sql/analysis-site-gains.sql). */
export function siteGainsRepository(db: Queryable, scope: Scope) {
  return {
    /**
     * The km² each candidate of `candidates` would add given the HQs and the sites `picked`; a candidate PostGIS
     * could not compute has no row (see `coverageRepository.rows`).
     */
    async gains(
      candidates: { i: number; lon: number; lat: number }[],
      picked: { lon: number; lat: number }[],
      p: { radiusKm: number; statuses: readonly string[]; asOf: string },
    ): Promise<{ i: number; km2: number }[]> {
      const metres = p.radiusKm * 1000;
      return db.query<{ i: number; km2: number }>(SITE_GAINS, [
        JSON.stringify(candidates), metres, BUFFER_STYLE, p.asOf, p.statuses, scope.communes, JSON.stringify(picked), marginDeg(2 * metres),
      ]);
    },
  };
}
