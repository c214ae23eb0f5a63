import { Meta, ProvinceList } from '../schemas/api.ts';
import { users } from '../repositories/users.ts';
import { mapLayers } from '../repositories/map-layers.ts';
import { authOf } from '../plugins/auth.ts';
import type { RoutePlugin } from './types.ts';

const routes: RoutePlugin = async (app, { db, today }) => {
  app.get('/meta', { config: { access: 'read' }, schema: { response: { 200: Meta } } }, async (req) => ({
    province: await mapLayers(db, authOf(req).scope).province(),
    today: today(),
  }));

  // The provinces one may choose as the view: the whole area, demo included (the view itself never mixes them).
  app.get('/provinces', { config: { access: 'read' }, schema: { response: { 200: ProvinceList } } }, async (req) => {
    const { userId, role } = authOf(req);
    const area = await users(db).scopeOf(userId, role, '*');
    return { provinces: await mapLayers(db, { communes: area }).provinces() };
  });
};
export default routes;
