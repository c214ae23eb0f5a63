import { describe, expect, it } from 'vitest';
import { areaGainTurf, bestSites } from '../../server/analysis/best-sites.ts';
import { ellipsoidAreaKm2, geodesicCircle } from '../../server/analysis/geodesy.ts';
import { expectGolden, loadCase } from './analysis-fixtures.ts';

describe('best next HQ sites', () => {
  it('by population: the biggest uncovered cluster first; a site at the same place then adds nothing; covered villages never count', async () => {
    const c = loadCase('best-sites-population');
    const r = bestSites({ candidates: c.candidates, hqs: c.hqs, radiusKm: 1, k: 3, objective: 'population', villages: c.villages, communes: c.communes });
    expect(r.map((x) => [x.rank, x.candidateId, x.addedPopulation, x.cumulativePopulation])).toEqual([
      [1, 'east', 3000, 3000],
      [2, 'middle', 500, 3500],
    ]);
    expect(r[0].name).toBe('Bản Đông 1');
    expect(r[0].geometry).toEqual({ type: 'Point', coordinates: [103.09, 21.44] });
    // The east circle reaches over the commune corner: only the part on land counts.
    expect(r[0].addedAreaKm2).toBeGreaterThan(0);
    expect(r[0].addedAreaKm2).toBeLessThan(Math.PI);
    expect(r[1].cumulativeAreaKm2).toBeCloseTo(r[0].addedAreaKm2 + r[1].addedAreaKm2, 9);
    await expectGolden('best-sites-population', r);
  });

  it('by area: the candidate with the most uncovered land first, overlap with the HQ counted once', async () => {
    const c = loadCase('best-sites-area');
    const r = bestSites({ candidates: c.candidates, hqs: c.hqs, radiusKm: 1.5, k: 2, objective: 'area', communes: c.communes });
    const full = ellipsoidAreaKm2(geodesicCircle([103.075, 21.425], 1.5, 64));
    expect(r.map((x) => x.candidateId)).toEqual(['inside', 'next-to-hq']);
    expect(r[0].addedAreaKm2).toBeCloseTo(full, 9);
    expect(r[1].addedAreaKm2).toBeGreaterThan(0);
    expect(r[1].addedAreaKm2).toBeLessThan(full / 2);
    expect(r.every((x) => x.addedPopulation === 0)).toBe(true);
    await expectGolden('best-sites-area', r);
  });

  it('without communes, by area counts the whole circle not yet reached', () => {
    const c = loadCase('best-sites-area');
    const r = bestSites({ candidates: c.candidates, hqs: c.hqs, radiusKm: 1.5, k: 1, objective: 'area' });
    expect(r[0].addedAreaKm2).toBeCloseTo(ellipsoidAreaKm2(geodesicCircle([103.1, 21.45], 1.5, 64)), 9);
  });

  it('refuses k out of bounds, a missing village list and bad candidates', () => {
    const c = loadCase('best-sites-population');
    const base = { candidates: c.candidates, hqs: c.hqs, radiusKm: 1, k: 2, objective: 'population' as const, villages: c.villages };
    expect(() => bestSites({ ...base, k: 0 })).toThrow('k must be an integer from 1 to the number of candidates (4), got 0');
    expect(() => bestSites({ ...base, k: 5 })).toThrow('k must be an integer from 1 to the number of candidates (4), got 5');
    expect(() => bestSites({ ...base, k: 1.5 })).toThrow('k must be an integer');
    expect(() => bestSites({ ...base, villages: undefined })).toThrow("objective 'population' needs villages");
    expect(() => bestSites({ ...base, objective: 'votes' as never })).toThrow("objective must be 'population' or 'area', got \"votes\"");
    expect(() => bestSites({ ...base, radiusKm: -1 })).toThrow('radiusKm must not be negative');
    expect(() => bestSites({ ...base, candidates: { type: 'FeatureCollection', features: [] } })).toThrow('candidates: no candidate site given');
    const dup = { ...c.candidates, features: [c.candidates.features[0], c.candidates.features[0]] };
    expect(() => bestSites({ ...base, candidates: dup })).toThrow('candidate west: id appears more than once');
  });

  it('stops early when the remaining candidates add nothing, instead of ranking zeros', () => {
    const c = loadCase('best-sites-population');
    const r = bestSites({ candidates: c.candidates, hqs: { type: 'FeatureCollection', features: [] }, radiusKm: 0, k: 4, objective: 'population', villages: c.villages });
    // Radius 0: a candidate reaches only a village at its exact position; 'east-again' then adds nothing.
    expect(r.map((x) => [x.candidateId, x.addedPopulation])).toEqual([['west', 5000], ['east', 1000], ['middle', 500]]);
  });

  it('measures one site the way the greedy choice does: the area each pick added, given the HQs and the picks before it', () => {
    const c = loadCase('best-sites-area');
    const r = bestSites({ candidates: c.candidates, hqs: c.hqs, radiusKm: 1.5, k: 2, objective: 'area', communes: c.communes });
    const hqs = c.hqs.features.map((f) => f.geometry.coordinates);
    expect(areaGainTurf(r[0].geometry.coordinates, 1.5, c.communes, hqs)).toBeCloseTo(r[0].addedAreaKm2, 9);
    expect(areaGainTurf(r[1].geometry.coordinates, 1.5, c.communes, [...hqs, r[0].geometry.coordinates])).toBeCloseTo(r[1].addedAreaKm2, 9);
    // Far from every commune, a site adds nothing; at radius 0 nothing either.
    expect(areaGainTurf([110, 10], 1.5, c.communes, hqs)).toBe(0);
    expect(areaGainTurf(r[0].geometry.coordinates, 0, c.communes, hqs)).toBe(0);
  });
});
