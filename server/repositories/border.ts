import type { Queryable } from '../db/client.ts';
import type { Scope } from '../auth/access.ts';
import { sqlFile } from '../sql/index.ts';
import type { BorderCommune, BorderIndicators, BorderSegmentProperties, BorderSetting, BorderSettingBody } from '../schemas/border.ts';
import { ACHIEVED_VALUES } from '../domain.ts';
import { conflict } from '../errors.ts';
import { writeAudit } from './audit.ts';
import { toFeatureCollection } from './geojson.ts';
import { said } from '../text/lang.ts';
import { changedBySomeoneElse } from '../text/messages.ts';

const SEGMENTS = sqlFile('border-segments');
const COMMUNES = sqlFile('border-communes');

type WithGeometry<P> = P & { geometry: unknown };

const SETTING = `SELECT s.distance_m AS "distanceM", s.version, s.updated_at AS "updatedAt",
  (SELECT count(*)::int FROM border_commune) AS "borderCommuneCount" FROM border_setting s`;

/** Border view: the border within reach of the border communes, the border communes and their indicators. */
export function borderView(db: Queryable, scope: Scope) {
  const s = scope.communes;
  return {
    async segments() {
      return toFeatureCollection(await db.query<WithGeometry<BorderSegmentProperties>>(SEGMENTS, [s]), (r) => r.countryCode);
    },

    async communeFeatures(asOf: string, withGeometry = true) {
      return db.query<WithGeometry<BorderCommune>>(COMMUNES, [asOf, s, withGeometry]);
    },

    async communes(asOf: string): Promise<BorderCommune[]> {
      return (await this.communeFeatures(asOf, false)).map(({ geometry: _, ...c }) => ({ ...c, faces: c.faces ?? [] }));
    },

    async geojson(asOf: string) {
      const rows = await this.communeFeatures(asOf);
      return toFeatureCollection(rows, (r) => r.code);
    },

    /** "N of M drug-free" per country faced and for the whole area (a commune facing two countries counts once). */
    async indicators(asOf: string): Promise<BorderIndicators> {
      const communes = await this.communes(asOf);
      const countries = await db.query<{ code: string; nameVi: string; nameEn: string }>(
        `SELECT code, name_vi AS "nameVi", name_en AS "nameEn" FROM country ORDER BY code`,
      );
      const certified = (c: BorderCommune) => (ACHIEVED_VALUES.drug_free as readonly string[]).includes(c.drugFree);
      return {
        asOf,
        countries: countries
          .map((k) => {
            const facing = communes.filter((c) => c.faces.some((f) => f.countryCode === k.code));
            return { countryCode: k.code, nameVi: k.nameVi, nameEn: k.nameEn, drugFree: facing.filter(certified).length, total: facing.length };
          })
          .filter((k) => k.total > 0),
        province: { drugFree: communes.filter(certified).length, total: communes.length },
      };
    },
  };
}


export const borderSettings = {
  async get(db: Queryable): Promise<BorderSetting> {
    return (await db.query<BorderSetting>(SETTING))[0];
  },

  /** Changes the distance; the trigger on border_setting re-derives the border communes in this transaction. */
  async update(tx: Queryable, actorId: number, body: BorderSettingBody): Promise<BorderSetting> {
    const [before] = await tx.query<BorderSetting>(`${SETTING} FOR UPDATE`);
    if (before.version !== body.version) {
      throw conflict(changedBySomeoneElse(said('the border distance setting', 'cài đặt khoảng cách khu vực biên giới'), before.version, body.version));
    }
    await tx.query(`UPDATE border_setting SET distance_m = $1, version = version + 1, updated_at = now()`, [body.distanceM]);
    const after = await this.get(tx);
    await writeAudit(tx, { userId: actorId, action: 'update', entity: 'border_setting', entityId: 'distance', before, after });
    return after;
  },
};
