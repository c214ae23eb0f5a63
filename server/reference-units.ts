import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Db } from './db/client.ts';

const FILE = new URL('../data/reference/admin-units-2025.json', import.meta.url);

export interface AdminUnits {
  name: string;
  source: string;
  effectiveFrom: string;
  /** [code, name] */
  provinces: [string, string][];
  /** [code, name, province code] */
  communes: [string, string, string][];
}

let file: { text: string; hash: string } | null = null;
let units: AdminUnits | null = null;

/** The file's version: the start of its sha256. */
function listHash(): string {
  if (!file) {
    const text = readFileSync(FILE, 'utf8');
    file = { text, hash: createHash('sha256').update(text).digest('hex').slice(0, 16) };
  }
  return file.hash;
}

/** The official list of 2025 provinces and communes shipped with the app (data/reference, see data/README.md). */
export function adminUnits(): { units: AdminUnits; hash: string } {
  const hash = listHash();
  units ??= JSON.parse(file!.text) as AdminUnits;
  return { units, hash };
}

/**
 * Loads the official units into ref_province / ref_commune when the database holds another version of the list
 * (first start, or an upgrade that ships a new list). Several processes may start at once: the table lock makes
 * the second one find the list already loaded.
 */
export async function ensureReferenceUnits(db: Db): Promise<boolean> {
  // Parsed only when it must be loaded: most starts compare its version and stop there.
  const hash = listHash();
  const loaded = async () =>
    (await db.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = 'reference_units'`))[0]?.value === hash;
  if (await loaded()) return false;
  return db.transaction(async (tx) => {
    await tx.query('LOCK TABLE ref_province IN EXCLUSIVE MODE');
    const [row] = await tx.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = 'reference_units'`);
    if (row?.value === hash) return false;
    await tx.query('DELETE FROM ref_commune');
    await tx.query('DELETE FROM ref_province');
    const { units } = adminUnits();
    await tx.query(`INSERT INTO ref_province (code, name) SELECT p->>0, p->>1 FROM jsonb_array_elements($1::jsonb) p`, [
      JSON.stringify(units.provinces),
    ]);
    await tx.query(
      `INSERT INTO ref_commune (code, name, province_code) SELECT c->>0, c->>1, c->>2 FROM jsonb_array_elements($1::jsonb) c`,
      [JSON.stringify(units.communes)],
    );
    await tx.query(
      `INSERT INTO app_meta (key, value) VALUES ('reference_units', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [hash],
    );
    return true;
  }, { long: true });
}
