import type { CommuneFC, CoverageOptions, CoverageResult, HqFC } from './types.ts';

export function coverage(communes: CommuneFC, hqs: HqFC, radiusKm: number, opts: CoverageOptions = {}): CoverageResult {
  void communes; void hqs; void radiusKm; void opts;
  throw new Error('coverage: not implemented yet');
}
