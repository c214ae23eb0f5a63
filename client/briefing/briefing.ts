import type { Map as MapLibreMap } from 'maplibre-gl';
import type { CommuneSummary, IndicatorsResponse, Province } from '../api/client.ts';
import type { Messages } from '../i18n/types.ts';
import { BORDER_GATE_LEVELS } from '../../server/domain.ts';
import { BORDER_COLOURS, BORDER_FALLBACK_COLOUR, colourEntries, communeValue, GATE_COLOURS, NO_HQ, type ColourBy } from '../map/colours.ts';
import { colourByLabel, colourValueLabel, countryLabel, gateLevelLabel, hqStatusLabel } from '../i18n/labels.ts';
import { indicatorText, yearlyRows } from '../panels/dashboard/figures.ts';
import { drawBriefing, MAP_FRAME, type BriefingContent } from './layout.ts';
import { renderMapImage } from './map-image.ts';
import { CanvasPainter, PdfPainter } from './painter.ts';

export type BriefingFormat = 'pdf' | 'png';
export type BriefingStep = 'map' | 'fonts' | 'page' | 'file';

export interface BriefingInput {
  format: BriefingFormat;
  t: Messages;
  map: MapLibreMap;
  province: Province;
  /** What the figures are about, as the header names it: the province, or "Toàn quốc (34 tỉnh)". */
  viewName: string;
  data: IndicatorsResponse;
  colourBy: ColourBy;
  communes: CommuneSummary[] | null;
  /** The user sees some communes only (not the whole province). */
  limitedArea: boolean;
  bordersVisible: boolean;
  hqsVisible: boolean;
  /** The border gates drawn on the map (open on the date): those within the printed map are named in the legend. */
  gates: { name: string; level: string; lon: number; lat: number }[];
  gatesVisible: boolean;
  /** Countries the national border runs along, for the legend. */
  borderCountries: string[];
  highlighted: boolean;
  onstep: (step: BriefingStep) => void;
}

const A4 = { w: 297, h: 210 };
/** PNG resolution: 150 dpi, enough for a slide or a message, small enough to send. */
export const PNG_DPI = 150;
/** The map is drawn at 96 CSS px per inch times this ratio: ≈ 260 dpi in the PDF. */
const MAP_PIXEL_RATIO = 2.75;
const CSS_PX_PER_MM = 96 / 25.4;

/** "Điện Biên" → "dien-bien", for file names. */
export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function briefingFileName(viewName: string, asOf: string, format: BriefingFormat): string {
  return `bao-cao-tinh-hinh-${slug(viewName)}-${asOf}.${format}`;
}

/** Gate names listed per level in the legend; more are counted. */
const GATE_NAMES_PER_LEVEL = 5;

/** One legend line per gate level on the printed map: its symbol, then the names of its gates there. */
function gateLegend(input: BriefingInput): BriefingContent['legend'] {
  const bounds = input.map.getBounds();
  const shown = input.gates.filter((g) => bounds.contains([g.lon, g.lat]));
  return BORDER_GATE_LEVELS.flatMap((level) => {
    const names = shown.filter((g) => g.level === level).map((g) => g.name).sort((a, b) => a.localeCompare(b, 'vi'));
    if (names.length === 0) return [];
    const listed = names.slice(0, GATE_NAMES_PER_LEVEL).join(', ') + (names.length > GATE_NAMES_PER_LEVEL ? ` +${names.length - GATE_NAMES_PER_LEVEL}` : '');
    return [{ colour: GATE_COLOURS[level], label: `${gateLevelLabel(input.t, level)}: ${listed}`, shape: 'diamond' as const }];
  });
}

function content(input: BriefingInput, map: BriefingContent['map']): BriefingContent {
  const { t, data, province, colourBy } = input;
  const counts = new Map<string, number>();
  for (const c of input.communes ?? []) {
    const v = communeValue(c, colourBy);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const legend: BriefingContent['legend'] = colourEntries(colourBy).map((e) => ({
    colour: e.colour,
    label: colourValueLabel(t, colourBy, e.value),
    count: String(counts.get(e.value) ?? 0),
    shape: 'area',
  }));
  if (input.highlighted) legend.push({ colour: '#0e7490', label: t.dashboard.briefingHighlight, shape: 'outline' });
  if (input.bordersVisible) {
    for (const code of input.borderCountries) {
      legend.push({ colour: BORDER_COLOURS[code] ?? BORDER_FALLBACK_COLOUR, label: `${t.layers.borders} (${countryLabel(t, code)})`, shape: 'line' });
    }
  }
  if (input.gatesVisible) legend.push(...gateLegend(input));
  if (input.hqsVisible) {
    legend.push({ colour: '', label: `${t.legend.hqTitle}:`, shape: 'heading' });
    for (const e of colourEntries('hqStatus').filter((e) => e.value !== NO_HQ)) legend.push({ colour: e.colour, label: hqStatusLabel(t, e.value), shape: 'dot' });
  }
  const yearly = yearlyRows(
    t,
    data.yearly.filter((y) => y.provinceCode === province.code),
  ).map((r) => ({
    name: `${(t.dashboard.yearlyNames as Record<string, string>)[r.indicator] ?? r.indicator} (${r.year})`,
    value: `${r.value}${r.unit ? ` ${r.unit}` : ''}`,
    changeText: r.changeText,
    direction: r.direction,
    tone: r.tone,
  }));
  const now = new Date().toISOString();
  const source = province.source.length > 120 ? `${province.source.slice(0, 117)}…` : province.source;
  return {
    title: t.dashboard.briefingTitle,
    subtitle: data.selection
      ? `${t.dashboard.briefingScope(input.viewName)} · ${t.dashboard.scopeSelection(data.communeCount)}`
      : input.limitedArea
        ? `${t.dashboard.briefingScope(input.viewName)} · ${t.dashboard.scopeArea(data.communeCount)}`
        : t.dashboard.briefingScope(input.viewName),
    asOf: t.dashboard.briefingAsOf(t.formatDate(data.asOf)),
    demoMark: province.isDemo ? t.dashboard.demoMark : null,
    indicatorsHeading: t.dashboard.briefingIndicators,
    indicators: data.items.map((item) => indicatorText(t, item, data.previousAsOf)),
    yearlyHeading: t.dashboard.briefingYearly,
    yearly,
    legendHeading: t.dashboard.briefingLegend,
    legendTitle: colourByLabel(t, colourBy),
    legend,
    north: t.dashboard.north,
    footerLeft: t.dashboard.briefingGenerated(t.formatDateTime(now)),
    footerRight: source,
    map,
  };
}

/** Builds the one-page briefing in the browser; nothing leaves the machine. */
export async function makeBriefing(input: BriefingInput): Promise<Blob> {
  input.onstep('map');
  const map = await renderMapImage(input.map, Math.round(MAP_FRAME.w * CSS_PX_PER_MM), Math.round(MAP_FRAME.h * CSS_PX_PER_MM), MAP_PIXEL_RATIO);
  const page = content(input, map);

  if (input.format === 'png') {
    input.onstep('fonts');
    // The page's own Noto Sans (bundled) in both weights, Vietnamese subset included, before drawing text.
    await Promise.all([400, 600].map((w) => document.fonts.load(`${w} 16px "Noto Sans"`, 'Aă Đđ Ơơ Ưư ệ')));
    input.onstep('page');
    const canvas = document.createElement('canvas');
    canvas.width = Math.round((A4.w / 25.4) * PNG_DPI);
    canvas.height = Math.round((A4.h / 25.4) * PNG_DPI);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    drawBriefing(new CanvasPainter(ctx, A4.w, A4.h, 'Noto Sans'), page);
    input.onstep('file');
    return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  }

  input.onstep('fonts');
  const [{ jsPDF }, { registerPdfFonts, familyOf }] = await Promise.all([import('jspdf'), import('./pdf-fonts.ts')]);
  const doc = new jsPDF({ orientation: 'landscape', unit: 'mm', format: 'a4', compress: true });
  const split = await registerPdfFonts(doc);
  input.onstep('page');
  doc.setProperties({ title: `${page.title} · ${input.viewName} · ${input.data.asOf}`, creator: 'Posture', subject: page.asOf });
  drawBriefing(new PdfPainter(doc, split, familyOf), page);
  input.onstep('file');
  return doc.output('blob');
}
