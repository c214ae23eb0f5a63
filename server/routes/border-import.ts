import { ApiError } from '../schemas/common.ts';
import { BorderImportQuery, BorderImportReport } from '../schemas/border-import.ts';
import { readBorderFile, isBorderCountry, type BorderReadResult } from '../import/border-file.ts';
import { ImportFileError } from '../import/boundary-file.ts';
import { borderReportIn, commitBorderLines, previewBorderLines } from '../repositories/border-import.ts';
import { HttpError } from '../errors.ts';
import { langOf, said } from '../text/lang.ts';
import { authOf } from '../plugins/auth.ts';
import { addUploadParser, fileOf } from '../plugins/upload.ts';
import type { RoutePlugin } from './types.ts';

/** Reads and checks the file; any blocking problem is a 400 naming the first one (and how many there are). */
async function read(body: unknown, country: string | undefined): Promise<BorderReadResult> {
  const c = country?.toUpperCase() ?? null;
  if (c !== null && !isBorderCountry(c)) {
    throw new HttpError(400, said(
      `country ${country} is not one Vietnam has a land border with (LAO, CHN, KHM)`,
      `quốc gia ${country} không có biên giới đất liền với Việt Nam (LAO, CHN, KHM)`,
    ));
  }
  let file: BorderReadResult;
  try {
    file = await readBorderFile(fileOf(body), c);
  } catch (err) {
    if (err instanceof ImportFileError) throw new HttpError(400, err.said);
    throw err;
  }
  const errors = file.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    throw new HttpError(400, said(
      `${errors.length} blocking problem(s), nothing was imported; first: ${errors[0].message.en}`,
      `${errors.length} lỗi chặn, không có gì được nhập; lỗi đầu tiên: ${errors[0].message.vi}`,
    ));
  }
  return file;
}

/** Border lines per neighbouring country: preview (a trial run rolled back) and commit, admin only. */
const routes: RoutePlugin = async (app, { db, config }) => {
  addUploadParser(app, config.importMaxBytes);
  const bodyLimit = config.importMaxBytes + 1;
  const schema = { querystring: BorderImportQuery, response: { 200: BorderImportReport, 400: ApiError, 413: ApiError } };

  app.post('/import/borders/preview', { bodyLimit, config: { access: 'admin' }, schema }, async (req) => {
    const file = await read(req.body, req.query.country);
    return borderReportIn(await previewBorderLines(db, file), langOf(req));
  });

  app.post('/import/borders/commit', { bodyLimit, config: { access: 'admin' }, schema }, async (req) => {
    const file = await read(req.body, req.query.country);
    const report = await commitBorderLines(db, file, { userId: authOf(req).userId, fileName: req.query.file ?? 'upload' });
    return borderReportIn(report, langOf(req));
  });
};
export default routes;
