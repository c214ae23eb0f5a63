import { SearchQuery, SearchResult } from '../schemas/search.ts';
import { search } from '../repositories/search.ts';
import { authOf } from '../plugins/auth.ts';
import type { RoutePlugin } from './types.ts';

const routes: RoutePlugin = async (app, { db }) => {
  app.get('/search', { config: { access: 'read' }, schema: { querystring: SearchQuery, response: { 200: SearchResult } } }, async (req) => ({
    items: await search(db, authOf(req).scope, req.query.q, req.query.limit),
  }));
};
export default routes;
