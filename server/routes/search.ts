import { SearchQuery, SearchResult } from '../schemas/search.ts';
import { search } from '../repositories/search.ts';
import type { RoutePlugin } from './types.ts';

const routes: RoutePlugin = async (app, { db, reads }) => {
  app.get('/search', { config: { access: 'read' }, schema: { querystring: SearchQuery, response: { 200: SearchResult } } }, async (req, reply) =>
    reads.answer(req, reply, { q: req.query.q, limit: req.query.limit }, async (scope) => ({ items: await search(db, scope, req.query.q, req.query.limit) })),
  );
};
export default routes;
