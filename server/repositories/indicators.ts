import type { Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { sqlFile } from '../sql/index.ts';
import type { IndicatorsResponse } from '../schemas/indicators.ts';

const FIGURES = sqlFile('indicators-figures');
const BREAKDOWN = sqlFile('indicators-status-breakdown');
const TREND = sqlFile('indicators-trend');
const YEARLY = sqlFile('indicators-yearly');
const BORDER = sqlFile('indicators-border');
const BY_PROVINCE = sqlFile('indicators-by-province');

// The comparison date (Postgres keeps 29 Feb → 28 Feb) and how many communes are computed over.
const EXTENT = `
SELECT ($1::date - interval '1 year')::date AS "previousAsOf", count(c.code)::int AS "communeCount"
FROM commune c
WHERE ($2::text[] IS NULL OR c.code = ANY ($2::text[])) AND ($3::text[] IS NULL OR c.code = ANY ($3::text[]))`;

interface ProvinceRow {
  provinceCode: string;
  name: string;
  isDemo: boolean;
  communeCount: number;
  figures: Record<string, [number, number]>;
}

interface FigureRow {
  id: string;
  value: number;
  total: number;
  communes: string[];
  recorded: boolean;
}

/** The commander dashboard's figures, computed live from the dated records over the caller's area. */
export function indicators(db: Queryable, scope: Scope) {
  const area = scope.communes;
  return {
    /**
     * Every figure as of `asOf` over the caller's area, or over `selection` ∩ area when a selection is given.
     * Null when a selection leaves no commune of the area (the caller answers 404).
     */
    async compute(asOf: string, selection: string[] | null): Promise<IndicatorsResponse | null> {
      const [{ previousAsOf, communeCount }] = await db.query<{ previousAsOf: string; communeCount: number }>(EXTENT, [asOf, area, selection]);
      if (selection && communeCount === 0) return null;
      const border = (await db.query<{ code: string }>(BORDER, [area])).map((r) => r.code);
      const [current, previous, statusBreakdown, trend, yearly, byProvince] = await Promise.all([
        db.query<FigureRow>(FIGURES, [asOf, area, selection, border]),
        db.query<FigureRow>(FIGURES, [previousAsOf, area, selection, border]),
        db.query<IndicatorsResponse['statusBreakdown'][number]>(BREAKDOWN, [asOf, area, selection]),
        db.query<IndicatorsResponse['trend'][number]>(TREND, [asOf, area, selection]),
        selection ? Promise.resolve([]) : db.query<IndicatorsResponse['yearly'][number]>(YEARLY, [asOf, area]),
        selection ? Promise.resolve([]) : db.query<ProvinceRow>(BY_PROVINCE, [asOf, area, border]),
      ]);
      const before = new Map(previous.map((r) => [r.id, r]));
      return {
        asOf,
        previousAsOf,
        communeCount,
        selection: selection !== null,
        items: current.map((r) => {
          const p = before.get(r.id);
          return {
            id: r.id,
            current: { value: r.value, total: r.total },
            previous: p?.recorded ? { value: p.value, total: p.total } : null,
            communes: r.communes,
          };
        }),
        statusBreakdown,
        trend,
        yearly,
        // The per-province table, when the area spans more than one province.
        provinces:
          byProvince.length > 1
            ? byProvince.map((p) => ({
                ...p,
                figures: Object.entries(p.figures).map(([id, [value, total]]) => ({ id, value: Number(value), total: Number(total) })),
              }))
            : [],
      };
    },
  };
}
