import type { FastifyError, FastifyRequest } from 'fastify';
import { StatementTimeoutError } from './db/client.ts';
import { DATE_RANGE, ISO_DATE_PATTERN } from './schemas/common.ts';
import { langOf, said, type Said } from './text/lang.ts';
import { fieldVi, validationSaid, type ValidationIssue } from './text/validation.ts';

/** An error whose message is meant for the client (4xx). Anything else becomes a bare 500. */
export class HttpError extends Error {
  /** Vietnamese wording of the message, sent instead of it to a request that asks for Vietnamese. */
  readonly vi: string | undefined;

  constructor(
    readonly statusCode: number,
    message: string | Said,
  ) {
    super(typeof message === 'string' ? message : message.en);
    this.vi = typeof message === 'string' ? undefined : message.vi;
    this.name = 'HttpError';
  }
}

export const notFound = (message: string | Said) => new HttpError(404, message);
export const badRequest = (message: string | Said) => new HttpError(400, message);
export const conflict = (message: string | Said) => new HttpError(409, message);

/**
 * SQLSTATEs of errors the client caused (22 data exception, 23 integrity constraint violation) or met by writing at
 * the same moment as another client (40001 serialization failure, 40P01 deadlock: writers racing for one exclusion
 * constraint wait on each other until PostgreSQL ends all but one).
 */
const CLIENT_SQLSTATE = /^(22|23|40001$|40P01$)/;

/**
 * What a client-caused database error means, in words for a person: the database's own text names constraints,
 * types and byte sequences, and never reaches a user. Two writers racing for the same record (exclusion or
 * unique violation, or the deadlock or serialization failure such a race can end in) get the same 409 as the one
 * who finds the record already there.
 */
function sqlStateAnswer(code: string): { statusCode: number; message: Said } {
  switch (code) {
    case '23P01':
    case '23505':
    case '40001':
    case '40P01':
      return {
        statusCode: 409,
        message: said(
          'this conflicts with a record that already exists or was saved at the same moment; reload and try again',
          'dữ liệu này trùng với một bản ghi đã có hoặc vừa được lưu cùng lúc; hãy tải lại và thử lại',
        ),
      };
    case '23502':
      return { statusCode: 400, message: said('a required value is missing', 'thiếu một giá trị bắt buộc') };
    case '23503':
      return { statusCode: 400, message: said('the request refers to something that does not exist', 'yêu cầu tham chiếu tới dữ liệu không tồn tại') };
    case '22021':
      return {
        statusCode: 400,
        message: said('a text value holds a character that cannot be stored (a NUL byte or invalid UTF-8)', 'một giá trị văn bản chứa ký tự không lưu được (byte NUL hoặc UTF-8 không hợp lệ)'),
      };
    case '22001':
      return { statusCode: 400, message: said('a text value is too long', 'một giá trị văn bản quá dài') };
    case '22003':
      return { statusCode: 400, message: said('a number is out of range', 'một số nằm ngoài khoảng cho phép') };
    case '22007':
    case '22008':
      return { statusCode: 400, message: said('a date is invalid or out of range', 'một ngày không hợp lệ hoặc nằm ngoài khoảng cho phép') };
    default:
      return { statusCode: 400, message: said('a value of the request is not valid', 'một giá trị trong yêu cầu không hợp lệ') };
  }
}

/** Fastify's own client errors (request body parsing, URL), worded in both languages. */
const FASTIFY_ERRORS: Record<string, Said> = {
  FST_ERR_CTP_INVALID_JSON_BODY: said("Body is not valid JSON but content-type is set to 'application/json'", 'nội dung yêu cầu không phải JSON hợp lệ'),
  FST_ERR_CTP_EMPTY_JSON_BODY: said("Body cannot be empty when content-type is set to 'application/json'", 'nội dung yêu cầu JSON không được để trống'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: said('Unsupported Media Type', 'kiểu nội dung (Content-Type) không được hỗ trợ'),
  FST_ERR_CTP_BODY_TOO_LARGE: said('Request body is too large', 'nội dung yêu cầu quá lớn'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: said('Request body size did not match Content-Length', 'kích thước nội dung không khớp Content-Length'),
  FST_ERR_BAD_URL: said('the URL is not valid', 'địa chỉ (URL) không hợp lệ'),
};

/** SQLSTATEs and socket errors of a lost or refused database connection (57P01 administrator shutdown, 08 class…). */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-4]|53300)/;
const UNAVAILABLE_CODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed)/;

/** The database cannot be reached now (PostgreSQL restarted, a connection was ended): the request may be retried. */
export function isDatabaseUnavailable(err: Partial<FastifyError> & Error): boolean {
  const code = typeof err.code === 'string' ? err.code : '';
  return UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_CODE.has(code) || UNAVAILABLE_MESSAGE.test(err.message ?? '');
}

function httpReason(status: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' } as Record<number, string>)[status] ?? 'Error';
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/**
 * The one answer to an error, for the error handler and for a streamed response that fails after its headers:
 * validation and client errors say what was wrong (in Vietnamese to a request that asks for it), anything else
 * is a bare 500 that says nothing internal.
 */
export function errorResponse(err: Partial<FastifyError> & Error, req: FastifyRequest): { statusCode: number; body: ErrorBody } {
  const answer = (statusCode: number, message: string) => ({ statusCode, body: { statusCode, error: httpReason(statusCode), message } });
  const inLang = (m: Said) => (langOf(req) === 'vi' ? m.vi : m.en);
  if (err.validation) {
    const where = err.validationContext ?? 'request';
    const first = err.validation[0];
    if (first?.keyword === 'pattern' && first.params?.pattern === ISO_DATE_PATTERN) {
      const field = `${where}${first.instancePath}`;
      return answer(
        400,
        inLang(
          said(
            `${field} must be a date YYYY-MM-DD from ${DATE_RANGE.from} to ${DATE_RANGE.to}`,
            `${fieldVi(where, first.instancePath)}: phải là ngày dạng YYYY-MM-DD, từ ${DATE_RANGE.from} đến ${DATE_RANGE.to}`,
          ),
        ),
      );
    }
    // Fastify's own wording already starts with the part of the request ("body/staffCount must be integer").
    const english = err.message.startsWith(where) ? err.message : `${where}${err.message.startsWith('/') ? '' : ' '}${err.message}`;
    return answer(400, inLang(first ? validationSaid(where, first as ValidationIssue, english) : said(english, `${where}: yêu cầu không hợp lệ`)));
  }
  const fastifySaid = typeof err.code === 'string' ? FASTIFY_ERRORS[err.code] : undefined;
  if (fastifySaid && err.statusCode && err.statusCode < 500) return answer(err.statusCode, inLang(fastifySaid));
  if (err instanceof HttpError || (err.statusCode && err.statusCode < 500)) {
    const statusCode = err.statusCode ?? 400;
    return answer(statusCode, err instanceof HttpError && err.vi && langOf(req) === 'vi' ? err.vi : err.message);
  }
  if (err instanceof StatementTimeoutError) {
    const ms = err.timeoutMs;
    const [en, vi] = ms >= 1000 ? [`${Math.round(ms / 1000)} s`, `${Math.round(ms / 1000)} giây`] : [`${ms} ms`, `${ms} ms`];
    return answer(
      503,
      inLang(
        said(
          `the database took longer than the ${en} allowed for one request and stopped it; narrow the request (a smaller shape or area) and try again`,
          `cơ sở dữ liệu chạy quá ${vi} cho phép với một yêu cầu nên đã dừng; hãy thu hẹp yêu cầu (vùng vẽ hoặc khu vực nhỏ hơn) rồi thử lại`,
        ),
      ),
    );
  }
  if (isDatabaseUnavailable(err)) {
    return answer(503, inLang(said('the database is unavailable for a moment; try again shortly', 'cơ sở dữ liệu tạm thời không truy cập được; hãy thử lại sau ít phút')));
  }
  if (typeof err.code === 'string' && CLIENT_SQLSTATE.test(err.code)) {
    const { statusCode, message } = sqlStateAnswer(err.code);
    return answer(statusCode, inLang(message));
  }
  return answer(500, inLang(said('Internal server error', 'lỗi máy chủ; hãy thử lại sau ít phút')));
}
