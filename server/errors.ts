import type { FastifyError, FastifyRequest } from 'fastify';
import { langOf, type Said } from './text/lang.ts';

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

/** SQLSTATE classes of errors the client caused (22 data exception, 23 integrity constraint violation). */
const CLIENT_SQLSTATE = /^(22|23)/;

function httpReason(status: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error' } as Record<number, string>)[status] ?? 'Error';
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
  if (err.validation) {
    const where = err.validationContext ?? 'request';
    return answer(400, `${where}${err.message.startsWith('/') ? '' : ' '}${err.message}`);
  }
  if (err instanceof HttpError || (err.statusCode && err.statusCode < 500)) {
    const statusCode = err.statusCode ?? 400;
    return answer(statusCode, err instanceof HttpError && err.vi && langOf(req) === 'vi' ? err.vi : err.message);
  }
  if (typeof err.code === 'string' && CLIENT_SQLSTATE.test(err.code)) return answer(400, err.message);
  return answer(500, 'Internal server error');
}
