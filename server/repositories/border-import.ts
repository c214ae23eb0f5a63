import type { Db, Queryable } from '../db/client.ts';
import { writeAudit } from './audit.ts';
import { inLanguage, type Problem } from '../import/boundary-file.ts';
import type { BorderCountry, BorderReadResult } from '../import/border-file.ts';
import type { Lang } from '../text/lang.ts';

export interface BorderCommuneRef {
  code: string;
  name: string;
  provinceCode: string;
}

export interface BorderCountryReport {
  country: BorderCountry;
  features: number;
  /** Geodesic length of the file's lines, and of the lines stored now (null when there are none). */
  lengthKm: number;
  currentLengthKm: number | null;
  /** How far the file's line lies from the stored one: the Hausdorff distance in UTM 48N metres (null without a stored line). */
  distanceFromCurrentM: number | null;
  /** Border communes facing the country before and after, and those the new line adds or removes. */
  communesBefore: number;
  communesAfter: number;
  added: BorderCommuneRef[];
  removed: BorderCommuneRef[];
}

export interface BorderImportReport {
  format: BorderReadResult['format'];
  crs: string;
  featureCount: number;
  errorCount: number;
  warningCount: number;
  problems: Problem[];
  countries: BorderCountryReport[];
}

/** The report as sent to a person: every message in the request's language. */
export const borderReportIn = (r: BorderImportReport, lang: Lang) => ({ ...r, problems: r.problems.map((p) => inLanguage(p, lang)) });

const FACING = `SELECT bcc.commune_code AS code, c.name, c.province_code AS "provinceCode"
  FROM border_commune_country bcc JOIN commune c ON c.code = bcc.commune_code
  WHERE bcc.country_code = $1 ORDER BY bcc.commune_code`;

/** Thrown to roll back a preview's trial replacement, carrying its result out of the transaction. */
class PreviewDone {
  constructor(readonly countries: BorderCountryReport[]) {}
}

/**
 * Replaces the named countries' lines with the file's in `tx` (the trigger on national_border re-derives the border
 * communes in the same transaction) and says what changed per country.
 */
async function replaceLines(tx: Queryable, read: BorderReadResult, source: string): Promise<BorderCountryReport[]> {
  await tx.query('LOCK TABLE national_border IN SHARE ROW EXCLUSIVE MODE');
  const countries = [...new Set(read.lines.map((l) => l.country!))].sort();
  const before = new Map<string, BorderCommuneRef[]>();
  const stats = new Map<string, { lengthKm: number; currentLengthKm: number | null; distanceFromCurrentM: number | null }>();
  for (const country of countries) {
    before.set(country, await tx.query<BorderCommuneRef>(FACING, [country]));
    const lines = read.lines.filter((l) => l.country === country).map((l) => l.geometry);
    const [s] = await tx.query<{ lengthKm: number; currentLengthKm: number | null; distanceFromCurrentM: number | null }>(
      `WITH f AS (
         SELECT ST_Multi(ST_Collect(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326))) AS g FROM jsonb_array_elements_text($1::jsonb) g
       ), cur AS (SELECT ST_Multi(ST_Collect(geom)) AS g FROM national_border WHERE country_code = $2)
       SELECT ST_Length(f.g::geography) / 1000 AS "lengthKm",
         ST_Length(cur.g::geography) / 1000 AS "currentLengthKm",
         ST_HausdorffDistance(ST_Transform(f.g, 32648), ST_Transform(cur.g, 32648)) AS "distanceFromCurrentM"
       FROM f, cur`,
      [JSON.stringify(lines.map((g) => JSON.stringify(g))), country],
    );
    stats.set(country, s);
    await tx.query('DELETE FROM national_border WHERE country_code = $1', [country]);
    await tx.query(
      `INSERT INTO national_border (country_code, name, source, geom)
       SELECT $1, 'Biên giới Việt Nam – ' || c.name_vi, $3, ST_Multi(ST_CollectionExtract(ST_Collect(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326)), 2))
       FROM jsonb_array_elements_text($2::jsonb) g, country c WHERE c.code = $1
       GROUP BY c.name_vi`,
      [country, JSON.stringify(lines.map((g) => JSON.stringify(g))), source],
    );
  }
  const out: BorderCountryReport[] = [];
  for (const country of countries) {
    const after = await tx.query<BorderCommuneRef>(FACING, [country]);
    const was = before.get(country)!;
    const wasCodes = new Set(was.map((c) => c.code));
    const nowCodes = new Set(after.map((c) => c.code));
    const s = stats.get(country)!;
    out.push({
      country: country as BorderCountry,
      features: read.lines.filter((l) => l.country === country).length,
      lengthKm: Math.round(s.lengthKm * 10) / 10,
      currentLengthKm: s.currentLengthKm === null ? null : Math.round(s.currentLengthKm * 10) / 10,
      distanceFromCurrentM: s.distanceFromCurrentM === null ? null : Math.round(s.distanceFromCurrentM),
      communesBefore: was.length,
      communesAfter: after.length,
      added: after.filter((c) => !wasCodes.has(c.code)),
      removed: was.filter((c) => !nowCodes.has(c.code)),
    });
  }
  return out;
}

const reportOf = (read: BorderReadResult, countries: BorderCountryReport[]): BorderImportReport => ({
  format: read.format,
  crs: read.crs,
  featureCount: read.lines.length,
  errorCount: read.problems.filter((p) => p.severity === 'error').length,
  warningCount: read.problems.filter((p) => p.severity === 'warning').length,
  problems: read.problems,
  countries,
});

/** What a commit would do, found by doing it in a transaction that is rolled back: writes nothing. */
export async function previewBorderLines(db: Db, read: BorderReadResult): Promise<BorderImportReport> {
  try {
    await db.transaction(async (tx) => {
      throw new PreviewDone(await replaceLines(tx, read, 'preview'));
    }, { long: true });
  } catch (err) {
    if (err instanceof PreviewDone) return reportOf(read, err.countries);
    throw err;
  }
  throw new Error('unreachable: a preview transaction always rolls back');
}

/**
 * Replaces the file's countries' lines in one transaction with one audit entry (border communes re-derived in it,
 * the data revision moved by the table's trigger), then refreshes the planner's statistics.
 */
export async function commitBorderLines(db: Db, read: BorderReadResult, opts: { userId: number | null; fileName: string }): Promise<BorderImportReport> {
  const countries = await db.transaction(async (tx) => {
    const done = await replaceLines(tx, read, `import: ${opts.fileName}`);
    await writeAudit(tx, {
      userId: opts.userId,
      action: 'import',
      entity: 'national_border',
      entityId: done.map((c) => c.country).join(','),
      after: {
        file: opts.fileName,
        countries: done.map((c) => ({ country: c.country, features: c.features, lengthKm: c.lengthKm, added: c.added.map((x) => x.code), removed: c.removed.map((x) => x.code) })),
      },
    });
    return done;
  }, { long: true });
  await db.exec('ANALYZE national_border; ANALYZE border_commune; ANALYZE border_commune_country');
  return reportOf(read, countries);
}
