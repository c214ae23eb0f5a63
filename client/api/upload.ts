import { ApiRequestError } from './client.ts';
import { session } from '../state/session.svelte.ts';
import { locale } from '../state/locale.svelte.ts';

export interface UploadProgress {
  /** 'upload' while the bytes go out (with `share` 0..1), 'processing' once the server has them all. */
  phase: 'upload' | 'processing';
  share: number;
}

/**
 * Sends a file as the request body with XMLHttpRequest, the one browser API that reports upload progress,
 * and answers the server's JSON. Errors carry the server's message, as with the fetch client.
 */
export function uploadFile<T>(path: string, file: Blob, onprogress: (p: UploadProgress) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const epoch = session.epoch;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', locale.lang);
    if (session.csrfToken) xhr.setRequestHeader('x-csrf-token', session.csrfToken);
    xhr.upload.onprogress = (e) => onprogress({ phase: 'upload', share: e.lengthComputable ? e.loaded / e.total : 0 });
    xhr.upload.onload = () => onprogress({ phase: 'processing', share: 1 });
    xhr.onerror = () => reject(new ApiRequestError(0, 'network error', path));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // A proxy's HTML error page: the status line says enough.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else {
        const message = (body as { message?: unknown } | null)?.message;
        if (xhr.status === 401) session.expire(epoch);
        reject(new ApiRequestError(xhr.status, typeof message === 'string' ? message : `${xhr.status} ${xhr.statusText}`, path));
      }
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
