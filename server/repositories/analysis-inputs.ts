import type { Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { sqlFile } from '../sql/index.ts';
import type { BorderFC, CommuneFC, GateFC, HqFC, VillageFC } from '../analysis/types.ts';
import { toFeatureCollection } from './geojson.ts';
import { mapLayers } from './map-layers.ts';
import { dataRevision } from './data-revision.ts';

const COMMUNES = sqlFile('analysis-communes');
const HQS = sqlFile('analysis-hqs');
const VILLAGES = sqlFile('analysis-villages');
const BORDER = sqlFile('analysis-border');

type Row<P> = P & { geometry: unknown };

/** What an analysis reads, as GeoJSON, limited to the caller's area. */
export interface AnalysisInputs {
  communes: CommuneFC;
  hqs: HqFC;
  villages: VillageFC;
  border: BorderFC;
  gates: GateFC;
}
export type InputName = keyof AnalysisInputs;

/**
 * Inputs of the analyses for the caller's scope. The data version is read before the data (see `dataVersion`):
 * a change committed in between is then paired with the older version, which nobody asks for any more.
 */
export function analysisInputs(db: Queryable, scope: Scope) {
  const s = scope.communes;
  return {
    /** Counter bumped by triggers on every change to an input table (migration 003). */
    dataVersion: (): Promise<string> => dataRevision(db),

    /** Loads only the inputs named in `which`; the others are empty collections. */
    async load(which: readonly InputName[], opts: { asOf: string; statuses: readonly string[] }): Promise<AnalysisInputs> {
      const empty = { type: 'FeatureCollection' as const, features: [] };
      const want = new Set(which);
      const [communes, hqs, villages, border, gates] = await Promise.all([
        want.has('communes') ? db.query<Row<{ code: string; name: string }>>(COMMUNES, [s]).then((r) => fc(r, (p) => p.code)) : empty,
        want.has('hqs')
          ? db.query<Row<{ id: number; name: string; communeCode: string; status: string }>>(HQS, [opts.asOf, opts.statuses, s]).then((r) => fc(r, (p) => p.id))
          : empty,
        want.has('villages')
          ? db.query<Row<{ id: number; name: string; communeCode: string; population: number }>>(VILLAGES, [s]).then((r) => fc(r, (p) => p.id))
          : empty,
        want.has('border') ? db.query<Row<{ countryCode: string }>>(BORDER).then((r) => fc(r)) : empty,
        want.has('gates')
          ? mapLayers(db, scope)
              .borderGates(opts.asOf)
              .then((g) => ({ ...g, features: g.features.map((f) => ({ ...f, properties: { id: f.properties.id, name: f.properties.name } })) }))
          : empty,
      ]);
      return { communes, hqs, villages, border, gates } as unknown as AnalysisInputs;
    },
  };
}

function fc<P>(rows: Row<P>[], idOf?: (p: P) => string | number) {
  return toFeatureCollection(rows, idOf as ((row: Omit<P & { geometry: unknown }, 'geometry'>) => string | number) | undefined);
}
