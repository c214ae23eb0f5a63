import { Meta } from '../schemas/api.ts';
import { mapLayers } from '../repositories/map-layers.ts';
import { authOf } from '../plugins/auth.ts';
import type { RoutePlugin } from './types.ts';

const routes: RoutePlugin = async (app, { db, today }) => {
  app.get('/meta', { config: { access: 'read' }, schema: { response: { 200: Meta } } }, async (req) => ({
    province: await mapLayers(db, authOf(req).scope).province(),
    today: today(),
  }));
};
export default routes;
