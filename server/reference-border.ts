import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiLineString } from 'geojson';
import type { Db } from './db/client.ts';

const FILE = new URL('../data/reference/vn-land-border.geojson', import.meta.url);

export interface BundledBorderProperties {
  country: 'CHN' | 'LAO' | 'KHM';
  name: string;
  source: string;
  licence: string;
}

let cached: FeatureCollection<MultiLineString, BundledBorderProperties> | null = null;

/** Vietnam's land border shipped with the app (OpenStreetMap, ODbL; see data/README.md), one line per neighbour. */
export function bundledBorder(): FeatureCollection<MultiLineString, BundledBorderProperties> {
  cached ??= JSON.parse(readFileSync(FILE, 'utf8')) as FeatureCollection<MultiLineString, BundledBorderProperties>;
  return cached;
}

/** Rows written by earlier versions' demo seeder: Natural Earth lines, replaced by the bundled ones. */
const OLD_DEMO_SOURCE = `source ~* '(natural earth|world-atlas)'`;

/**
 * Gives `national_border` the bundled lines when it holds none, or only the Natural Earth lines earlier versions
 * seeded with the demo province. Lines an administrator imported are left alone. The border communes of every
 * province are re-derived by the table's trigger in the same transaction. Returns the number of lines written.
 */
export async function ensureBundledBorder(db: Db): Promise<number> {
  const needed = async (q: Pick<Db, 'query'>) =>
    (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM national_border WHERE NOT (${OLD_DEMO_SOURCE})`))[0].n === 0;
  if (!(await needed(db))) return 0;
  const written = await db.transaction(async (tx) => {
    // Several processes may start at once: the second finds the lines already there.
    await tx.query('LOCK TABLE national_border IN SHARE ROW EXCLUSIVE MODE');
    if (!(await needed(tx))) return 0;
    return writeBundledBorder(tx);
  }, { long: true });
  await db.exec('ANALYZE national_border; ANALYZE border_commune; ANALYZE border_commune_country');
  return written;
}

/** Replaces every row of `national_border` with the bundled lines (in the caller's transaction). */
export async function writeBundledBorder(tx: Pick<Db, 'query'>): Promise<number> {
  await tx.query('DELETE FROM national_border');
  const rows = bundledBorder().features.map((f) => ({
    country: f.properties.country,
    name: f.properties.name,
    source: `${f.properties.source}. ${f.properties.licence}`,
    geom: JSON.stringify(f.geometry),
  }));
  await tx.query(
    `INSERT INTO national_border (country_code, name, source, geom)
     SELECT x.country, x.name, x.source, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(x.geom), 4326))
     FROM json_to_recordset($1::json) AS x(country text, name text, source text, geom text)`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}
