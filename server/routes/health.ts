import { Health } from '../schemas/api.ts';
import type { RoutePlugin } from './types.ts';

const health: RoutePlugin = async (app, { db, version }) => {
  // Cached after the first call: the PostGIS version does not change while the process runs.
  let postgis: string | null = null;
  app.get('/health', { config: { access: 'public' }, schema: { response: { 200: Health } } }, async () => {
    postgis ??= (await db.query<{ v: string }>('SELECT postgis_lib_version() AS v'))[0].v;
    return { status: 'ok' as const, db: db.kind, version, postgis };
  });
};
export default health;
