import type { FeatureCollection, Point } from 'geojson';
import type { BorderFC, BorderProximity, CommuneFC, GateFC, HqFC, NearestHq } from './types.ts';

export function interiorPoints(communes: CommuneFC): FeatureCollection<Point, { code: string; name: string }> {
  void communes;
  throw new Error('interiorPoints: not implemented yet');
}

export function nearestHq(targets: FeatureCollection<Point, { id: string | number }>, hqs: HqFC): NearestHq[] {
  void targets; void hqs;
  throw new Error('nearestHq: not implemented yet');
}

export function borderProximity(communes: CommuneFC, border: BorderFC, gates: GateFC): BorderProximity[] {
  void communes; void border; void gates;
  throw new Error('borderProximity: not implemented yet');
}

export function communesWithinBorder(communes: CommuneFC, border: BorderFC, km: number): string[] {
  void communes; void border; void km;
  throw new Error('communesWithinBorder: not implemented yet');
}
