import type { Point } from 'geojson';
import type { Queryable } from '../db/client.ts';
import { sqlFile } from '../sql/index.ts';
import type { CommuneDetail, StatusRecord } from '../schemas/api.ts';
import { mapLayers } from './map-layers.ts';
import type { Scope } from '../auth/access.ts';
import { formerUnitsOf } from './crosswalk.ts';

const HISTORY = sqlFile('commune-history');
const HQ_HISTORY = sqlFile('hq-history');
const FORCES = sqlFile('commune-forces');
const FORMER_HISTORY = sqlFile('commune-former-history');

interface HqHistoryRow {
  hqId: number;
  status: string;
  validFrom: string;
  validTo: string | null;
  decisionNo: string | null;
  decisionDate: string | null;
  note: string | null;
}

export function communes(db: Queryable, scope: Scope) {
  const layers = mapLayers(db, scope);
  return {
    /** One commune (inside the scope) with its statuses as of `asOf`, its full status history, HQs, teams and models; null when unknown. */
    async detail(code: string, asOf: string): Promise<CommuneDetail | null> {
      const feature = await layers.commune(code, asOf);
      if (!feature) return null;
      const [history, formerUnits, formerHistory, hqs, hqHistory, [forces]] = await Promise.all([
        db.query<StatusRecord>(HISTORY, [code]),
        formerUnitsOf(db, [code]),
        db.query<CommuneDetail['properties']['formerHistory'][number]>(FORMER_HISTORY, [code]),
        layers.hqs(asOf, code),
        db.query<HqHistoryRow>(HQ_HISTORY, [code]),
        db.query<{ teams: CommuneDetail['properties']['teams']; models: CommuneDetail['properties']['models'] }>(FORCES, [code]),
      ]);
      return {
        type: 'Feature',
        id: code,
        geometry: feature.geometry,
        properties: {
          ...feature.properties,
          asOf,
          history,
          formerUnits: formerUnits.map((u) => ({ oldCode: u.oldCode, oldName: u.oldName, effectiveDate: u.effectiveDate, decisionNo: u.decisionNo })),
          formerHistory,
          hqs: hqs.features.map((f) => ({
            ...f.properties,
            lon: (f.geometry as Point).coordinates[0],
            lat: (f.geometry as Point).coordinates[1],
            history: hqHistory.filter((h) => h.hqId === f.properties.id).map(({ hqId: _, ...h }) => h),
          })),
          teams: forces.teams,
          models: forces.models,
        },
      };
    },
  };
}
