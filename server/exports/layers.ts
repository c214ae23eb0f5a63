import type { Cell, Column } from './table.ts';
import type { Feature, FeatureCollection } from '../repositories/geojson.ts';

/** What the map tab offers for download; the last three in the columns of their table import (round trip). */
export const EXPORT_LAYERS = ['communes', 'statuses', 'hqs', 'gates', 'teams', 'models', 'indicators'] as const;
export type ExportLayer = (typeof EXPORT_LAYERS)[number];

type Props = Record<string, Cell | undefined>;
const col = (header: string, key: string, width?: number): Column<Props> => ({ header, value: (r) => r[key] ?? null, width });

/**
 * Table columns of each exported layer. The commune code comes first in every table, so that a reader (or the
 * access test) can tell which commune each row is about.
 */
export const EXPORT_COLUMNS: Record<ExportLayer, Column<Props>[]> = {
  communes: [
    col('code', 'code', 8), col('name', 'name', 24), col('kind', 'kind'), col('population', 'population'), col('area_km2', 'areaKm2'),
    col('key_complex', 'key_complex'), col('drug_key_area', 'drug_key_area'), col('transformation', 'transformation'),
    col('drug_free', 'drug_free'), col('safe_standard', 'safe_standard'), col('hq_status', 'hqStatus'),
  ],
  statuses: [
    col('commune_code', 'communeCode', 8), col('commune_name', 'communeName', 24), col('kind', 'kind'), col('value', 'value'),
    col('valid_from', 'validFrom'), col('valid_to', 'validTo'), col('decision_no', 'decisionNo'), col('decision_date', 'decisionDate'),
    col('note', 'note', 40), col('provenance', 'provenance', 24), col('inherited_from', 'inheritedFrom', 16),
  ],
  hqs: [
    col('commune_code', 'communeCode', 8), col('commune_name', 'communeName', 24), col('id', 'id'), col('name', 'name', 28),
    col('status', 'status'), col('staff_count', 'staffCount'), col('lon', 'lon'), col('lat', 'lat'),
  ],
  gates: [
    col('commune_code', 'communeCode', 8), col('id', 'id'), col('name', 'name', 28), col('level', 'level'), col('country_code', 'countryCode'),
    col('lon', 'lon'), col('lat', 'lat'),
  ],
  teams: [col('commune_code', 'communeCode', 8), col('commune_name', 'communeName', 24), col('year', 'year'), col('team_count', 'teamCount'), col('member_count', 'memberCount')],
  models: [
    col('commune_code', 'communeCode', 8), col('commune_name', 'communeName', 24), col('model_name', 'modelName', 32), col('established_on', 'establishedOn'),
    col('ended_on', 'endedOn'), col('point_name', 'pointName', 28), col('lon', 'lon'), col('lat', 'lat'),
  ],
  indicators: [
    col('province_code', 'provinceCode', 8), col('province_name', 'provinceName', 20), col('year', 'year'), col('indicator', 'indicator', 22),
    col('value', 'value'), col('unit', 'unit'),
  ],
};

/**
 * Columns of the crosswalk export: the new commune first (the commune the row is about, as in every table), then
 * the columns the crosswalk import reads, so that the file imports back as it is.
 */
export const CROSSWALK_EXPORT_COLUMNS: Column<Props>[] = [
  col('new_code', 'newCode', 8), col('new_name', 'newName', 24), col('old_code', 'oldCode', 8), col('old_name', 'oldName', 24),
  col('effective_date', 'effectiveDate', 12), col('decision_no', 'decisionNo', 18), col('note', 'note', 40),
];

/** Table rows from features: the properties, plus lon/lat for points. */
export function rowsOf(fc: FeatureCollection<object>): Props[] {
  return fc.features.map((f: Feature<object>) => {
    const p = { ...(f.properties as Props) };
    if (f.geometry?.type === 'Point') [p.lon, p.lat] = f.geometry.coordinates as [number, number];
    return p;
  });
}
