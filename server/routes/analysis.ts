import { ApiError } from '../schemas/common.ts';
import { BestSitesAnswer, BestSitesBody, CoverageAnswer, CoverageQuery, ProximityAnswer, ProximityQuery } from '../schemas/analysis.ts';
import { analysisService, bestSitesParams, coverageParams, proximityParams } from '../jobs/analysis-service.ts';
import { workerPool } from '../jobs/worker-pool.ts';
import type { RoutePlugin } from './types.ts';

/**
 * Analyses over the caller's area: HQ coverage, nearest HQ and border distances, best sites for new HQs.
 * Read-only, so open to every role that reads the map (commanders included).
 */
const routes: RoutePlugin = async (app, { db, today }) => {
  // Coverage of the demo province takes about a second (ten at a 50 km radius): off the event loop.
  const pool = workerPool();
  app.addHook('onReady', async () => pool.warm());
  app.addHook('onClose', async () => pool.close());
  const service = analysisService({ db, runner: pool.run });

  app.get(
    '/analysis/coverage',
    { config: { access: 'read' }, schema: { querystring: CoverageQuery, response: { 200: CoverageAnswer, 400: ApiError } } },
    async (req, reply) => service.answer(req, reply, 'coverage', coverageParams(req.query, today())),
  );

  app.get(
    '/analysis/proximity',
    { config: { access: 'read' }, schema: { querystring: ProximityQuery, response: { 200: ProximityAnswer, 400: ApiError } } },
    async (req, reply) => service.answer(req, reply, 'proximity', proximityParams(req.query, today())),
  );

  // POST because the candidate points travel in the body; nothing is written.
  app.post(
    '/analysis/best-sites',
    { config: { access: 'read' }, schema: { body: BestSitesBody, response: { 200: BestSitesAnswer, 400: ApiError } } },
    async (req, reply) => service.answer(req, reply, 'best-sites', bestSitesParams(req.body, today())),
  );
};
export default routes;
