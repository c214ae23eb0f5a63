/**
 * Deterministic demo dataset: a made-up province modelled on Điện Biên (north-west Vietnam, 2025 structure) whose
 * national border with Laos and China is the real one (Natural Earth), and whose communes, names, statuses, police
 * headquarters, border gates, villages and figures are all synthesised from one seed.
 *
 * Same seed → byte-identical JSON. Nothing reads the clock or Math.random.
 */
import type { MultiPolygon, Point, Position } from 'geojson';
import type { CommuneKind, HqStatus, StatusKind } from '../../server/domain.ts';
import { partition } from './communes.ts';
import { addDays, addMonths, dayOfYear, iso, maxDate, minDate, randomDate } from './dates.ts';
import { bboxOf, dist, nearestOnSegment, pointInMultiPolygon, ptKey, roundPt, toKm, toLonLat, type Pt } from './geo.ts';
import { NameMaker } from './names.ts';
import { loadNaturalEarth } from './natural-earth.ts';
import { borderLines, buildOutline, type BorderLine } from './outline.ts';
import { Rng } from './random.ts';
import type { Dated, IsoDate, ProvinceDataset } from './types.ts';

export const DEMO_SEED = 20250701;
export const DEMO_PROVINCE_CODE = '99';

const COMMUNE_COUNT = 45;
const WARD_COUNT = 3;
/** The demo "provincial capital", in the Mường Thanh valley where Điện Biên Phủ lies. */
const CAPITAL: Pt = [103.02, 21.385];
/** No generated record starts after this day, so the whole history is in the past for the 2025 demo. */
const HORIZON: IsoDate = '2025-12-15';
const TARGET_POPULATION = 650_000;

type Status = ProvinceDataset['statuses'][number];
type Hq = ProvinceDataset['hqs'][number];

interface Commune {
  code: string;
  name: string;
  /** Name without "Xã "/"Phường ". */
  short: string;
  kind: CommuneKind;
  population: number;
  geom: MultiPolygon;
  site: Pt;
  border: boolean;
}

const point = (p: Position): Point => ({ type: 'Point', coordinates: roundPt(p) });
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

interface Decision {
  no: string;
  date: IsoDate;
}
type Decide = (rng: Rng, date: IsoDate) => Decision;

/**
 * Issues decision numbers as a provincial People's Committee does: numbered through the year (about nine a day), never
 * the same number twice in one year.
 */
function decisionRegister(): Decide {
  const issued = new Set<string>();
  return (rng, date) => {
    let n = dayOfYear(date) * 9 + rng.int(0, 8);
    while (issued.has(`${date.slice(0, 4)}/${n}`)) n++;
    issued.add(`${date.slice(0, 4)}/${n}`);
    return { no: `${n}/QĐ-UBND`, date };
  };
}

/** `dd/mm/yyyy`, as dates are written in Vietnamese documents. */
const viDate = (date: IsoDate): string => date.split('-').reverse().join('/');

/** A dated record effective from `from`; `validTo` is filled in by `chain`. */
function dated(from: IsoDate, decision: Decision | null, note: string | null): Dated {
  return { validFrom: from, validTo: null, decisionNo: decision?.no ?? null, decisionDate: decision?.date ?? null, note };
}

/** Consecutive records: each ends when the next begins; the last stays in force. */
function chain<T extends Dated>(records: T[]): T[] {
  records.forEach((r, i) => (r.validTo = i + 1 < records.length ? records[i + 1].validFrom : null));
  return records;
}

export function generateDemoDataset(seed = DEMO_SEED): ProvinceDataset {
  const rng = new Rng(seed);
  const ne = loadNaturalEarth();
  const { communes, outline } = buildCommunes(buildOutline(rng.fork('outline')), rng.fork('communes'));
  const borders = borderLines(outline);
  markBorderCommunes(communes, borders);
  const villages = buildVillages(communes, rng.fork('villages'));
  const decide = decisionRegister();
  const { statuses, keyCodes } = buildStatuses(communes, rng.fork('statuses'), decide);

  return {
    province: {
      code: DEMO_PROVINCE_CODE,
      name: 'Tỉnh Demo Điện Biên (dữ liệu mẫu)',
      isDemo: true,
      source:
        `Dữ liệu mẫu (demo) sinh tự động, seed ${seed}. Biên giới quốc gia và lãnh thổ Việt Nam: Natural Earth 1:10m ` +
        `(gói npm ${ne.packageLabel}, public domain); ranh giới tỉnh phía nội địa, xã, tên, mã 99xxx và mọi số liệu đều là giả lập.`,
      geom: outline,
    },
    communes: communes.map(({ code, name, kind, population, geom }) => ({ code, name, kind, population, geom })),
    borders: borders.map((b) => ({
      countryCode: b.countryCode,
      name: b.countryCode === 'LAO' ? 'Biên giới Việt Nam – Lào' : 'Biên giới Việt Nam – Trung Quốc',
      source: `Natural Earth 1:10m Admin 0 (gói npm ${ne.packageLabel}), public domain`,
      geom: b.geom,
    })),
    borderGates: buildGates(outline, borders, communes, rng.fork('gates')),
    statuses,
    hqs: buildHqs(communes, villages, rng.fork('hqs'), decide),
    teams: buildTeams(communes, rng.fork('teams')),
    models: buildModels(communes, villages, keyCodes, rng.fork('models')),
    villages: communes.flatMap((c) =>
      villages.get(c.code)!.map((v) => ({ communeCode: c.code, name: v.name, population: v.population, geom: point(v.at) })),
    ),
    indicators: buildIndicators(rng.fork('indicators')),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Communes

function buildCommunes(rough: MultiPolygon, rng: Rng): { communes: Commune[]; outline: MultiPolygon } {
  const { cells, outline } = partition(rough, rng.fork('partition'), { count: COMMUNE_COUNT, capital: CAPITAL });
  const capitalKm = toKm(CAPITAL);
  const byCapital = cells.map((c, i) => ({ i, d: dist(toKm(c.site), capitalKm) })).sort((a, b) => a.d - b.d || a.i - b.i);
  const wards = new Set(byCapital.slice(0, WARD_COUNT).map((x) => x.i));
  // Codes as a statistics office would hand them out: the capital's wards first, then communes from north to south.
  const order = [
    ...byCapital.slice(0, WARD_COUNT).map((x) => x.i),
    ...cells
      .map((c, i) => ({ i, lat: c.site[1] }))
      .filter((x) => !wards.has(x.i))
      .sort((a, b) => b.lat - a.lat || a.i - b.i)
      .map((x) => x.i),
  ];

  const names = new NameMaker(rng.fork('names'));
  const withD = rng.int(0, COMMUNE_COUNT - 1);
  const popRng = rng.fork('population');
  const out = order.map((cellIndex, k): Commune => {
    const cell = cells[cellIndex];
    const kind: CommuneKind = wards.has(cellIndex) ? 'ward' : 'commune';
    const short = names.next({ withD: k === withD });
    const population =
      kind === 'ward' ? popRng.int(15_000, 50_000) : clamp(Math.round(13_000 * Math.exp(0.35 * popRng.normal())), 5_000, 25_000);
    return {
      code: `${DEMO_PROVINCE_CODE}${String(k + 1).padStart(3, '0')}`,
      name: `${kind === 'ward' ? 'Phường' : 'Xã'} ${short}`,
      short,
      kind,
      population,
      geom: cell.geom,
      site: cell.site,
      border: false,
    };
  });
  // Bring the total near the target without leaving the per-kind ranges.
  for (let pass = 0; pass < 4; pass++) {
    const wardTotal = out.filter((c) => c.kind === 'ward').reduce((s, c) => s + c.population, 0);
    const rest = out.filter((c) => c.kind === 'commune');
    const factor = (TARGET_POPULATION - wardTotal) / rest.reduce((s, c) => s + c.population, 0);
    for (const c of rest) c.population = clamp(Math.round(c.population * factor), 5_000, 25_000);
  }
  return { communes: out, outline };
}

/** Border communes share at least one vertex with the national border line (the outline's border vertices are Natural Earth's). */
function markBorderCommunes(communes: Commune[], borders: BorderLine[]): void {
  const onBorder = new Set(borders.flatMap((b) => b.geom.coordinates.flat().map(ptKey)));
  for (const c of communes) c.border = c.geom.coordinates.some((poly) => poly[0].some((p) => onBorder.has(ptKey(p))));
}

// ---------------------------------------------------------------------------------------------------------------
// Villages

interface Village {
  name: string;
  population: number;
  at: Pt;
}

/** A random point inside the commune, at least `gap` km from `others` when possible. */
function pointInside(c: Commune, rng: Rng, others: readonly Pt[] = [], gap = 0): Pt {
  const [w, s, e, n] = bboxOf(c.geom.coordinates[0][0]);
  let g = gap;
  for (let attempt = 0; attempt < 5000; attempt++) {
    if (attempt > 0 && attempt % 150 === 0) g *= 0.75;
    const p = roundPt([rng.range(w, e), rng.range(s, n)]);
    if (!pointInMultiPolygon(p, c.geom)) continue;
    const pk = toKm(p);
    if (others.every((q) => dist(toKm(q), pk) >= g)) return p;
  }
  throw new Error(`no room for a point in ${c.code}`);
}

/** Splits `total` in proportion to `weights`, in integers that add up exactly (largest remainder). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  const left = total - out.reduce((a, b) => a + b, 0);
  raw
    .map((r, i) => ({ i, frac: r - Math.floor(r) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i)
    .slice(0, left)
    .forEach(({ i }) => out[i]++);
  return out;
}

function buildVillages(communes: Commune[], rng: Rng): Map<string, Village[]> {
  const out = new Map<string, Village[]>();
  for (const c of communes) {
    const r = rng.fork(c.code);
    const count = c.kind === 'ward' ? r.int(9, 14) : r.int(8, 15);
    const names = NameMaker.forVillages(r.fork('names'));
    const pops = apportion(
      c.population,
      Array.from({ length: count }, () => Math.exp(0.5 * r.normal())),
    );
    const pts: Pt[] = [];
    const list: Village[] = [];
    for (let i = 0; i < count; i++) {
      const at = pointInside(c, r, pts, c.kind === 'ward' ? 0.8 : 2.2);
      pts.push(at);
      // Urban wards are divided into numbered residential groups (tổ dân phố); upland communes into bản.
      const name = c.kind === 'ward' ? `Tổ dân phố ${i + 1}` : `Bản ${names.next()}`;
      list.push({ name, population: pops[i], at });
    }
    out.set(c.code, list);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Dated statuses

function buildStatuses(communes: Commune[], rng: Rng, decide: Decide): { statuses: Status[]; keyCodes: Set<string> } {
  const statuses: Status[] = [];
  const add = (c: Commune, kind: StatusKind, records: (Dated & { value: string })[]) => {
    for (const r of records) statuses.push({ communeCode: c.code, kind, ...r });
  };

  // Key-and-complex communes (trọng điểm phức tạp về ANTT), designated in yearly batches.
  const kr = rng.fork('key_complex');
  const batches: { from: IsoDate; to: IsoDate; count: number }[] = [
    { from: '2019-03-01', to: '2019-04-20', count: 7 },
    { from: '2020-03-01', to: '2020-04-30', count: 3 },
    { from: '2021-03-01', to: '2021-04-30', count: 2 },
    { from: '2023-03-01', to: '2023-04-30', count: 3 },
    // Late in 2025: these have no transformation plan yet.
    { from: '2025-11-01', to: '2025-11-20', count: 3 },
  ];
  const keyTotal = batches.reduce((s, b) => s + b.count, 0);
  const keyPicked = kr.weightedSample(communes, keyTotal, (c) => (c.border ? 4 : c.kind === 'ward' ? 2 : 1));
  const keyCodes = new Set<string>();
  // What happens to the 12 communes designated in 2019–2021, in designation order; later ones simply carry on.
  const earlyRoles = [
    'removed_early', 'removed_early', 'removed_2025', 'challenge_failed', 'challenge_now', 'plain', 'plain',
    'challenge_now', 'plain', 'plain',
    'challenge_now', 'plain',
  ] as const;
  const TRANSFORMING = 'Phê duyệt kế hoạch chuyển hóa địa bàn; triển khai các biện pháp chuyển hóa.';
  const CHALLENGE = 'Đạt tiêu chí chuyển hóa; bước vào thời gian thử thách 6 tháng.';
  const CHALLENGE_FAILED = 'Không đạt yêu cầu sau thời gian thử thách; tiếp tục chuyển hóa.';
  const TRANSFORMED = 'Công nhận hoàn thành chuyển hóa địa bàn; đưa ra khỏi danh sách trọng điểm.';
  const MAINTAINED = 'Duy trì kết quả sau chuyển hóa; tiếp tục theo dõi.';
  let next = 0;
  batches.forEach((batch) => {
    const decision = decide(kr, randomDate(kr, batch.from, batch.to));
    const members = keyPicked.slice(next, (next += batch.count));
    members.forEach((c, m) => {
      const r = kr.fork(c.code);
      const police = `Công an ${c.kind === 'ward' ? 'phường' : 'xã'}`;
      const step = (value: string, on: IsoDate, note: string, by: Decision | null = decide(r, on)) => ({
        value,
        ...dated(on, by, note),
      });
      const designated = decision.date;
      const role = earlyRoles[next - batch.count + m] ?? 'plain';
      const transformation = [
        step(
          'designated',
          designated,
          `Xác định là địa bàn trọng điểm, phức tạp về an ninh, trật tự; giao ${police} xây dựng kế hoạch chuyển hóa.`,
          decision,
        ),
      ];
      const planOn = addDays(designated, r.int(45, 100));
      let removedOn: IsoDate | null = null;
      if (planOn <= HORIZON) {
        transformation.push(step('transforming', planOn, TRANSFORMING));
        if (role === 'removed_early' || role === 'removed_2025') {
          const challengeOn = role === 'removed_2025' ? randomDate(r, '2024-10-01', '2025-01-31') : addMonths(planOn, r.int(28, 40));
          const transformedOn = addMonths(challengeOn, 6);
          const maintainedOn = addMonths(transformedOn, 12);
          transformation.push(step('challenge', challengeOn, CHALLENGE));
          transformation.push(step('transformed', transformedOn, TRANSFORMED));
          if (maintainedOn <= HORIZON) transformation.push(step('maintained', maintainedOn, MAINTAINED, null));
          removedOn = transformedOn;
        } else if (role === 'challenge_failed') {
          const challengeOn = randomDate(r, '2022-09-01', '2023-03-31');
          transformation.push(step('challenge', challengeOn, CHALLENGE));
          transformation.push(step('transforming', addMonths(challengeOn, 6), CHALLENGE_FAILED));
        } else if (role === 'challenge_now') {
          transformation.push(step('challenge', randomDate(r, '2025-06-15', '2025-11-30'), CHALLENGE));
        }
      }
      const key = step('key_complex', designated, 'Địa bàn trọng điểm, phức tạp về an ninh, trật tự.', decision);
      key.validTo = removedOn;
      if (removedOn) key.note = `${key.note} Đưa ra khỏi danh sách từ ngày ${viDate(removedOn)} sau khi hoàn thành chuyển hóa.`;
      else keyCodes.add(c.code);
      add(c, 'key_complex', [key]);
      add(c, 'transformation', chain(transformation));
    });
  });

  // Drug key areas: a 2019 list, reviewed every two years.
  const dr = rng.fork('drug_key_area');
  const drugWeight = (c: Commune) => (c.border ? 3 : 1) * (keyPicked.includes(c) ? 2 : 1);
  const open = new Map<string, Dated>();
  const drugRecords = new Map<string, Dated[]>();
  const list = decide(dr, randomDate(dr, '2019-02-10', '2019-03-10'));
  for (const c of dr.weightedSample(communes, 35, drugWeight)) {
    const r = dated(list.date, list, 'Xã trọng điểm về ma túy.');
    open.set(c.code, r);
    drugRecords.set(c.code, [r]);
  }
  const reviews = [
    { from: '2021-03-01', to: '2021-03-31', remove: 2, add: 1 },
    { from: '2023-03-01', to: '2023-03-31', remove: 3, add: 2 },
    { from: '2025-03-01', to: '2025-03-31', remove: 2, add: 1 },
  ];
  for (const review of reviews) {
    const decision = decide(dr, randomDate(dr, review.from, review.to));
    const listed = communes.filter((c) => open.has(c.code));
    for (const c of dr.weightedSample(listed, review.remove, (x) => 1 / drugWeight(x))) {
      const r = open.get(c.code)!;
      r.validTo = decision.date;
      r.note = `Xã trọng điểm về ma túy; đưa ra khỏi danh sách theo Quyết định số ${decision.no} ngày ${viDate(decision.date)}.`;
      open.delete(c.code);
    }
    const unlisted = communes.filter((c) => !open.has(c.code) && !listed.includes(c));
    for (const c of dr.weightedSample(unlisted, review.add, drugWeight)) {
      const r = dated(decision.date, decision, 'Bổ sung vào danh sách xã trọng điểm về ma túy.');
      open.set(c.code, r);
      drugRecords.set(c.code, [...(drugRecords.get(c.code) ?? []), r]);
    }
  }
  for (const c of communes) {
    const records = drugRecords.get(c.code);
    if (records) add(c, 'drug_key_area', records.map((r) => ({ value: 'drug_key_area', ...r })));
  }

  // Drug-free communes (xã không ma túy): building, then certified in half-yearly batches; border communes first.
  const fr = rng.fork('drug_free');
  const certBatches: Decision[] = [];
  for (let y = 2021; y <= 2025; y++) {
    if (y >= 2022) certBatches.push(decide(fr, iso(y, 6, fr.int(10, 28))));
    certBatches.push(decide(fr, iso(y, y === 2025 ? 11 : 12, fr.int(5, 25))));
  }
  const borderCommunes = communes.filter((c) => c.border);
  const certifiedBorder = fr.shuffle(borderCommunes).slice(0, Math.round(borderCommunes.length * 0.8));
  const inland = communes.filter((c) => !c.border);
  const certifiedInland = fr.weightedSample(inland, Math.max(0, 22 - certifiedBorder.length), (c) => (c.kind === 'ward' ? 0.5 : 1));
  const certified = new Set([...certifiedBorder, ...certifiedInland]);
  const rest = fr.shuffle(communes.filter((c) => !certified.has(c)));
  const revoked = new Set(rest.slice(0, 3));
  const notStarted = new Set(rest.filter((c) => !c.border && !revoked.has(c)).slice(0, 4));
  for (const c of communes) {
    const r = fr.fork(c.code);
    const start = '2019-01-01';
    if (notStarted.has(c)) {
      add(c, 'drug_free', [{ value: 'not_started', ...dated(start, null, 'Chưa triển khai xây dựng xã không ma túy.') }]);
      continue;
    }
    const buildOn = c.border || revoked.has(c) ? randomDate(r, '2019-03-01', '2020-06-30') : randomDate(r, '2019-06-01', '2022-09-30');
    const records: (Dated & { value: string })[] = [
      { value: 'not_started', ...dated(start, null, 'Chưa triển khai xây dựng xã không ma túy.') },
      { value: 'building', ...dated(buildOn, decide(r, buildOn), 'Triển khai kế hoạch xây dựng xã không ma túy.') },
    ];
    const batchAfter = (date: IsoDate, skip: number) => {
      const ok = certBatches.filter((b) => b.date >= date);
      return ok.length > 0 ? ok[Math.min(ok.length - 1, skip)] : certBatches[certBatches.length - 1];
    };
    if (certified.has(c)) {
      const batch = batchAfter(addMonths(buildOn, 18), r.int(0, 3));
      records.push({ value: 'certified', ...dated(batch.date, batch, 'Được công nhận xã không ma túy.') });
    } else if (revoked.has(c)) {
      const batch = batchAfter(addMonths(buildOn, 18), 0);
      records.push({ value: 'certified', ...dated(batch.date, batch, 'Được công nhận xã không ma túy.') });
      const revokedOn = maxDate(randomDate(r, '2023-02-01', '2024-06-30'), addMonths(batch.date, 8));
      const revokedNote = 'Thu hồi quyết định công nhận do phát hiện điểm, tụ điểm ma túy trên địa bàn.';
      records.push({ value: 'revoked', ...dated(revokedOn, decide(r, revokedOn), revokedNote) });
      const againOn = addDays(revokedOn, r.int(30, 75));
      const againNote = 'Xây dựng lại xã không ma túy sau khi bị thu hồi công nhận.';
      records.push({ value: 'building', ...dated(againOn, decide(r, againOn), againNote) });
      // One of them earns the title back in the last batch.
      if ([...revoked][0] === c) {
        const last = certBatches[certBatches.length - 1];
        records.push({ value: 'certified', ...dated(last.date, last, 'Được công nhận lại xã không ma túy.') });
      }
    }
    add(c, 'drug_free', chain(records));
  }

  // Safe for security and order (an toàn về ANTT): assessed at the end of each year.
  const sr = rng.fork('safe_standard');
  const assessments = new Map<number, Decision>();
  for (let y = 2019; y <= 2025; y++) assessments.set(y, decide(sr, iso(y, 12, sr.int(5, 14))));
  for (const c of sr.weightedSample(communes, 36, (x) => (x.kind === 'ward' ? 3 : 1))) {
    const r = sr.fork(c.code);
    const firstYear = r.pick([2019, 2019, 2019, 2020, 2020, 2021]);
    const records: (Dated & { value: string })[] = [];
    for (let y = firstYear; y <= 2025; y++) {
      const decision = assessments.get(y)!;
      const isKey = statuses.some(
        (s) => s.communeCode === c.code && s.kind === 'key_complex' && s.validFrom <= decision.date && (s.validTo === null || s.validTo > decision.date),
      );
      const pMet = 0.5 + 0.06 * (y - 2019) + (c.kind === 'ward' ? 0.15 : 0) - (isKey ? 0.3 : 0);
      const met = r.chance(pMet);
      records.push({
        value: met ? 'met' : 'not_met',
        ...dated(decision.date, decision, `${met ? 'Đạt' : 'Chưa đạt'} tiêu chuẩn “An toàn về an ninh, trật tự” năm ${y}.`),
      });
    }
    add(c, 'safe_standard', chain(records));
  }

  statuses.sort(
    (a, b) => a.communeCode.localeCompare(b.communeCode) || a.kind.localeCompare(b.kind) || a.validFrom.localeCompare(b.validFrom),
  );
  return { statuses, keyCodes };
}

// ---------------------------------------------------------------------------------------------------------------
// Commune police headquarters

function buildHqs(communes: Commune[], villages: Map<string, Village[]>, rng: Rng, decide: Decide): Hq[] {
  // Current status mix: two thirds in their own building, the rest on the way or still sharing the commune office.
  const wards = communes.filter((c) => c.kind === 'ward');
  const others = rng.weightedSample(
    communes.filter((c) => c.kind !== 'ward'),
    communes.length - wards.length,
    (c) => (c.border ? 2.5 : 1),
  );
  const ordered = [...wards, ...others];
  const target = new Map<string, HqStatus>();
  ordered.forEach((c, i) =>
    target.set(c.code, i < 30 ? 'independent' : i < 36 ? 'under_construction' : i < 40 ? 'planned' : 'shared'),
  );
  const early = new Set([...wards, ...others.slice(0, 3)].map((c) => c.code));

  return communes.map((c) => {
    const r = rng.fork(c.code);
    const status = target.get(c.code)!;
    const history: (Dated & { status: HqStatus })[] = [];
    const prefix = c.kind === 'ward' ? 'phường' : 'xã';
    if (early.has(c.code)) {
      const on = randomDate(r, '2019-03-01', '2019-12-20');
      history.push({ status: 'independent', ...dated(on, null, `Công an ${prefix} làm việc tại trụ sở độc lập.`) });
    } else {
      const sharedOn = randomDate(r, '2019-06-01', '2020-09-30');
      history.push({ status: 'shared', ...dated(sharedOn, null, `Làm việc chung tại trụ sở Ủy ban nhân dân ${prefix}.`) });
      if (status !== 'shared') {
        const planned =
          status === 'independent' ? randomDate(r, '2021-01-15', '2023-10-31')
          : status === 'under_construction' ? randomDate(r, '2023-01-15', '2024-12-20')
          : randomDate(r, '2024-06-01', '2025-10-31');
        const plannedNote = `Phê duyệt chủ trương đầu tư xây dựng trụ sở Công an ${prefix}.`;
        history.push({ status: 'planned', ...dated(planned, decide(r, planned), plannedNote) });
        if (status !== 'planned') {
          const started = minDate(addDays(planned, r.int(90, 270)), '2025-11-01');
          history.push({ status: 'under_construction', ...dated(started, null, 'Khởi công xây dựng trụ sở.') });
          if (status === 'independent') {
            const done = minDate(addDays(started, r.int(240, 480)), '2025-11-30');
            history.push({ status: 'independent', ...dated(done, decide(r, done), 'Bàn giao, đưa trụ sở vào sử dụng.') });
          }
        }
      }
    }
    const centre = [...villages.get(c.code)!].sort((a, b) => b.population - a.population)[0];
    const near = nearby(c, centre.at, r);
    // Border communes get an extra officer or so; urban wards have the largest teams.
    const staffCount = c.kind === 'ward' ? r.int(9, 12) : clamp(Math.round(6.3 + (c.border ? 0.8 : 0) + 1.1 * r.normal()), 4, 12);
    return { communeCode: c.code, name: `Công an ${prefix} ${c.short}`, staffCount, geom: point(near), history: chain(history) };
  });
}

/** A point 100–300 m from `at`, inside the commune (or `at` itself). */
function nearby(c: Commune, at: Pt, rng: Rng): Pt {
  for (let attempt = 0; attempt < 20; attempt++) {
    const a = rng.range(0, 2 * Math.PI);
    const d = rng.range(0.1, 0.3);
    const km = toKm(at);
    const p = roundPt(toLonLat([km[0] + d * Math.cos(a), km[1] + d * Math.sin(a)]));
    if (pointInMultiPolygon(p, c.geom)) return p;
  }
  return at;
}

// ---------------------------------------------------------------------------------------------------------------
// Border gates

function buildGates(outline: MultiPolygon, borders: BorderLine[], communes: Commune[], rng: Rng): ProvinceDataset['borderGates'] {
  const names = new NameMaker(rng.fork('names'));
  const communeNames = new Set(communes.map((c) => c.short));
  const gateName = () => {
    for (;;) {
      const n = names.next();
      if (!communeNames.has(n)) return n;
    }
  };
  /** Longest run of each border, as a polyline in km with cumulative lengths. */
  const lines = new Map(
    borders.map((b) => {
      const run = [...b.geom.coordinates].sort((x, y) => y.length - x.length)[0].map((p) => toKm(p));
      const at = [0];
      for (let i = 1; i < run.length; i++) at.push(at[i - 1] + dist(run[i - 1], run[i]));
      return [b.countryCode, { run, at, length: at[at.length - 1] }] as const;
    }),
  );
  const alongKm = (code: 'LAO' | 'CHN', s: number): { p: Pt; dir: Pt } => {
    const { run, at } = lines.get(code)!;
    let i = 1;
    while (i < run.length - 1 && at[i] < s) i++;
    const t = Math.max(0, Math.min(1, (s - at[i - 1]) / (at[i] - at[i - 1] || 1)));
    const [a, b] = [run[i - 1], run[i]];
    const len = dist(a, b) || 1;
    return { p: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], dir: [(b[0] - a[0]) / len, (b[1] - a[1]) / len] };
  };
  /** Gates sit on the line; the point is set ~200 m inside the province, where the buildings are. */
  const inside = (code: 'LAO' | 'CHN', s: number): Pt => {
    const { p, dir } = alongKm(code, s);
    for (const off of [0.2, 0.12, 0.06]) {
      for (const sign of [1, -1]) {
        const q = roundPt(toLonLat([p[0] - sign * dir[1] * off, p[1] + sign * dir[0] * off]));
        if (pointInMultiPolygon(q, outline) && communes.some((c) => pointInMultiPolygon(q, c.geom))) return q;
      }
    }
    return roundPt(toLonLat(p));
  };

  type Level = ProvinceDataset['borderGates'][number]['level'];
  const plan: { code: 'LAO' | 'CHN'; level: Level; s: number; opened: [IsoDate, IsoDate] }[] = [];
  const lao = lines.get('LAO');
  const chn = lines.get('CHN');
  if (lao) {
    // The international gate faces the capital, as Điện Biên's main crossing to Laos does.
    const capitalKm = toKm(CAPITAL);
    let best = 0;
    let bestD = Infinity;
    for (let i = 0; i + 1 < lao.run.length; i++) {
      const { d, t } = nearestOnSegment(capitalKm, lao.run[i], lao.run[i + 1]);
      if (d < bestD) [bestD, best] = [d, lao.at[i] + t * (lao.at[i + 1] - lao.at[i])];
    }
    plan.push({ code: 'LAO', level: 'international', s: best, opened: ['1995-01-01', '2004-12-31'] });
    const farFromOthers = (s: number) => plan.filter((g) => g.code === 'LAO').every((g) => Math.abs(g.s - s) > 35);
    const pickS = (lo: number, hi: number) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const s = rng.range(lo * lao.length, hi * lao.length);
        if (farFromOthers(s)) return s;
      }
      return rng.range(lo * lao.length, hi * lao.length);
    };
    plan.push({ code: 'LAO', level: 'main', s: pickS(0.15, 0.4), opened: ['2003-01-01', '2012-12-31'] });
    plan.push({ code: 'LAO', level: 'secondary', s: pickS(0.05, 0.95), opened: ['2008-01-01', '2019-12-31'] });
    plan.push({ code: 'LAO', level: 'secondary', s: pickS(0.05, 0.95), opened: ['2008-01-01', '2019-12-31'] });
  }
  if (chn) plan.push({ code: 'CHN', level: 'main', s: rng.range(0.35, 0.65) * chn.length, opened: ['2005-01-01', '2016-12-31'] });

  return plan.map((g) => {
    const at = inside(g.code, g.s);
    const commune = communes.find((c) => pointInMultiPolygon(at, c.geom)) ?? nearestCommune(communes, at);
    const label = g.level === 'international' ? 'Cửa khẩu quốc tế' : g.level === 'main' ? 'Cửa khẩu chính' : 'Cửa khẩu phụ';
    return {
      name: `${label} ${gateName()}`,
      level: g.level,
      countryCode: g.code,
      communeCode: commune.code,
      openedOn: randomDate(rng, g.opened[0], g.opened[1]),
      geom: point(at),
    };
  });
}

function nearestCommune(communes: Commune[], at: Pt): Commune {
  const km = toKm(at);
  return [...communes].sort((a, b) => dist(toKm(a.site), km) - dist(toKm(b.site), km))[0];
}

// ---------------------------------------------------------------------------------------------------------------
// Grassroots security teams and self-governing models

function buildTeams(communes: Commune[], rng: Rng): ProvinceDataset['teams'] {
  const out: ProvinceDataset['teams'] = [];
  for (const c of communes) {
    const r = rng.fork(c.code);
    // Built backwards from 2025: teams were added year by year as the force was consolidated.
    let teams = Math.min(40, Math.max(25, Math.round(31 + 3.5 * r.normal())));
    const years: { year: number; teamCount: number; memberCount: number }[] = [];
    for (let year = 2025; year >= 2021; year--) {
      years.push({ year, teamCount: teams, memberCount: teams * 3 + r.int(-1, 8) });
      teams = Math.max(25, teams - r.pick([0, 0, 1, 1, 2]));
    }
    for (const y of years.reverse()) out.push({ communeCode: c.code, ...y });
  }
  return out;
}

const MODEL_KINDS: { name: string; point: (i: number, village: string) => string; borderOnly?: boolean }[] = [
  { name: 'Tổ tự quản về an ninh, trật tự', point: (i, v) => `Tổ tự quản số ${i} – ${v}` },
  { name: 'Bản không có tội phạm và tệ nạn ma túy', point: (_i, v) => `Điểm sinh hoạt cộng đồng – ${v}` },
  { name: 'Camera an ninh', point: (i, v) => `Camera số ${i} – ${v}` },
  { name: 'Tổ liên gia an toàn', point: (i, v) => `Liên gia số ${i} – ${v}` },
  { name: 'Tiếng kẻng an ninh', point: (i, v) => `Điểm kẻng số ${i} – ${v}` },
  { name: 'Câu lạc bộ phòng, chống ma túy', point: (_i, v) => `Điểm sinh hoạt câu lạc bộ – ${v}` },
  { name: 'Tự quản đường biên, mốc giới', point: (i, v) => `Đoạn tuần tra số ${i} – ${v}`, borderOnly: true },
];

function buildModels(
  communes: Commune[],
  villages: Map<string, Village[]>,
  keyCodes: Set<string>,
  rng: Rng,
): ProvinceDataset['models'] {
  const hosts = rng.weightedSample(communes, 26, (c) => (c.border ? 2 : 1) * (keyCodes.has(c.code) ? 1.5 : 1));
  // Some communes run two models.
  const slots = [...hosts, ...hosts.slice(0, 8)];
  const out: ProvinceDataset['models'] = [];
  const taken = new Map<string, Set<string>>();
  for (const c of slots) {
    const r = rng.fork(`${c.code}/${taken.get(c.code)?.size ?? 0}`);
    const used = taken.get(c.code) ?? new Set<string>();
    const kinds = MODEL_KINDS.filter((k) => !used.has(k.name) && (!k.borderOnly || c.border));
    const kind = r.pick(kinds);
    used.add(kind.name);
    taken.set(c.code, used);
    const vs = villages.get(c.code)!;
    const count = r.int(5, 40);
    const points: { name: string; geom: Point }[] = [];
    for (let i = 0; i < count; i++) {
      const v = vs[i % vs.length];
      points.push({ name: kind.point(i + 1, v.name), geom: point(nearby(c, v.at, r)) });
    }
    out.push({
      communeCode: c.code,
      name: `Mô hình “${kind.name}” ${c.kind === 'ward' ? 'phường' : 'xã'} ${c.short}`,
      establishedOn: randomDate(r, '2019-01-15', '2025-10-31'),
      points,
    });
  }
  return out.sort((a, b) => a.communeCode.localeCompare(b.communeCode) || a.establishedOn.localeCompare(b.establishedOn));
}

// ---------------------------------------------------------------------------------------------------------------
// Province indicators

function buildIndicators(rng: Rng): ProvinceDataset['indicators'] {
  const out: ProvinceDataset['indicators'] = [];
  let social = rng.int(540, 600);
  let drugCases = rng.int(680, 760);
  // Year-on-year change in crimes against social order; 2024 is the sharp fall (about a third).
  const socialChange: Record<number, [number, number]> = {
    2020: [-0.06, -0.02],
    2021: [-0.08, -0.03],
    2022: [-0.05, 0.01],
    2023: [-0.07, -0.03],
    2024: [-0.325, -0.315],
    2025: [-0.1, -0.04],
  };
  for (let year = 2019; year <= 2025; year++) {
    if (year > 2019) {
      const [lo, hi] = socialChange[year];
      social = Math.round(social * (1 + rng.range(lo, hi)));
      drugCases = Math.round(drugCases * (1 + rng.range(-0.04, 0.08)));
    }
    out.push(
      { year, indicator: 'social_order_cases', value: social },
      { year, indicator: 'drug_cases', value: drugCases },
      { year, indicator: 'drug_arrests', value: Math.round(drugCases * rng.range(1.25, 1.4)) },
      { year, indicator: 'investigation_rate', value: Math.round(10 * Math.min(92, 85 + 0.7 * (year - 2019) + rng.range(0, 2.5))) / 10 },
    );
  }
  return out;
}
