import type { CampaignDetail, SelectedCommune } from '../schemas/campaigns.ts';
import type { Column } from './table.ts';

/** Columns of the selection export: the code first (the key to join other tables), then the score and its parts. */
export function selectionColumns(): Column<SelectedCommune>[] {
  const part = (c: SelectedCommune, criterion: string) => c.parts.find((p) => p.criterion === criterion)?.points ?? null;
  return [
    { header: 'code', value: (c) => c.code, width: 8 },
    { header: 'name', value: (c) => c.name, width: 24 },
    { header: 'score', value: (c) => c.score, width: 8 },
    { header: 'key_complex', value: (c) => c.keyComplex, width: 10 },
    { header: 'drug_key_area', value: (c) => c.drugKeyArea, width: 10 },
    { header: 'transformation', value: (c) => c.transformation, width: 12 },
    { header: 'drug_free', value: (c) => c.drugFree, width: 12 },
    { header: 'independent_hq', value: (c) => c.hasIndependentHq, width: 10 },
    { header: 'nearest_hq_km', value: (c) => c.nearestHqKm, width: 10 },
    { header: 'border_km', value: (c) => c.borderKm, width: 10 },
    { header: 'years_designated', value: (c) => c.yearsDesignated, width: 10 },
    ...['key_complex', 'drug_key_area', 'not_drug_free', 'no_independent_hq', 'hq_distance', 'border', 'years_designated'].map((k) => ({
      header: `points_${k}`,
      value: (c: SelectedCommune) => part(c, k),
      width: 10,
    })),
    { header: 'data', value: (c) => (c.isDemo ? 'demo' : ''), width: 8 },
  ];
}

export type CampaignExportRow = CampaignDetail['communes'][number] & { campaign: CampaignDetail };

/** Columns of the campaign export: one row per target commune with its stage and last step. */
export function campaignColumns(): Column<CampaignExportRow>[] {
  const last = (r: CampaignExportRow) => r.campaign.steps.filter((s) => s.communeCode === r.code).at(-1) ?? null;
  return [
    { header: 'code', value: (r) => r.code, width: 8 },
    { header: 'name', value: (r) => r.name, width: 24 },
    { header: 'campaign', value: (r) => r.campaign.name, width: 30 },
    { header: 'kind', value: (r) => r.campaign.kind, width: 14 },
    { header: 'stage', value: (r) => r.stage, width: 14 },
    { header: 'stage_since', value: (r) => r.lastOn, width: 12 },
    { header: 'decision_no', value: (r) => last(r)?.decisionNo ?? null, width: 16 },
    { header: 'decision_date', value: (r) => last(r)?.decisionDate ?? null, width: 12 },
    { header: 'note', value: (r) => last(r)?.note ?? null, width: 30 },
    { header: 'period_start', value: (r) => r.campaign.periodStart, width: 12 },
    { header: 'period_end', value: (r) => r.campaign.periodEnd, width: 12 },
    { header: 'responsible_unit', value: (r) => r.campaign.responsibleUnit, width: 24 },
    { header: 'data', value: (r) => (r.isDemo ? 'demo' : ''), width: 8 },
  ];
}
