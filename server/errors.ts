import type { Said } from './text/lang.ts';

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
