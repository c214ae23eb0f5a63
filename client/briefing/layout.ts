import type { Direction, Tone } from '../panels/dashboard/figures.ts';
import type { MapImage } from './map-image.ts';
import { wrap, type Painter, PT_TO_MM } from './painter.ts';

/** Everything printed on the briefing page, already worded in the user's language. */
export interface BriefingContent {
  title: string;
  subtitle: string;
  asOf: string;
  /** "DỮ LIỆU MẪU / Demo data" when the province is demo data. */
  demoMark: string | null;
  indicatorsHeading: string;
  indicators: { lead: string; text: string; changeText: string; direction: Direction | null; tone: Tone }[];
  yearlyHeading: string;
  yearly: { name: string; value: string; changeText: string | null; direction: Direction | null; tone: Tone }[];
  legendHeading: string;
  legendTitle: string;
  /** Swatches in reading order; a 'heading' starts a new line with a label for the entries after it. */
  legend: { colour: string; label: string; count?: string; shape: 'area' | 'line' | 'dot' | 'outline' | 'diamond' | 'heading' }[];
  north: string;
  footerLeft: string;
  footerRight: string;
  map: MapImage;
}

const INK = '#111827';
const SOFT = '#4b5563';
const MUTED = '#6b7280';
const RULE = '#cbd5e1';
const HEADER = '#102a43';
const TONES: Record<Tone, string> = { good: '#15803d', bad: '#b91c1c', neutral: '#64748b' };
const DEMO_FILL = '#fbbf24';
const DEMO_INK = '#3b2300';

/** The map frame on an A4 landscape page (mm); the offscreen map is rendered to this aspect ratio. */
export const MAP_FRAME = { x: 10, y: 31, w: 182, h: 144 };

const lineHeight = (size: number, factor = 1.3) => size * PT_TO_MM * factor;

function arrow(p: Painter, x: number, y: number, direction: Direction, colour: string) {
  // A small triangle (no font has ▲▼ in the bundled subsets): apex up or down, base width 2 mm.
  if (direction === 'flat') p.rect(x, y - 1.4, 1.8, 1.2, { fill: colour });
  else if (direction === 'up') p.polygon([[x, y], [x + 2, y], [x + 1, y - 1.8]], { fill: colour });
  else p.polygon([[x, y - 1.8], [x + 2, y - 1.8], [x + 1, y]], { fill: colour });
}

/** Nice scale-bar length: 1, 2 or 5 × 10^n metres, at most `maxMetres`. */
export function niceLength(maxMetres: number): number {
  const pow = 10 ** Math.floor(Math.log10(maxMetres));
  for (const m of [5, 2, 1]) if (m * pow <= maxMetres) return m * pow;
  return pow;
}

function scaleBar(p: Painter, c: BriefingContent) {
  const f = MAP_FRAME;
  const metresPerMm = (c.map.metresPerCssPixel * c.map.cssWidth) / f.w;
  const metres = niceLength(metresPerMm * 40);
  const len = metres / metresPerMm;
  const x = f.x + 5;
  const y = f.y + f.h - 6;
  p.rect(x - 2.5, y - 6.2, len + 14, 9, { fill: '#ffffff', radius: 0.8 });
  const quarters = 4;
  for (let i = 0; i < quarters; i++) {
    p.rect(x + (i * len) / quarters, y - 1.2, len / quarters, 1.6, { fill: i % 2 ? '#ffffff' : INK, stroke: INK, lineWidth: 0.2 });
  }
  const label = (m: number) => (metres >= 1000 ? `${m / 1000}` : `${m}`);
  p.text('0', x, y - 2.2, { size: 6.5, colour: INK, align: 'center' });
  p.text(label(metres / 2), x + len / 2, y - 2.2, { size: 6.5, colour: INK, align: 'center' });
  p.text(`${label(metres)} ${metres >= 1000 ? 'km' : 'm'}`, x + len, y - 2.2, { size: 6.5, colour: INK, align: 'left' });
}

function northArrow(p: Painter, c: BriefingContent) {
  const cx = MAP_FRAME.x + MAP_FRAME.w - 9;
  const top = MAP_FRAME.y + 5;
  p.rect(cx - 5, top - 1.5, 10, 16.5, { fill: '#ffffff', radius: 0.8 });
  p.polygon([[cx, top + 1], [cx + 3, top + 10], [cx, top + 8]], { fill: INK });
  p.polygon([[cx, top + 1], [cx - 3, top + 10], [cx, top + 8]], { fill: '#ffffff', stroke: INK, lineWidth: 0.25 });
  p.text(c.north, cx, top + 14, { size: 7.5, weight: 600, colour: INK, align: 'center' });
}

function legend(p: Painter, c: BriefingContent) {
  const f = MAP_FRAME;
  let y = f.y + f.h + 5;
  p.text(`${c.legendHeading}: ${c.legendTitle}`, f.x, y, { size: 8, weight: 600, colour: INK });
  y += 4.2;
  let x = f.x;
  const style = { size: 7.2, colour: SOFT };
  for (const e of c.legend) {
    if (e.shape === 'heading') {
      if (x > f.x) {
        x = f.x;
        y += 4;
      }
      if (y > p.height - 10.5) break;
      p.text(e.label, x, y, { ...style, weight: 600 });
      x += p.measure(e.label, { ...style, weight: 600 }) + 3;
      continue;
    }
    const text = e.count !== undefined ? `${e.label} (${e.count})` : e.label;
    const w = 5.5 + p.measure(text, style) + 4;
    if (x + w > f.x + f.w) {
      x = f.x;
      y += 4;
    }
    // Never over the footer: a legend longer than the room left under the map is cut.
    if (y > p.height - 10.5) break;
    if (e.shape === 'area') p.rect(x, y - 2.5, 3.8, 2.8, { fill: e.colour, stroke: '#9ca3af', lineWidth: 0.15 });
    else if (e.shape === 'line') p.rect(x, y - 1.4, 3.8, 0.8, { fill: e.colour });
    else if (e.shape === 'outline') p.rect(x + 0.2, y - 2.4, 3.4, 2.6, { stroke: e.colour, lineWidth: 0.6 });
    else if (e.shape === 'diamond') {
      // The map's border-gate symbol: a diamond in the level's colour with a white rim.
      const cx = x + 1.9;
      const cy = y - 1.1;
      p.polygon([[cx, cy - 1.8], [cx + 1.8, cy], [cx, cy + 1.8], [cx - 1.8, cy]], { fill: e.colour, stroke: '#6b7280', lineWidth: 0.15 });
    }
    else p.rect(x + 0.9, y - 2.2, 2, 2, { fill: e.colour, radius: 1 });
    p.text(text, x + 5.2, y, style);
    x += w;
  }
}

function header(p: Painter, c: BriefingContent) {
  p.rect(0, 0, p.width, 4, { fill: HEADER });
  p.text(c.title, 10, 13.5, { size: 17, weight: 600, colour: HEADER });
  p.text(`${c.subtitle} · ${c.asOf}`, 10, 20, { size: 9.5, colour: SOFT });
  if (c.demoMark) {
    const style = { size: 10.5, weight: 600 as const, colour: DEMO_INK };
    const w = p.measure(c.demoMark, style) + 8;
    p.rect(p.width - 10 - w, 8, w, 8.5, { fill: DEMO_FILL, stroke: '#b45309', lineWidth: 0.4, radius: 1 });
    p.text(c.demoMark, p.width - 10 - w / 2, 13.8, { ...style, align: 'center' });
  }
  p.rect(10, 25, p.width - 20, 0.3, { fill: RULE });
}

function indicators(p: Painter, c: BriefingContent) {
  const x = MAP_FRAME.x + MAP_FRAME.w + 8;
  const width = p.width - 10 - x;
  const bottom = p.height - 12;
  let y = MAP_FRAME.y + 3;
  p.text(c.indicatorsHeading.toUpperCase(), x, y, { size: 8, weight: 600, colour: MUTED });
  y += 5;
  const lead = { size: 10.5, weight: 600 as const, colour: HEADER };
  const body = { size: 8.3, colour: INK };
  const small = { size: 7, colour: MUTED };
  for (const item of c.indicators) {
    const leadW = p.measure(item.lead, lead) + 1.6;
    const lines = wrap(p, item.text, width - leadW, body);
    const need = lineHeight(10.5) + (lines.length - 1) * lineHeight(8.3) + lineHeight(7) + 2;
    if (y + need > bottom) break;
    p.text(item.lead, x, y, lead);
    lines.forEach((line, i) => p.text(line, x + leadW, y + i * lineHeight(8.3), body));
    y += (lines.length - 1) * lineHeight(8.3) + lineHeight(7.5) + 0.6;
    if (item.direction) arrow(p, x, y, item.direction, TONES[item.tone]);
    p.text(item.changeText, x + (item.direction ? 3 : 0), y, small);
    y += 2.2;
    p.rect(x, y, width, 0.15, { fill: RULE });
    y += lineHeight(10.5);
  }
  if (c.yearly.length && y + 12 < bottom) {
    y += 1.5;
    p.text(c.yearlyHeading.toUpperCase(), x, y, { size: 8, weight: 600, colour: MUTED });
    y += 4.8;
    for (const row of c.yearly) {
      if (y + 8 > bottom) break;
      p.text(row.name, x, y, body);
      p.text(row.value, x + width, y, { ...body, weight: 600, align: 'right' });
      y += lineHeight(8.3);
      if (row.direction) arrow(p, x, y, row.direction, TONES[row.tone]);
      if (row.changeText) p.text(row.changeText, x + (row.direction ? 3 : 0), y, small);
      y += lineHeight(8.3) + 0.6;
    }
  }
}

/** Lays the briefing out on an A4 landscape page (297 × 210 mm). */
export function drawBriefing(p: Painter, c: BriefingContent): void {
  p.rect(0, 0, p.width, p.height, { fill: '#ffffff' });
  header(p, c);
  const f = MAP_FRAME;
  p.image(c.map.canvas, f.x, f.y, f.w, f.h);
  p.rect(f.x, f.y, f.w, f.h, { stroke: '#6b7280', lineWidth: 0.3 });
  northArrow(p, c);
  scaleBar(p, c);
  if (c.demoMark) {
    // On the map as well: a cut-out map travels without its page header.
    const style = { size: 8, weight: 600 as const, colour: DEMO_INK };
    const w = p.measure(c.demoMark, style) + 5;
    p.rect(f.x + f.w - w - 3, f.y + f.h - 8.5, w, 5.5, { fill: DEMO_FILL, radius: 0.8 });
    p.text(c.demoMark, f.x + f.w - 3 - w / 2, f.y + f.h - 4.6, { ...style, align: 'center' });
  }
  legend(p, c);
  indicators(p, c);
  p.rect(10, p.height - 9, p.width - 20, 0.2, { fill: RULE });
  p.text(c.footerLeft, 10, p.height - 5, { size: 6.8, colour: MUTED });
  p.text(c.footerRight, p.width - 10, p.height - 5, { size: 6.8, colour: MUTED, align: 'right' });
}
