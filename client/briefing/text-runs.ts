/**
 * Splits text into runs that one font subset can draw. Noto Sans is bundled as subsets (Vietnamese letters
 * in one file, Basic Latin in another); the PDF embeds each subset as a font and draws a line run by run,
 * choosing for each character the first subset whose Unicode range covers it, as browsers and MapLibre do.
 */

export interface RangedSubset {
  name: string;
  /** CSS `unicode-range` items: `U+0102-0103`, `U+0323`. */
  unicodeRange: string[];
}

export interface TextRun {
  subset: string;
  text: string;
}

function parseRanges(items: string[]): [number, number][] {
  return items.map((item) => {
    const [from, to] = item.replace(/^U\+/i, '').split('-');
    const a = parseInt(from, 16);
    return [a, to ? parseInt(to, 16) : a];
  });
}

export function runSplitter(subsets: RangedSubset[]): (text: string) => TextRun[] {
  const parsed = subsets.map((s) => ({ name: s.name, ranges: parseRanges(s.unicodeRange) }));
  const fallback = parsed[0]?.name ?? '';
  const subsetOf = (cp: number) => parsed.find((s) => s.ranges.some(([a, b]) => cp >= a && cp <= b))?.name ?? fallback;
  return (text) => {
    const runs: TextRun[] = [];
    // NFC: every Vietnamese letter is one code point, found in the Vietnamese subset.
    for (const ch of text.normalize('NFC')) {
      const subset = subsetOf(ch.codePointAt(0)!);
      const last = runs.at(-1);
      if (last && last.subset === subset) last.text += ch;
      else runs.push({ subset, text: ch });
    }
    return runs;
  };
}
