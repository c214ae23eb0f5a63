/**
 * The analyses of server/analysis/ against PostGIS `geography`, the reference: the same inputs go to both, and
 * areas and distances must agree within 0.5 % (geodesic circles vs ST_Buffer(geography, 'quad_segs=64'),
 * ellipsoidal areas vs ST_Area(geography), Vincenty distances vs ST_Distance(geography), nearest HQ vs KNN `<->`
 * re-ranked by geography distance). Runs on the demo province and on the real Điện Biên communes read from
 * ../shared/geodata; the largest relative errors seen are printed at the end of the suite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import { area as turfArea, distance as turfDistance } from '@turf/turf';
import type { Harness } from '../support/harness.ts';
import { hasGeodata, inCi } from '../support/env.ts';
import {
  PG_BORDER_DISTANCES, PG_CANDIDATE_AREA, PG_CANDIDATE_GAIN, PG_COVERAGE, PG_GATE_DISTANCES, PG_NEAREST_HQ, PG_VILLAGE_COVERAGE,
  PG_WITHIN_BORDER, dienBienBorder, gatesOnBorder, hqsAt, loadReferenceTables, realCommunes, villagesIn, type AnalysisData,
} from '../support/analysis-data.ts';
import type { Queryable } from '../../server/db/client.ts';
import { coverage } from '../../server/analysis/coverage.ts';
import { borderProximity, communesWithinBorder, interiorPoints, nearestHq } from '../../server/analysis/proximity.ts';
import { bestSites } from '../../server/analysis/best-sites.ts';
import type { BorderFC, GateFC } from '../../server/analysis/types.ts';

const RADIUS_KM = 5;
const TOLERANCE = 0.005;
/** PostGIS's default 8 segments per quarter circle is itself −0.64 % in area; 64 (a 256-gon) is −0.01 %. */
const QUAD_SEGS = 'quad_segs=64';

type Data = AnalysisData & { border: BorderFC; gates: GateFC };
class Rollback extends Error {}

const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

/** Runs `fn` with the data loaded into temporary tables, then rolls everything back. */
async function withReference<T>(h: Harness, d: Parameters<typeof loadReferenceTables>[1], fn: (tx: Queryable) => Promise<T>): Promise<T> {
  let out: T;
  await expect(
    h.db.transaction(async (tx) => {
      await loadReferenceTables(tx, d);
      out = await fn(tx);
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
  return out!;
}

async function demoData(db: Queryable): Promise<Data> {
  const communes = await db.query<{ code: string; name: string; g: string }>(`SELECT code, name, ST_AsGeoJSON(geom) AS g FROM commune WHERE code LIKE '99%' ORDER BY code`);
  const hqs = await db.query<{ id: number; name: string; code: string; status: string; g: string }>(
    `SELECT h.id, h.name, h.commune_code AS code, ST_AsGeoJSON(h.geom) AS g,
       COALESCE((SELECT s.status FROM police_hq_status s WHERE s.hq_id = h.id ORDER BY s.valid_from DESC LIMIT 1), 'planned') AS status
     FROM police_hq h WHERE h.commune_code LIKE '99%' ORDER BY h.id`);
  const villages = await db.query<{ id: number; name: string; code: string; population: number | null; g: string }>(
    `SELECT id, name, commune_code AS code, population, ST_AsGeoJSON(geom) AS g FROM village WHERE commune_code LIKE '99%' ORDER BY id`);
  // The national lines run Vietnam's whole land border: the stretch within 1° of the demo province is enough for
  // distances up to 10 km, and both engines get the same lines.
  const border = await db.query<{ country: string; g: string }>(
    `SELECT country_code AS country, ST_AsGeoJSON(g) AS g FROM (
       SELECT id, country_code, ST_ClipByBox2D(geom, (SELECT ST_Expand(ST_Extent(geom), 1.0) FROM commune WHERE code LIKE '99%')) AS g
       FROM national_border) b
     WHERE NOT ST_IsEmpty(g) ORDER BY id`,
  );
  const gates = await db.query<{ id: number; name: string; g: string }>(`SELECT id, name, ST_AsGeoJSON(geom) AS g FROM border_gate ORDER BY id`);
  const fc = <P>(rows: { g: string }[], props: (r: never) => P) =>
    ({ type: 'FeatureCollection', features: rows.map((r) => ({ type: 'Feature', properties: props(r as never), geometry: JSON.parse(r.g) })) }) as never;
  return {
    communes: fc(communes, (r: { code: string; name: string }) => ({ code: r.code, name: r.name })),
    hqs: fc(hqs, (r: { id: number; name: string; code: string; status: string }) => ({ id: r.id, name: r.name, communeCode: r.code, status: r.status })),
    villages: fc(villages, (r: { id: number; name: string; code: string; population: number | null }) => ({ id: r.id, name: r.name, communeCode: r.code, population: r.population })),
    border: fc(border, (r: { country: string }) => ({ countryCode: r.country })),
    gates: fc(gates, (r: { id: number; name: string }) => ({ id: r.id, name: r.name })),
  };
}

async function dienBienData(db: Queryable): Promise<Data> {
  const { communes, labels, skipped } = await realCommunes(db, 'dienbien/dienbien_communes_2025.geojson');
  expect(skipped, 'communes PostGIS could not repair').toEqual([]);
  const border = dienBienBorder();
  return {
    communes,
    // One HQ per commune at the source's label point: a realistic spread, some near commune edges.
    hqs: hqsAt(communes, (code) => labels.get(code)!),
    villages: villagesIn(communes, 900, 11),
    border,
    gates: gatesOnBorder(border, 6, 11),
  };
}

function cases(h: Harness, load: (db: Queryable) => Promise<Data>, errors: Map<string, number>) {
  let d: Data;
  const seen = (key: string, e: number) => errors.set(key, Math.max(errors.get(key) ?? 0, e));
  beforeAll(async () => {
    d = await load(h.db);
  });

  it('areas and covered areas per commune agree with ST_Area / ST_Buffer(geography)', async () => {
    const mine = coverage(d.communes, d.hqs, RADIUS_KM);
    const ref = await withReference(h, d, (tx) => tx.query<{ code: string; areaKm2: number; coveredKm2: number }>(PG_COVERAGE, [RADIUS_KM * 1000, QUAD_SEGS]));
    const byCode = new Map(mine.communes.map((c) => [c.code, c]));
    expect(ref.length).toBe(d.communes.features.length);
    let pgCovered = 0;
    for (const r of ref) {
      const m = byCode.get(r.code)!;
      seen('commune area', rel(m.areaKm2, r.areaKm2));
      // For comparison only: Turf's own area, on a sphere.
      seen('(turf.area, sphere)', rel(turfArea(d.communes.features.find((f) => f.properties.code === r.code)!) / 1e6, r.areaKm2));
      expect(rel(m.areaKm2, r.areaKm2), `area of ${r.code}`).toBeLessThan(TOLERANCE);
      // Relative error is meaningless on slivers: below 1 km² covered, compare against the commune's area.
      const e = r.coveredKm2 >= 1 ? rel(m.coveredKm2, r.coveredKm2) : Math.abs(m.coveredKm2 - r.coveredKm2) / r.areaKm2;
      seen('covered area per commune', e);
      expect(e, `covered area of ${r.code}: ${m.coveredKm2} vs ${r.coveredKm2}`).toBeLessThan(TOLERANCE);
      pgCovered += r.coveredKm2;
    }
    seen('covered area, total', rel(mine.totals.coveredKm2, pgCovered));
    expect(rel(mine.totals.coveredKm2, pgCovered)).toBeLessThan(TOLERANCE);
    expect(pgCovered).toBeGreaterThan(0);
  });

  it('covered population agrees with ST_DWithin(geography), village by village', async () => {
    const mine = coverage(d.communes, d.hqs, RADIUS_KM, { villages: d.villages });
    const ref = await withReference(h, d, (tx) => tx.query<{ code: string; population: number; coveredPopulation: number }>(PG_VILLAGE_COVERAGE, [RADIUS_KM * 1000]));
    const byCode = new Map(mine.communes.map((c) => [c.code, c]));
    expect(ref.length).toBeGreaterThan(0);
    for (const r of ref) {
      expect(byCode.get(r.code)!.population, r.code).toBe(r.population);
      expect(byCode.get(r.code)!.coveredPopulation, r.code).toBe(r.coveredPopulation);
    }
    expect(mine.totals.coveredPopulation).toBeGreaterThan(0);
    expect(mine.totals.coveredPopulation).toBeLessThan(mine.totals.population!);
  });

  it('nearest HQ of each commune (interior point) and village agrees with KNN <-> re-ranked by geography', async () => {
    const pts = interiorPoints(d.communes);
    const targets: FeatureCollection<Point, { id: string }> = {
      type: 'FeatureCollection',
      features: [
        ...pts.features.map((f) => ({ ...f, properties: { id: f.properties.code } })),
        ...d.villages.features.map((f) => ({ ...f, properties: { id: `v${f.properties.id}` } })),
      ],
    };
    const mine = nearestHq(targets, d.hqs);
    const ref = await withReference(h, { ...d, targets }, (tx) => tx.query<{ targetId: string; hqId: number; distanceKm: number }>(PG_NEAREST_HQ));
    const byId = new Map(mine.map((m) => [String(m.targetId), m]));
    const targetAt = new Map(targets.features.map((f) => [f.properties.id, f]));
    const hqAt = new Map(d.hqs.features.map((f) => [f.properties.id, f]));
    expect(ref.length).toBe(targets.features.length);
    for (const r of ref) {
      const m = byId.get(r.targetId)!;
      seen('nearest HQ distance', rel(m.distanceKm, r.distanceKm));
      // For comparison only: Turf's haversine distance, on a sphere.
      seen('(turf.distance, sphere)', rel(turfDistance(targetAt.get(r.targetId)!, hqAt.get(r.hqId)!), r.distanceKm));
      expect(rel(m.distanceKm, r.distanceKm), r.targetId).toBeLessThan(TOLERANCE);
      // Same HQ, unless two HQs are equally near to within a millimetre.
      if (m.hqId !== r.hqId) expect(Math.abs(m.distanceKm - r.distanceKm), r.targetId).toBeLessThan(1e-6);
    }
  });

  it('distances to the border and to the nearest gate agree with ST_Distance(geography)', async () => {
    const mine = borderProximity(d.communes, d.border, d.gates);
    const [borders, gates] = await withReference(h, d, async (tx) => [
      await tx.query<{ code: string; countryCode: string; km: number }>(PG_BORDER_DISTANCES),
      await tx.query<{ code: string; id: number; km: number }>(PG_GATE_DISTANCES),
    ] as const);
    const minBy = <T extends { code: string; km: number }>(rows: T[]) => {
      const m = new Map<string, T>();
      for (const r of rows) if (!m.has(r.code) || r.km < m.get(r.code)!.km) m.set(r.code, r);
      return m;
    };
    const pgBorder = minBy(borders), pgGate = minBy(gates);
    let touching = 0;
    for (const m of mine) {
      const b = pgBorder.get(m.code)!;
      if (b.km === 0) {
        touching++;
        expect(m.borderKm, `${m.code} touches the border`).toBe(0);
      } else {
        seen('border distance', rel(m.borderKm, b.km));
        expect(rel(m.borderKm, b.km), `${m.code}: ${m.borderKm} vs ${b.km}`).toBeLessThan(TOLERANCE);
        expect(m.countryCode).toBe(b.countryCode);
      }
      const g = pgGate.get(m.code);
      if (!g) continue;
      expect(m.gateKm === 0, `${m.code} contains its gate`).toBe(g.km === 0);
      seen('gate distance', rel(m.gateKm!, g.km));
      expect(rel(m.gateKm!, g.km), `${m.code} gate`).toBeLessThan(TOLERANCE);
    }
    expect(touching).toBeGreaterThan(0);
    expect(touching).toBeLessThan(mine.length);
  });

  it('communes within 0, 2 and 10 km of the border are those ST_DWithin(geography) finds', async () => {
    const dist = new Map(borderProximity(d.communes, d.border, { type: 'FeatureCollection', features: [] }).map((p) => [p.code, p.borderKm]));
    for (const km of [0, 2, 10]) {
      const mine = communesWithinBorder(d.communes, d.border, km);
      const ref = (await withReference(h, d, (tx) => tx.query<{ code: string }>(PG_WITHIN_BORDER, [km * 1000]))).map((r) => r.code);
      // Only a commune whose distance is within the error budget of the threshold may differ.
      const differ = [...mine.filter((c) => !ref.includes(c)), ...ref.filter((c) => !mine.includes(c))];
      for (const c of differ) expect(Math.abs(dist.get(c)! - km), `${c} at ${km} km`).toBeLessThan(km * TOLERANCE + 1e-6);
      expect(ref.length).toBeGreaterThan(0);
    }
  });

  it('best next HQ sites: each pick adds what PostGIS counts, and no other candidate would add more', async () => {
    const candidates: FeatureCollection<Point, { id: string; name: string }> = {
      type: 'FeatureCollection',
      features: d.villages.features.filter((_, i) => i % 23 === 0).map((f) => ({ type: 'Feature', properties: { id: `c${f.properties.id}`, name: f.properties.name }, geometry: f.geometry })),
    };
    const picks = bestSites({ candidates, hqs: d.hqs, radiusKm: RADIUS_KM, k: 4, objective: 'population', villages: d.villages });
    expect(picks.length).toBe(4);
    await withReference(h, { ...d, candidates }, async (tx) => {
      const before: string[] = [];
      for (const p of picks) {
        const gains = await tx.query<{ id: string; gain: number }>(PG_CANDIDATE_GAIN, [RADIUS_KM * 1000, before]);
        const left = gains.filter((g) => !before.includes(g.id));
        expect(p.addedPopulation, `rank ${p.rank}`).toBe(gains.find((g) => g.id === p.candidateId)!.gain);
        expect(p.addedPopulation).toBe(Math.max(...left.map((g) => g.gain)));
        before.push(p.candidateId);
      }
    });
  });

  it('best next HQ sites by area: each pick adds the uncovered commune area PostGIS measures', async () => {
    const candidates: FeatureCollection<Point, { id: string }> = {
      type: 'FeatureCollection',
      features: d.villages.features.filter((_, i) => i % 61 === 0).map((f) => ({ type: 'Feature', properties: { id: `c${f.properties.id}` }, geometry: f.geometry })),
    };
    const picks = bestSites({ candidates, hqs: d.hqs, radiusKm: RADIUS_KM, k: 3, objective: 'area', communes: d.communes });
    expect(picks.length).toBe(3);
    await withReference(h, { ...d, candidates }, async (tx) => {
      const before: string[] = [];
      for (const p of picks) {
        const [{ km2 }] = await tx.query<{ km2: number }>(PG_CANDIDATE_AREA, [RADIUS_KM * 1000, before, QUAD_SEGS, p.candidateId]);
        const e = km2 >= 1 ? rel(p.addedAreaKm2, km2) : Math.abs(p.addedAreaKm2 - km2) / (Math.PI * RADIUS_KM ** 2);
        seen('best site added area', e);
        expect(e, `rank ${p.rank}: ${p.addedAreaKm2} vs ${km2}`).toBeLessThan(TOLERANCE);
        before.push(p.candidateId);
      }
    });
  });
}

export function analysisReferenceSuite(h: Harness) {
  const errors = new Map<string, number>();
  afterAll(() => {
    if (errors.size === 0) return;
    const lines = [...errors].map(([k, v]) => `  ${k.padEnd(28)} ${(v * 100).toPrecision(2)} %`);
    console.log(`analyses vs PostGIS geography on ${h.backend} — largest relative error seen:\n${lines.join('\n')}`);
  });
  describe('demo province', () => cases(h, demoData, errors));
  describe.skipIf(!hasGeodata && !inCi)('real Điện Biên communes (2025)', () => cases(h, dienBienData, errors));
}
