import { ApiRequestError } from './client.ts';
import { session } from '../state/session.svelte.ts';
import { locale } from '../state/locale.svelte.ts';
import type { ProgressStep } from '../../server/plugins/progress.ts';

export interface UploadProgress {
  /** 'upload' while the bytes go out, 'processing' once the server has them all. */
  phase: 'upload' | 'processing';
  /** 0..1 when known: the bytes sent, or the server's own count of the work done; null otherwise. */
  share: number | null;
  /** What the server reported last, when the answer is streamed. */
  step?: ProgressStep;
}

const NDJSON = 'application/x-ndjson';

/**
 * Sends a file as the request body with XMLHttpRequest, the one browser API that reports upload progress,
 * and answers the server's JSON. Errors carry the server's message, as with the fetch client.
 *
 * With `stream`, the server is asked for its answer as lines (`application/x-ndjson`): progress lines while it
 * works, read as they arrive, then the result or the error.
 */
export function uploadFile<T>(
  path: string,
  file: Blob,
  onprogress: (p: UploadProgress) => void,
  opts: { signal?: AbortSignal; stream?: boolean } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const epoch = session.epoch;
    const xhr = new XMLHttpRequest();
    const fail = (status: number, message: string) => {
      if (status === 401) session.expire(epoch);
      reject(new ApiRequestError(status, message, path));
    };
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', opts.stream ? `${NDJSON}, application/json` : 'application/json');
    xhr.setRequestHeader('accept-language', locale.lang);
    if (session.csrfToken) xhr.setRequestHeader('x-csrf-token', session.csrfToken);
    xhr.upload.onprogress = (e) => onprogress({ phase: 'upload', share: e.lengthComputable ? e.loaded / e.total : 0 });
    xhr.upload.onload = () => onprogress({ phase: 'processing', share: null });

    // Lines of a streamed answer, read as far as the last complete one.
    let read = 0;
    let last: { result?: T; error?: { statusCode: number; message: string } } | null = null;
    const streamed = () => (xhr.getResponseHeader('content-type') ?? '').startsWith(NDJSON);
    const readLines = () => {
      if (!streamed()) return;
      const text = xhr.responseText;
      for (let nl = text.indexOf('\n', read); nl >= 0; nl = text.indexOf('\n', read)) {
        const line = text.slice(read, nl);
        read = nl + 1;
        if (line.trim() === '') continue;
        const message = JSON.parse(line) as { progress?: ProgressStep; result?: T; error?: { statusCode: number; message: string } };
        if (message.progress) {
          const { done, total } = message.progress;
          onprogress({ phase: 'processing', share: total ? (done ?? 0) / total : null, step: message.progress });
        } else last = message;
      }
    };
    xhr.onprogress = readLines;

    xhr.onerror = () => reject(new ApiRequestError(0, locale.t.common.noConnection, path));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300 && streamed()) {
        readLines();
        if (last?.error) fail(last.error.statusCode, last.error.message);
        else if (last && 'result' in last) resolve(last.result as T);
        else fail(0, locale.t.common.answerCut);
        return;
      }
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // A proxy's HTML error page: its status, in the user's language.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else {
        const message = (body as { message?: unknown } | null)?.message;
        fail(xhr.status, typeof message === 'string' ? message : locale.t.common.unreadableAnswer(xhr.status));
      }
    };
    opts.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
