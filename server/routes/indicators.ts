import { ApiError } from '../schemas/common.ts';
import { IndicatorsQuery, IndicatorsResponse } from '../schemas/indicators.ts';
import { indicators } from '../repositories/indicators.ts';
import { notFound } from '../errors.ts';
import type { RoutePlugin } from './types.ts';
import { said } from '../text/lang.ts';

const routes: RoutePlugin = async (app, { db, today, reads }) => {
  app.get(
    '/indicators',
    { config: { access: 'read' }, schema: { querystring: IndicatorsQuery, response: { 200: IndicatorsResponse, 400: ApiError, 404: ApiError } } },
    async (req, reply) => {
      const asOf = req.query.asOf ?? today();
      const selection = req.query.communes ? [...new Set(req.query.communes.split(','))].sort() : null;
      return reads.answer(req, reply, { asOf, selection }, async (scope) => {
        const result = await indicators(db, scope).compute(asOf, selection);
        if (!result) throw notFound(said(`none of the ${selection!.length} selected communes is in your area`, `không xã nào trong ${selection!.length} xã đã chọn thuộc địa bàn của bạn`));
        return result;
      });
    },
  );
};
export default routes;
