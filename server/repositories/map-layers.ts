import type { Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { sqlFile } from '../sql/index.ts';
import type { CommuneProperties, CommuneSummary, HqProperties } from '../schemas/api.ts';
import { toFeature, toFeatureCollection } from './geojson.ts';

const COMMUNES = sqlFile('communes');
const COMMUNE_SUMMARIES = sqlFile('commune-summaries');
const HQS = sqlFile('hqs');
const BORDERS = sqlFile('borders');
const BORDER_GATES = sqlFile('border-gates');
const PROVINCES = sqlFile('provinces');

type WithGeometry<P> = P & { geometry: unknown };

export interface ProvinceSummary {
  code: string;
  name: string;
  isDemo: boolean;
  source: string;
  communeCount: number;
  /** How many provinces the view spans; `national` when more than one (code and name are then empty). */
  provinceCount: number;
  national: boolean;
  bbox: [number, number, number, number];
}

export interface ProvinceListItem {
  code: string;
  name: string;
  isDemo: boolean;
  source: string;
  /** Communes of the province within the caller's area, and in the whole province. */
  communeCount: number;
  provinceCommuneCount: number;
  bbox: [number, number, number, number];
}

/** Read side of the map: communes, HQs, border and gates, as of a date and limited to the caller's scope. */
export function mapLayers(db: Queryable, scope: Scope) {
  const s = scope.communes;
  async function provinces(): Promise<ProvinceListItem[]> {
    const rows = await db.query<Omit<ProvinceListItem, 'bbox'> & Record<'west' | 'south' | 'east' | 'north', number>>(PROVINCES, [s]);
    return rows.map(({ west, south, east, north, ...p }) => ({ ...p, bbox: [west, south, east, north] }));
  }
  return {
    /**
     * What the scope is about: its province when it lies in one, or — over several provinces — a "national"
     * summary (code, name and source empty: the client names it), demo only when every province of it is demo.
     * Null when the scope holds no commune.
     */
    async province(): Promise<ProvinceSummary | null> {
      const list = await provinces();
      if (list.length === 0) return null;
      if (list.length === 1) {
        const { provinceCommuneCount: _, ...p } = list[0];
        return { ...p, provinceCount: 1, national: false };
      }
      return {
        code: '',
        name: '',
        source: '',
        isDemo: list.every((p) => p.isDemo),
        communeCount: list.reduce((n, p) => n + p.communeCount, 0),
        provinceCount: list.length,
        national: true,
        bbox: [
          Math.min(...list.map((p) => p.bbox[0])),
          Math.min(...list.map((p) => p.bbox[1])),
          Math.max(...list.map((p) => p.bbox[2])),
          Math.max(...list.map((p) => p.bbox[3])),
        ],
      };
    },

    /** Every province of the scope, real ones first. */
    provinces,

    async communes(asOf: string) {
      const rows = await db.query<WithGeometry<CommuneProperties>>(COMMUNES, [asOf, null, s]);
      return toFeatureCollection(rows, (r) => r.code);
    },

    /** The communes without geometry, each with its bounding box. */
    async communeSummaries(asOf: string): Promise<CommuneSummary[]> {
      const rows = await db.query<CommuneProperties & Record<'west' | 'south' | 'east' | 'north', number>>(COMMUNE_SUMMARIES, [asOf, s]);
      return rows.map(({ west, south, east, north, ...p }) => ({ ...p, bbox: [west, south, east, north] }));
    },

    /** One commune, or null when it does not exist or lies outside the scope (callers answer 404 either way). */
    async commune(code: string, asOf: string) {
      const rows = await db.query<WithGeometry<CommuneProperties>>(COMMUNES, [asOf, code, s]);
      return rows.length === 0 ? null : toFeature(rows[0], (r) => r.code);
    },

    async hqs(asOf: string, communeCode: string | null = null) {
      const rows = await db.query<WithGeometry<HqProperties>>(HQS, [asOf, communeCode, s]);
      return toFeatureCollection(rows, (r) => r.id);
    },

    async borders() {
      return toFeatureCollection(await db.query<WithGeometry<{ countryCode: string; name: string; lengthKm: number }>>(BORDERS, [s]));
    },

    async borderGates(asOf: string) {
      const rows = await db.query<WithGeometry<{ id: number; name: string; level: string; countryCode: string; communeCode: string | null; version: number }>>(
        BORDER_GATES,
        [asOf, s],
      );
      return toFeatureCollection(rows, (r) => r.id);
    },
  };
}
