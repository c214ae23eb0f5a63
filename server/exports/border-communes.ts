import type { BorderCommune } from '../schemas/border.ts';
import type { Column } from './table.ts';

export const DEMO_NOTE = 'Dữ liệu mẫu / Demo data: không phải số liệu thật / not real figures';

const km = (m: number | null | undefined) => (m === null || m === undefined ? null : Math.round(m) / 1000);

/**
 * Columns of the border-commune exports: one row per commune; the code comes first (the key to join other tables);
 * status values are the API's codes, so that a spreadsheet can filter on them in either language.
 */
export function borderCommuneColumns(): Column<BorderCommune>[] {
  return [
    { header: 'code', value: (c) => c.code, width: 8 },
    { header: 'name', value: (c) => c.name, width: 24 },
    { header: 'countries', value: (c) => c.faces.map((f) => f.countryCode).join(' '), width: 10 },
    { header: 'distance_to_border_km', value: (c) => km(c.distanceM), width: 12 },
    { header: 'border_length_km', value: (c) => Math.round(c.faces.reduce((s, f) => s + f.borderLengthKm, 0) * 1000) / 1000, width: 12 },
    { header: 'drug_free', value: (c) => c.drugFree, width: 12 },
    { header: 'key_complex', value: (c) => c.keyComplex, width: 12 },
    { header: 'drug_key_area', value: (c) => c.drugKeyArea, width: 12 },
    { header: 'transformation', value: (c) => c.transformation, width: 12 },
    { header: 'hq_status', value: (c) => c.hqStatus, width: 14 },
    { header: 'nearest_gate', value: (c) => c.nearestGate?.name ?? null, width: 26 },
    { header: 'nearest_gate_km', value: (c) => km(c.nearestGate?.distanceM), width: 10 },
    { header: 'nearest_hq', value: (c) => c.nearestHq?.name ?? null, width: 26 },
    { header: 'nearest_hq_status', value: (c) => c.nearestHq?.status ?? null, width: 14 },
    { header: 'nearest_hq_km', value: (c) => km(c.nearestHq?.distanceM), width: 10 },
    { header: 'last_change_on', value: (c) => c.lastChange?.on ?? null, width: 12 },
    { header: 'last_change', value: (c) => (c.lastChange ? `${c.lastChange.kind}=${c.lastChange.value}` : null), width: 24 },
    { header: 'data', value: (c) => (c.isDemo ? 'demo' : ''), width: 8 },
  ];
}
