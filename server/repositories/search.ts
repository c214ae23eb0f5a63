import type { Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { sqlFile } from '../sql/index.ts';
import { fold, lowerKeepingTones } from '../text/fold.ts';
import type { SearchHit } from '../schemas/search.ts';

const SEARCH = sqlFile('search');

/** How many candidates SQL returns before tones re-rank them; the answer keeps `limit` of them. */
const CANDIDATES = 200;

/** Searches communes, HQs and border gates by name (tones and đ ignored, exact tones first) or commune code. */
export async function search(db: Queryable, scope: Scope, q: string, limit: number): Promise<SearchHit[]> {
  const folded = fold(q).replace(/[\\%_]/g, (m) => `\\${m}`);
  if (folded === '') return [];
  const digits = /^\d{1,5}$/.test(q.trim()) ? q.trim() : null;
  const rows = await db.query<SearchHit>(SEARCH, [folded, digits, scope.communes, CANDIDATES]);
  const exact = lowerKeepingTones(q);
  // Stable sort: SQL's order (prefix first, communes first, by name) is kept within each group.
  return rows
    .map((r, i) => ({ r, i, tones: lowerKeepingTones(r.name).includes(exact) || r.id === q.trim() ? 0 : 1 }))
    .sort((a, b) => a.tones - b.tones || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.r);
}
