import { Unzip, UnzipInflate, unzipSync, zipSync } from 'fflate';
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

function tooMany(limits: ZipLimits): SaidError {
  return new SaidError(said(`it holds more than ${limits.maxEntries} entries, the most an upload may hold`, `tệp chứa hơn ${limits.maxEntries} mục, mức tối đa của một tệp tải lên`));
}

function damaged(): SaidError {
  return new SaidError(said('the ZIP archive is damaged', 'tệp ZIP bị hỏng'));
}

/**
 * Checks the archive's central directory, read by fflate without unpacking anything: not a ZIP, too many entries,
 * or a declared total past `limits.maxBytes` (an honest ZIP bomb) is refused at once.
 */
function checkDirectory(buf: Uint8Array, limits: ZipLimits): void {
  let entries = 0;
  let declared = 0;
  try {
    unzipSync(buf, {
      filter: (file) => {
        if (++entries > limits.maxEntries) throw tooMany(limits);
        declared += file.originalSize;
        if (declared > limits.maxBytes) throw tooLarge(limits);
        return false;
      },
    });
  } catch (err) {
    if (err instanceof SaidError) throw err;
    if ((err as { code?: number }).code === 13) {
      throw new SaidError(said('not a ZIP archive (no end-of-central-directory record)', 'không phải tệp ZIP (không có bản ghi kết thúc thư mục trung tâm)'));
    }
    throw damaged();
  }
}

/**
 * Unpacks the archive with fflate's streaming reader, counting the bytes as they are inflated (sizes declared in
 * the archive can lie): it stops at the first entry past `limits.maxEntries` or the first byte past
 * `limits.maxBytes`. `onFile` gets each file's pieces; without it nothing is kept, and memory holds one piece at a
 * time. Folders are left out.
 */
function inflate(buf: Uint8Array, limits: ZipLimits, onFile?: (name: string) => (chunk: Uint8Array, final: boolean) => void): void {
  let entries = 0;
  let total = 0;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file) => {
    if (++entries > limits.maxEntries) throw tooMany(limits);
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
    const keep = onFile?.(file.name);
    file.ondata = (err, chunk, final) => {
      // fflate hands an error thrown here (the bound below) back as `err`: pass it on as it is.
      if (err instanceof SaidError) throw err;
      if (err) throw new SaidError(said(`ZIP entry ${file.name} is damaged or encrypted`, `tệp ${file.name} trong ZIP bị hỏng hoặc bị mã hóa`));
      total += chunk.length;
      if (total > limits.maxBytes) throw tooLarge(limits);
      keep?.(chunk, final);
    };
    file.start();
  };
  try {
    // Small pieces: the inflater unpacks each piece at once, so a piece of 16 KB can yield at most ~16 MB (deflate
    // expands 1,032 to 1 at most) before the count above sees it.
    for (let at = 0; at < buf.length; at += PIECE) unzip.push(buf.subarray(at, at + PIECE), at + PIECE >= buf.length);
  } catch (err) {
    if (err instanceof SaidError) throw err;
    throw damaged();
  }
}

/**
 * The files of a ZIP archive, within `limits` (ZIP_LIMITS by default). Nothing is kept until the whole archive
 * has been counted: a ZIP bomb, honest about its size or not, is refused with memory holding one piece at a time.
 * Errors are SaidErrors saying what is wrong.
 */
export function readZip(buf: Uint8Array, limits: ZipLimits = ZIP_LIMITS): Map<string, Buffer> {
  checkZip(buf, limits);
  const files = new Map<string, Buffer>();
  inflate(buf, limits, (name) => {
    const chunks: Uint8Array[] = [];
    return (chunk, final) => {
      chunks.push(chunk);
      if (final) files.set(name, Buffer.concat(chunks));
    };
  });
  return files;
}

/** Checks that a ZIP archive (an XLSX workbook before a library opens it) unpacks within `limits`, keeping nothing. */
export function checkZip(buf: Uint8Array, limits: ZipLimits = ZIP_LIMITS): void {
  checkDirectory(buf, limits);
  inflate(buf, limits);
}

/** A ZIP archive of the given files, stored without compression (test fixtures, template downloads). */
export function writeZip(files: Record<string, Buffer | string>): Buffer {
  const entries = Object.fromEntries(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? Buffer.from(content, 'utf8') : content]));
  return Buffer.from(zipSync(entries, { level: 0 }));
}
