import type { BestSite, BestSitesInput } from './types.ts';

export function bestSites(input: BestSitesInput): BestSite[] {
  void input;
  throw new Error('bestSites: not implemented yet');
}
