import type { jsPDF } from 'jspdf';
import latin400 from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff?url';
import latin600 from '@fontsource/noto-sans/files/noto-sans-latin-600-normal.woff?url';
import latinExt400 from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff?url';
import latinExt600 from '@fontsource/noto-sans/files/noto-sans-latin-ext-600-normal.woff?url';
import vietnamese400 from '@fontsource/noto-sans/files/noto-sans-vietnamese-400-normal.woff?url';
import vietnamese600 from '@fontsource/noto-sans/files/noto-sans-vietnamese-600-normal.woff?url';
import { NOTO_SANS } from '../ui/fonts.ts';
import { runSplitter, type TextRun } from './text-runs.ts';
import { woffToSfnt } from './woff.ts';
import type { PdfFamily } from './painter.ts';

/**
 * Noto Sans for the PDF: jsPDF's own fonts are Latin-1 only, so the bundled Noto Sans subsets (the same
 * files and Unicode ranges the page and the map use, in WOFF form) are unwrapped to TrueType and embedded.
 */
const FILES: Record<string, Record<400 | 600, string>> = {
  vietnamese: { 400: vietnamese400, 600: vietnamese600 },
  latin: { 400: latin400, 600: latin600 },
  'latin-ext': { 400: latinExt400, 600: latinExt600 },
};

const cache = new Map<string, Promise<string>>();

function base64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function load(url: string): Promise<string> {
  let p = cache.get(url);
  if (!p) {
    p = fetch(url)
      .then((res) => {
        if (!res.ok) throw new Error(`font ${url}: HTTP ${res.status}`);
        return res.arrayBuffer();
      })
      .then(woffToSfnt)
      .then(base64);
    p.catch(() => cache.delete(url));
    cache.set(url, p);
  }
  return p;
}

export const familyOf: PdfFamily = (subset, weight) => `Noto Sans ${subset} ${weight}`;

/** Embeds every subset in both weights; returns the run splitter that matches them. */
export async function registerPdfFonts(doc: jsPDF): Promise<(text: string) => TextRun[]> {
  const entries = Object.entries(FILES).flatMap(([subset, weights]) =>
    ([400, 600] as const).map(async (weight) => ({ subset, weight, data: await load(weights[weight]) })),
  );
  for (const { subset, weight, data } of await Promise.all(entries)) {
    const file = `noto-sans-${subset}-${weight}.ttf`;
    doc.addFileToVFS(file, data);
    doc.addFont(file, familyOf(subset, weight), 'normal', 'normal', 'Identity-H');
  }
  return runSplitter(NOTO_SANS.map(({ name, unicodeRange }) => ({ name, unicodeRange })));
}
