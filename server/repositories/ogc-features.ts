import type { Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import type { CollectionDefinition } from '../ogc/collections.ts';
import { CRS, geometryIn } from '../ogc/crs.ts';
import { cql2ToSql } from '../ogc/cql2.ts';
import { badRequest } from '../errors.ts';
import { said } from '../text/lang.ts';

/** A box in EPSG:4326, longitude first, or in EPSG:3857 (metres), as the request gave it. */
export interface QueryBox {
  west: number;
  south: number;
  east: number;
  north: number;
  srid: 4326 | 3857;
}

export interface ItemsQuery {
  /** The date values are read at ('snapshot' collections). */
  date: string;
  /** Dates (inclusive, null = open) the features' periods must meet ('period' collections); null = no condition. */
  period: { start: string | null; end: string | null } | null;
  bbox: QueryBox | null;
  /** Property → accepted values (any of them), already checked against the collection's definition. */
  filters: Record<string, (string | number | boolean)[]>;
  /** Feature id, for one feature. */
  id?: string;
  /** A CQL2 text filter (see ogc/cql2.ts). */
  cql?: string;
  crs: string;
  limit: number;
  offset: number;
}

export interface OgcFeature {
  type: 'Feature';
  id: string | number;
  geometry: unknown;
  properties: Record<string, unknown>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The features of one OGC API collection, limited to the scope in SQL, with the number matched by the query. The
 * collection's SQL (server/sql/ogc-*.sql) takes the date and the scope; bbox, period and property filters are added
 * around it as parameters — the column names come from the collection's definition, never from the request.
 */
export function ogcFeatures(db: Queryable, scope: Scope) {
  function base(def: CollectionDefinition, q: Pick<ItemsQuery, 'date'>): { sql: string; params: unknown[] } {
    return def.time === 'snapshot' ? { sql: def.sql, params: [q.date, scope.communes] } : { sql: def.sql, params: [scope.communes] };
  }

  return {
    async items(def: CollectionDefinition, q: ItemsQuery): Promise<{ features: OgcFeature[]; matched: number }> {
      const { sql, params } = base(def, q);
      const p = [...params];
      const add = (v: unknown) => `$${p.push(v)}`;
      const where: string[] = [];
      if (q.id !== undefined) where.push(`b.id::text = ${add(q.id)}`);
      if (q.bbox) {
        const b = q.bbox;
        const box = `ST_MakeEnvelope(${add(b.west)}::float8, ${add(b.south)}::float8, ${add(b.east)}::float8, ${add(b.north)}::float8, ${b.srid})`;
        const env = b.srid === 4326 ? box : `ST_Transform(${box}, 4326)`;
        where.push(`b.geom && ${env} AND ST_Intersects(b.geom, ${env})`);
      }
      if (q.period) {
        if (q.period.end !== null) where.push(`b.t_start <= ${add(q.period.end)}::date`);
        if (q.period.start !== null) where.push(`(b.t_end IS NULL OR b.t_end > ${add(q.period.start)}::date)`);
      }
      for (const [name, values] of Object.entries(q.filters)) {
        const prop = def.properties[name];
        if (!prop) continue;
        const type = prop.type === 'integer' ? 'integer[]' : prop.type === 'boolean' ? 'boolean[]' : 'text[]';
        where.push(`b.${quote(name)} = ANY (${add(values)}::${type})`);
      }
      if (q.cql) {
        let c;
        try {
          c = cql2ToSql(q.cql, def.properties, p.length + 1);
        } catch (err) {
          const reason = (err as Error).message;
          throw badRequest(said(`querystring/filter: ${reason}`, `querystring/filter (CQL2) không hợp lệ: ${reason}`));
        }
        p.push(...c.params);
        where.push(c.sql);
      }
      const crs = CRS[q.crs];
      const columns = Object.keys(def.properties).map((n) => `b.${quote(n)}`).join(', ');
      const limit = add(q.limit);
      const offset = add(q.offset);
      // The page is cut first, so that only its geometries are written out (the count runs over the ids alone).
      const rows = await db.query<Record<string, unknown> & { id: string | number; geometry: unknown; matched: number }>(
        `WITH b AS (${sql}),
         page AS (
           SELECT b.*, count(*) OVER ()::int AS matched FROM b WHERE ${where.length > 0 ? where.join(' AND ') : 'true'}
           ORDER BY b.id LIMIT ${limit} OFFSET ${offset}
         )
         SELECT b.id, ${columns}, ST_AsGeoJSON(${geometryIn('b.geom', crs)}, ${crs.digits})::json AS geometry, b.matched
         FROM page b ORDER BY b.id`,
        p,
      );
      let matched = rows[0]?.matched ?? 0;
      if (rows.length === 0 && q.offset > 0) {
        // Past the last page: the window had no row to count on.
        const counted = await db.query<{ n: number }>(
          `WITH b AS (${sql}) SELECT count(*)::int AS n FROM b WHERE ${where.length > 0 ? where.join(' AND ') : 'true'}`,
          p.slice(0, p.length - 2),
        );
        matched = counted[0].n;
      }
      const features = rows.map(({ id, geometry, matched: _, ...properties }) => ({
        type: 'Feature' as const,
        id: def.integerId ? Number(id) : String(id),
        geometry,
        properties,
      }));
      return { features, matched };
    },

    /** West, south, east, north of the collection's features in the scope (today's for dated ones); null when none. */
    async extent(def: CollectionDefinition, date: string): Promise<[number, number, number, number] | null> {
      const { sql, params } = base(def, { date });
      const [e] = await db.query<{ west: number | null; south: number; east: number; north: number }>(
        `SELECT ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
         FROM (SELECT ST_Extent(b.geom) AS e FROM (${sql}) b) x`,
        params,
      );
      return e && e.west !== null ? [e.west, e.south, e.east, e.north] : null;
    },
  };
}
