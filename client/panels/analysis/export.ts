/**
 * Exports of analysis results. CSV is written by the same code as the server's exports (server/exports/csv.ts):
 * UTF-8 byte-order mark, CRLF, formula-like cells neutralised.
 */
export { csvCell, csvTable as toCsv } from '../../../server/exports/csv.ts';

/** Offers `content` as a file download. */
export function download(filename: string, content: string, type: string): void {
  downloadBlob(filename, new Blob([content], { type }));
}

/**
 * Offers `blob` as a file download, byte for byte: a file the server sent is never decoded to text and back, which
 * would drop the byte-order mark that makes Excel read a CSV as UTF-8.
 */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
