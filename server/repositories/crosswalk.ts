import type { Queryable } from '../db/client.ts';
import { STATUS_KIND_NAMES } from '../domain.ts';
import { inheritedValue } from '../domain/inheritance.ts';
import { said, type Said } from '../text/lang.ts';

/** A stored crosswalk row: a former commune, the new commune it became part of, and when. */
export interface Mapping {
  oldCode: string;
  oldName: string;
  newCode: string;
  newName: string;
  effectiveDate: string;
  decisionNo: string | null;
  note: string | null;
}

const MAPPINGS = `
  SELECT x.old_code AS "oldCode", x.old_name AS "oldName", x.new_code AS "newCode", c.name AS "newName",
    x.effective_date AS "effectiveDate", x.decision_no AS "decisionNo", x.note
  FROM commune_crosswalk x JOIN commune c ON c.code = x.new_code`;

/** The stored mappings of these old codes. */
export async function mappingsOf(q: Queryable, oldCodes: string[]): Promise<Map<string, Mapping>> {
  const rows = await q.query<Mapping>(`${MAPPINGS} WHERE x.old_code = ANY ($1::text[])`, [[...new Set(oldCodes)]]);
  return new Map(rows.map((r) => [r.oldCode, r]));
}

/** The former units of these new communes, by new commune, oldest code first. */
export async function formerUnitsOf(q: Queryable, newCodes: string[]): Promise<Mapping[]> {
  return q.query<Mapping>(`${MAPPINGS} WHERE x.new_code = ANY ($1::text[]) ORDER BY x.new_code, x.old_code`, [[...new Set(newCodes)]]);
}

/** Every mapping whose new commune is in the scope (null = all), for export. */
export async function crosswalkIn(q: Queryable, scope: string[] | null): Promise<Mapping[]> {
  return q.query<Mapping>(`${MAPPINGS} WHERE ($1::text[] IS NULL OR x.new_code = ANY ($1::text[])) ORDER BY x.new_code, x.old_code`, [scope]);
}

/** What a derivation did: one line per inherited record written, and per kind left alone for a record entered directly. */
export interface Inherited {
  derived: Said[];
  kept: Said[];
  /** Inherited records already as derivation would write them. */
  unchanged: number;
}

interface CurrentRecord {
  id: number;
  communeCode: string;
  kind: string;
  value: string;
  validFrom: string;
  validTo: string | null;
  provenance: string | null;
  sources: number[];
}

/**
 * Derives the inherited status records of these new communes from their former units; run it in the transaction
 * that changed the crosswalk or the former units' records. For each new commune and status kind, the former units'
 * records in force the day before the merger give one record starting on the merger date (rules in
 * domain/inheritance.ts), linked to its sources in commune_status_source. A previously derived record of the
 * commune and kind (one with source links) is replaced, so running it again adds nothing. A record entered
 * directly that is in force on the merger date wins: nothing is inherited for that kind ("kept"); a record entered
 * directly later ends the inherited one where it starts.
 */
export async function deriveInherited(tx: Queryable, newCodes: string[]): Promise<Inherited> {
  const out: Inherited = { derived: [], kept: [], unchanged: 0 };
  const units = await formerUnitsOf(tx, newCodes);
  if (units.length === 0) return out;
  const codes = [...new Set(units.map((u) => u.newCode))];
  const former = await tx.query<{ id: number; oldCode: string; kind: string; value: string }>(
    `SELECT f.id, f.old_code AS "oldCode", f.kind, f.value
     FROM former_commune_status f JOIN commune_crosswalk x ON x.old_code = f.old_code
     WHERE x.new_code = ANY ($1::text[]) AND f.valid_from < x.effective_date AND f.valid_to >= x.effective_date`,
    [codes],
  );
  const current = await tx.query<CurrentRecord>(
    `SELECT s.id, s.commune_code AS "communeCode", s.kind, s.value, s.valid_from AS "validFrom", s.valid_to AS "validTo", s.provenance,
       coalesce(array_agg(src.former_status_id ORDER BY src.former_status_id) FILTER (WHERE src.former_status_id IS NOT NULL), '{}') AS sources
     FROM commune_status s LEFT JOIN commune_status_source src ON src.status_id = s.id
     WHERE s.commune_code = ANY ($1::text[])
     GROUP BY s.id ORDER BY s.valid_from`,
    [codes],
  );
  for (const code of codes) {
    const mine = units.filter((u) => u.newCode === code);
    const { newName, effectiveDate: date } = mine[0];
    const commune = `${code} ${newName}`;
    for (const kind of STATUS_KIND_NAMES) {
      const records = current.filter((r) => r.communeCode === code && r.kind === kind);
      const derivedBefore = records.filter((r) => r.sources.length > 0);
      const direct = records.filter((r) => r.sources.length === 0);
      const sources = mine.map((u) => ({ unit: u, record: former.find((f) => f.oldCode === u.oldCode && f.kind === kind) ?? null }));
      const value = inheritedValue(kind, sources.map((s) => s.record?.value ?? null));
      const inForce = direct.find((r) => r.validFrom <= date && (r.validTo === null || r.validTo > date));
      if (value === null || inForce) {
        for (const r of derivedBefore) await tx.query(`DELETE FROM commune_status WHERE id = $1`, [r.id]);
        if (value !== null && inForce) {
          const entered = `${inForce.value} ${inForce.validFrom} – ${inForce.validTo ?? '…'}`;
          out.kept.push(said(
            `${commune}: ${kind}: kept the record already entered (${entered}); ${value} not inherited`,
            `${commune}: ${kind}: giữ bản ghi đã nhập (${entered}); không kế thừa ${value}`,
          ));
        }
        continue;
      }
      const used = sources.filter((s) => s.record !== null);
      const ids = used.map((s) => s.record!.id).sort((a, b) => a - b);
      const validTo = direct.map((r) => r.validFrom).filter((d) => d > date).sort()[0] ?? null;
      const from = used.map((s) => `${s.unit.oldCode} ${s.unit.oldName}`).join(', ');
      const provenance = `inherited from ${from}`;
      const same = derivedBefore.length === 1 && derivedBefore[0].value === value && derivedBefore[0].validFrom === date &&
        derivedBefore[0].validTo === validTo && derivedBefore[0].provenance === provenance && derivedBefore[0].sources.join() === ids.join();
      if (same) {
        out.unchanged++;
        continue;
      }
      for (const r of derivedBefore) await tx.query(`DELETE FROM commune_status WHERE id = $1`, [r.id]);
      const [{ id }] = await tx.query<{ id: number }>(
        `INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to, provenance) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [code, kind, value, date, validTo, provenance],
      );
      await tx.query(`INSERT INTO commune_status_source (status_id, former_status_id) SELECT $1, unnest($2::int[])`, [id, ids]);
      const until = validTo ? said(` until ${validTo}`, ` đến ${validTo}`) : said('', '');
      out.derived.push(said(
        `${commune}: ${kind} = ${value} from ${date}${until.en}, inherited from ${from}`,
        `${commune}: ${kind} = ${value} từ ${date}${until.vi}, kế thừa từ ${from}`,
      ));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Crosswalk import
