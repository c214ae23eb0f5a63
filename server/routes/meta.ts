import { Meta, ProvinceList } from '../schemas/api.ts';
import { users } from '../repositories/users.ts';
import { mapLayers } from '../repositories/map-layers.ts';
import { authOf } from '../plugins/auth.ts';
import type { RoutePlugin } from './types.ts';

const routes: RoutePlugin = async (app, { db, today, reads }) => {
  app.get('/meta', { config: { access: 'read' }, schema: { response: { 200: Meta } } }, async (req, reply) => {
    const day = today();
    return reads.answer(req, reply, { today: day }, async (scope) => ({ province: await mapLayers(db, scope).province(), today: day }));
  });

  // The provinces one may choose as the view: the whole area, demo included (the view itself never mixes them).
  // The whole area is the user's, not the view's: the user is part of the answer's key.
  app.get('/provinces', { config: { access: 'read' }, schema: { response: { 200: ProvinceList } } }, async (req, reply) => {
    const { userId, role } = authOf(req);
    return reads.answer(req, reply, { userId, role }, async () => {
      const area = await users(db).scopeOf(userId, role, '*');
      return { provinces: await mapLayers(db, { communes: area }).provinces() };
    });
  });
};
export default routes;
