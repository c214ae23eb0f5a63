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
  const exact = lowerKeepingTones(q).trim();
  const wordStart = (text: string, part: string) => text.startsWith(part) || text.includes(` ${part}`);
  // Typed as a whole word (or its start) before inside a word ("ha long": Hạ Long before Pha Long), and with the
  // right tones before without. Stable sort: SQL's order (provinces, then communes, by name) is kept within a rank.
  return rows
    .map((r, i) => {
      const toned = lowerKeepingTones(r.name);
      const tones = toned.includes(exact) || r.id === q.trim() ? 0 : 1;
      const word = wordStart(toned, exact) || wordStart(fold(r.name), folded) || r.id === q.trim() ? 0 : 2;
      return { r, i, rank: word + tones };
    })
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.r);
}
