import latin400 from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import latin600 from '@fontsource/noto-sans/files/noto-sans-latin-600-normal.woff2?url';
import latinExt400 from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2?url';
import latinExt600 from '@fontsource/noto-sans/files/noto-sans-latin-ext-600-normal.woff2?url';
import vietnamese400 from '@fontsource/noto-sans/files/noto-sans-vietnamese-400-normal.woff2?url';
import vietnamese600 from '@fontsource/noto-sans/files/noto-sans-vietnamese-600-normal.woff2?url';

/**
 * Noto Sans, bundled (no font server at run time). Fontsource splits it into subsets by Unicode range;
 * Vietnamese needs three of them: Basic Latin, the Vietnamese letters (ă â đ ê ô ơ ư and the tone-marked
 * U+1EA0–1EF9), and Latin Extended for the rest. The ranges are Fontsource's own `unicode-range` values.
 * MapLibre draws a character with the first declared file whose range covers it, so the Vietnamese
 * subset comes first and wins where the ranges overlap (U+1EF2–1EF9, combining marks).
 */
export interface FontSubset {
  name: string;
  unicodeRange: string[];
  files: Record<FontWeight, string>;
}
export type FontWeight = 400 | 600;

export const NOTO_SANS: FontSubset[] = [
  {
    name: 'vietnamese',
    unicodeRange: ['U+0102-0103', 'U+0110-0111', 'U+0128-0129', 'U+0168-0169', 'U+01A0-01A1', 'U+01AF-01B0', 'U+0300-0301', 'U+0303-0304', 'U+0308-0309', 'U+0323', 'U+0329', 'U+1EA0-1EF9', 'U+20AB'],
    files: { 400: vietnamese400, 600: vietnamese600 },
  },
  {
    name: 'latin',
    unicodeRange: ['U+0000-00FF', 'U+0131', 'U+0152-0153', 'U+02BB-02BC', 'U+02C6', 'U+02DA', 'U+02DC', 'U+0304', 'U+0308', 'U+0329', 'U+2000-206F', 'U+20AC', 'U+2122', 'U+2191', 'U+2193', 'U+2212', 'U+2215', 'U+FEFF', 'U+FFFD'],
    files: { 400: latin400, 600: latin600 },
  },
  {
    name: 'latin-ext',
    unicodeRange: ['U+0100-02BA', 'U+02BD-02C5', 'U+02C7-02CC', 'U+02CE-02D7', 'U+02DD-02FF', 'U+0304', 'U+0308', 'U+0329', 'U+1D00-1DBF', 'U+1E00-1E9F', 'U+1EF2-1EFF', 'U+2020', 'U+20A0-20AB', 'U+20AD-20C0', 'U+2113', 'U+2C60-2C7F', 'U+A720-A7FF'],
    files: { 400: latinExt400, 600: latinExt600 },
  },
];

/** Absolute URL of a bundled file (MapLibre fetches font files itself and wants absolute URLs). */
export const absoluteUrl = (url: string) => new URL(url, document.baseURI).href;

/**
 * Registers the bundled Noto Sans for the page's own text. The browser downloads a subset only when a
 * character in its range is shown, exactly as with CSS `@font-face` + `unicode-range`.
 */
export function registerPageFonts(family = 'Noto Sans'): void {
  if (typeof FontFace === 'undefined') return;
  for (const subset of NOTO_SANS) {
    for (const [weight, url] of Object.entries(subset.files)) {
      const face = new FontFace(family, `url(${JSON.stringify(url)}) format("woff2")`, {
        weight,
        style: 'normal',
        display: 'swap',
        unicodeRange: subset.unicodeRange.join(','),
      });
      document.fonts.add(face);
    }
  }
}
