import { ApiError } from '../schemas/common.ts';
import { DemoProvinceList, DemoProvinceParams, DemoProvinceRemoved, DemoProvinceRemoveQuery } from '../schemas/demo-province.ts';
import { listDemoProvinces, removeDemoProvince } from '../repositories/demo-province.ts';
import { HttpError } from '../errors.ts';
import { said } from '../text/lang.ts';
import { authOf } from '../plugins/auth.ts';
import type { RoutePlugin } from './types.ts';

/** Demo provinces: what removing each would take with it, and the removal itself (administrators only). */
const routes: RoutePlugin = async (app, { db }) => {
  app.get('/demo-provinces', { config: { access: 'admin' }, schema: { response: { 200: DemoProvinceList } } }, async () => ({
    provinces: await listDemoProvinces(db),
  }));

  app.delete(
    '/demo-provinces/:code',
    {
      config: { access: 'admin' },
      schema: { params: DemoProvinceParams, querystring: DemoProvinceRemoveQuery, response: { 200: DemoProvinceRemoved, 400: ApiError, 404: ApiError, 409: ApiError } },
    },
    async (req) => {
      const { code } = req.params;
      // The code typed again: a removal is never one stray click away.
      if (req.query.confirm.trim() !== code) {
        throw new HttpError(400, said(`type the province code ${code} to confirm the removal`, `hãy gõ mã tỉnh ${code} để xác nhận việc xóa`));
      }
      return removeDemoProvince(db, code, authOf(req).userId);
    },
  );
};
export default routes;
