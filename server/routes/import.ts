import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../schemas/common.ts';
import { BoundaryCommit, BoundaryImportQuery, BoundaryPreview } from '../schemas/import.ts';
import { readBoundaryFile, ImportFileError, type ReadResult } from '../import/boundary-file.ts';
import { checkBoundaries, commitBoundaries } from '../repositories/boundary-import.ts';
import { HttpError } from '../errors.ts';
import { authOf } from '../plugins/auth.ts';
import type { RoutePlugin } from './types.ts';

/** Content types an uploaded file may be sent with; the body is the file itself (no multipart envelope). */
export const UPLOAD_TYPES = [
  'application/octet-stream',
  'application/zip',
  'application/x-zip-compressed',
  'application/geo+json',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Reads an uploaded file into memory, refusing it with a 413 that says the limit as soon as it grows past it
 * (the declared Content-Length is checked first, so a too-large file is refused before it is sent in full).
 */
function addUploadParser(app: FastifyInstance, maxBytes: number) {
  const tooLarge = (size: string) =>
    new HttpError(413, `the file is ${size}; the import limit is ${mb(maxBytes)} (POSTURE_IMPORT_MAX_MB): split the file or ask the administrator to raise the limit`);
  app.addContentTypeParser(UPLOAD_TYPES, (req: FastifyRequest, payload, done) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      payload.resume();
      return done(tooLarge(mb(declared)), undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    payload.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        done(tooLarge(`over ${mb(maxBytes)}`), undefined);
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => {
      if (!failed) done(null, Buffer.concat(chunks));
    });
    payload.on('error', (err: Error) => {
      if (!failed) done(err, undefined);
    });
  });
}

function fileOf(body: unknown): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new HttpError(400, `send the file itself as the request body, with Content-Type ${UPLOAD_TYPES[0]}`);
  }
  return body;
}

async function read(body: unknown): Promise<ReadResult> {
  try {
    return await readBoundaryFile(fileOf(body));
  } catch (err) {
    if (err instanceof ImportFileError) throw new HttpError(400, err.message);
    throw err;
  }
}

const routes: RoutePlugin = async (app, { db, config }) => {
  addUploadParser(app, config.importMaxBytes);
  const bodyLimit = config.importMaxBytes + 1;

  // Preview: reads and checks the file, writes nothing.
  app.post(
    '/import/boundaries/preview',
    {
      bodyLimit,
      config: { access: 'admin' },
      schema: { querystring: BoundaryImportQuery, response: { 200: BoundaryPreview, 400: ApiError, 413: ApiError } },
    },
    async (req) => {
      const file = await read(req.body);
      const report = await checkBoundaries(db, req.query.province, file);
      const worst = new Map<number, 'warning' | 'error'>();
      for (const p of report.problems) if (p.feature !== null && worst.get(p.feature) !== 'error') worst.set(p.feature, p.severity);
      return {
        report,
        features: {
          type: 'FeatureCollection' as const,
          features: file.candidates
            .filter((c) => c.geometry !== null)
            .map((c) => ({
              type: 'Feature' as const,
              id: c.n,
              geometry: c.geometry!,
              properties: { n: c.n, code: c.code, name: c.name, kind: c.kind, status: worst.get(c.n) ?? ('ok' as const) },
            })),
        },
      };
    },
  );

  // Commit: the same checks again (the file is sent again: nothing is kept between the two requests), then
  // everything in one transaction, or nothing when any blocking problem remains.
  app.post(
    '/import/boundaries/commit',
    {
      bodyLimit,
      config: { access: 'admin' },
      schema: { querystring: BoundaryImportQuery, response: { 200: BoundaryCommit, 400: ApiError, 409: ApiError, 413: ApiError } },
    },
    async (req) => {
      const file = await read(req.body);
      const report = await checkBoundaries(db, req.query.province, file);
      if (report.errorCount > 0) {
        const first = report.problems.find((p) => p.severity === 'error')!;
        throw new HttpError(400, `${report.errorCount} blocking problem(s), nothing was imported; first: ${first.message}`);
      }
      const result = await commitBoundaries(db, file.candidates, {
        userId: authOf(req).userId,
        provinceCode: req.query.province,
        provinceName: req.query.provinceName ?? null,
        fileName: req.query.file ?? 'upload',
      });
      return { ...result, report };
    },
  );
};
export default routes;
