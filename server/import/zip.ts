import { Unzip, UnzipInflate, zipSync } from 'fflate';
import { said } from '../text/lang.ts';
import { SaidError } from '../text/said-error.ts';

/** Bounds of one uploaded ZIP (a zipped Shapefile, an XLSX workbook), checked while it is unpacked. */
export interface ZipLimits {
  /** Total unpacked bytes of all entries. */
  maxBytes: number;
  /** Entries, folders included. */
  maxEntries: number;
}

/**
 * 512 MB unpacked and 1,000 entries: a province's zipped Shapefile or a workbook of the largest import stays far
 * below; a ZIP bomb (a small file unpacking to gigabytes) is refused as soon as it passes the bound.
 */
export const ZIP_LIMITS: ZipLimits = { maxBytes: 512 * 1024 * 1024, maxEntries: 1000 };

const PIECE = 16 * 1024;

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

function tooLarge(limits: ZipLimits): SaidError {
  return new SaidError(
    said(`it unpacks to more than ${mb(limits.maxBytes)}, the most an upload may hold`, `khi giải nén vượt quá ${mb(limits.maxBytes)}, mức tối đa của một tệp tải lên`),
  );
}

/**
 * Unpacks a ZIP archive with fflate, counting the bytes as they are inflated (sizes declared in the archive can
 * lie): the archive is refused at the first entry past `limits.maxEntries` or the first byte past
 * `limits.maxBytes`, before more is unpacked. `keep` false counts without keeping anything (to check an archive
 * another library reads). Folders are left out; errors are SaidErrors saying what is wrong.
 */
function unpack(buf: Uint8Array, limits: ZipLimits, keep: boolean): Map<string, Buffer> {
  if (!hasEndOfCentralDirectory(buf)) {
    throw new SaidError(said('not a ZIP archive (no end-of-central-directory record)', 'không phải tệp ZIP (không có bản ghi kết thúc thư mục trung tâm)'));
  }
  const files = new Map<string, Buffer>();
  let entries = 0;
  let total = 0;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file) => {
    if (++entries > limits.maxEntries) {
      throw new SaidError(said(`it holds more than ${limits.maxEntries} entries, the most an upload may hold`, `tệp chứa hơn ${limits.maxEntries} mục, mức tối đa của một tệp tải lên`));
    }
    if (file.name.endsWith('/')) return;
    if (file.compression !== 0 && file.compression !== 8) {
      throw new SaidError(
        said(
          `ZIP entry ${file.name} uses compression method ${file.compression}; only stored and deflated entries are read`,
          `tệp ${file.name} trong ZIP dùng phương thức nén ${file.compression}; chỉ đọc được tệp không nén hoặc nén deflate`,
        ),
      );
    }
    if (file.originalSize !== undefined && total + file.originalSize > limits.maxBytes) throw tooLarge(limits);
    const chunks: Uint8Array[] = [];
    file.ondata = (err, chunk, final) => {
      // fflate hands an error thrown here (the bound below) back as `err`: pass it on as it is.
      if (err instanceof SaidError) throw err;
      if (err) throw new SaidError(said(`ZIP entry ${file.name} is damaged or encrypted`, `tệp ${file.name} trong ZIP bị hỏng hoặc bị mã hóa`));
      total += chunk.length;
      if (total > limits.maxBytes) throw tooLarge(limits);
      if (keep) chunks.push(chunk);
      if (final && keep) files.set(file.name, Buffer.concat(chunks));
    };
    file.start();
  };
  try {
    // Small pieces: the inflater unpacks each piece at once, so a piece of 16 KB can yield at most ~16 MB (deflate
    // expands 1,032 to 1 at most) before the count above sees it.
    for (let at = 0; at < buf.length; at += PIECE) unzip.push(buf.subarray(at, at + PIECE), at + PIECE >= buf.length);
  } catch (err) {
    if (err instanceof SaidError) throw err;
    throw new SaidError(said('the ZIP archive is damaged', 'tệp ZIP bị hỏng'));
  }
  return files;
}

/** The files of a ZIP archive, within `limits` (ZIP_LIMITS by default). */
export function readZip(buf: Uint8Array, limits: ZipLimits = ZIP_LIMITS): Map<string, Buffer> {
  return unpack(buf, limits, true);
}

/** Checks that a ZIP archive (an XLSX workbook before a library opens it) unpacks within `limits`, keeping nothing. */
export function checkZip(buf: Uint8Array, limits: ZipLimits = ZIP_LIMITS): void {
  unpack(buf, limits, false);
}

function hasEndOfCentralDirectory(buf: Uint8Array): boolean {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) return true;
  }
  return false;
}

/** A ZIP archive of the given files, stored without compression (test fixtures, template downloads). */
export function writeZip(files: Record<string, Buffer | string>): Buffer {
  const entries = Object.fromEntries(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? Buffer.from(content, 'utf8') : content]));
  return Buffer.from(zipSync(entries, { level: 0 }));
}
