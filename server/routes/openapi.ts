import { JsonDocument } from '../schemas/ogc.ts';
import type { RoutePlugin } from './types.ts';

/**
 * The OpenAPI 3.0 description of the whole API (/api and /ogc), generated from the routes' schemas. Open to all: it
 * describes the routes, not data. The OGC API's own document, as its standard wants, is /ogc/api.
 */
const routes: RoutePlugin = async (app) => {
  app.get('/openapi.json', { config: { access: 'public' }, schema: { summary: 'This OpenAPI document', response: { 200: JsonDocument } } }, async () => app.swagger());
};
export default routes;
