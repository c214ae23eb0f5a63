import type { MultiLineString, MultiPolygon, Point } from 'geojson';
import type { BorderGateLevel, CommuneKind, HqStatus, IndicatorCode, StatusKind } from '../../server/domain.ts';

/** ISO date `YYYY-MM-DD`. */
export type IsoDate = string;

/** A dated record: effective from `validFrom` (inclusive) to `validTo` (exclusive; null = still in force). */
export interface Dated {
  validFrom: IsoDate;
  validTo: IsoDate | null;
  decisionNo: string | null;
  decisionDate: IsoDate | null;
  note: string | null;
}

/** Everything the seeder writes for one province. Produced by `generateDemoDataset(seed)`; later also by importers. */
export interface ProvinceDataset {
  province: { code: string; name: string; isDemo: boolean; source: string; geom: MultiPolygon };
  communes: { code: string; name: string; kind: CommuneKind; population: number | null; geom: MultiPolygon }[];
  borders: { countryCode: 'LAO' | 'CHN'; name: string; source: string; geom: MultiLineString }[];
  borderGates: { name: string; level: BorderGateLevel; countryCode: 'LAO' | 'CHN'; communeCode: string; openedOn: IsoDate | null; geom: Point }[];
  statuses: (Dated & { communeCode: string; kind: StatusKind; value: string })[];
  hqs: {
    communeCode: string;
    name: string;
    staffCount: number;
    geom: Point;
    /** Status history, oldest first, non-overlapping. */
    history: (Dated & { status: HqStatus })[];
  }[];
  /** Grassroots security teams per commune and year. */
  teams: { communeCode: string; year: number; teamCount: number; memberCount: number }[];
  /** Self-governing models and their points of activity. */
  models: { communeCode: string; name: string; establishedOn: IsoDate; points: { name: string; geom: Point }[] }[];
  villages: { communeCode: string; name: string; population: number; geom: Point }[];
  indicators: { year: number; indicator: IndicatorCode; value: number }[];
}
