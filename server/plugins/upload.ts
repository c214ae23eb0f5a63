import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.ts';
import { said, type Said } from '../text/lang.ts';

/** Content types an uploaded file may be sent with; the body is the file itself (no multipart envelope). */
export const UPLOAD_TYPES = [
  'application/octet-stream',
  'application/zip',
  'application/x-zip-compressed',
  'application/geo+json',
  'application/geopackage+sqlite3',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Reads an uploaded file into memory, refusing it with a 413 that says the limit as soon as it grows past it
 * (the declared Content-Length is checked first, so a too-large file is refused before it is sent in full).
 */
export function addUploadParser(app: FastifyInstance, maxBytes: number) {
  const tooLarge = (size: Said) =>
    new HttpError(
      413,
      said(
        `the file is ${size.en}; the import limit is ${mb(maxBytes)} (POSTURE_IMPORT_MAX_MB): split the file or ask the administrator to raise the limit`,
        `tệp có dung lượng ${size.vi}; giới hạn nhập là ${mb(maxBytes)} (POSTURE_IMPORT_MAX_MB): hãy chia nhỏ tệp hoặc đề nghị quản trị viên nâng giới hạn`,
      ),
    );
  app.addContentTypeParser(UPLOAD_TYPES, (req: FastifyRequest, payload, done) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      payload.resume();
      return done(tooLarge(said(mb(declared), mb(declared))), undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    payload.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        done(tooLarge(said(`over ${mb(maxBytes)}`, `trên ${mb(maxBytes)}`)), undefined);
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

export function fileOf(body: unknown): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new HttpError(
      400,
      said(`send the file itself as the request body, with Content-Type ${UPLOAD_TYPES[0]}`, `hãy gửi chính tệp làm nội dung yêu cầu, với Content-Type ${UPLOAD_TYPES[0]}`),
    );
  }
  return body;
}
