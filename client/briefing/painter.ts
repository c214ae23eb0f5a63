import type { jsPDF } from 'jspdf';
import type { TextRun } from './text-runs.ts';

/**
 * One page, drawn twice: into the PDF as vector shapes and real text, and onto a canvas for the PNG. The
 * layout (layout.ts) speaks to this interface in millimetres and points, so both outputs are the same page.
 */
export interface TextStyle {
  /** Font size in points. */
  size: number;
  weight?: 400 | 600;
  colour?: string;
  align?: 'left' | 'center' | 'right';
}

export interface ShapeStyle {
  fill?: string;
  stroke?: string;
  /** mm */
  lineWidth?: number;
}

export interface Painter {
  /** Page size in mm. */
  readonly width: number;
  readonly height: number;
  rect(x: number, y: number, w: number, h: number, style: ShapeStyle & { radius?: number }): void;
  polygon(points: [number, number][], style: ShapeStyle & { close?: boolean }): void;
  /** Draws text with its baseline at y. */
  text(s: string, x: number, y: number, style: TextStyle): void;
  /** Width of the text in mm. */
  measure(s: string, style: TextStyle): number;
  image(source: HTMLCanvasElement, x: number, y: number, w: number, h: number): void;
}

export const PT_TO_MM = 25.4 / 72;

/** Font family in the PDF for each subset and weight (registered by pdf-fonts.ts). */
export type PdfFamily = (subset: string, weight: 400 | 600) => string;

export class PdfPainter implements Painter {
  readonly width: number;
  readonly height: number;
  constructor(
    private doc: jsPDF,
    private split: (text: string) => TextRun[],
    private family: PdfFamily,
  ) {
    this.width = doc.internal.pageSize.getWidth();
    this.height = doc.internal.pageSize.getHeight();
  }

  #shape(style: ShapeStyle): 'F' | 'S' | 'FD' | null {
    if (style.fill) this.doc.setFillColor(style.fill);
    if (style.stroke) {
      this.doc.setDrawColor(style.stroke);
      this.doc.setLineWidth(style.lineWidth ?? 0.2);
    }
    return style.fill && style.stroke ? 'FD' : style.fill ? 'F' : style.stroke ? 'S' : null;
  }

  rect(x: number, y: number, w: number, h: number, style: ShapeStyle & { radius?: number }): void {
    const mode = this.#shape(style);
    if (!mode) return;
    if (style.radius) this.doc.roundedRect(x, y, w, h, style.radius, style.radius, mode);
    else this.doc.rect(x, y, w, h, mode);
  }

  polygon(points: [number, number][], style: ShapeStyle & { close?: boolean }): void {
    const mode = this.#shape(style);
    if (!mode || points.length < 2) return;
    const [first, ...rest] = points;
    let [px, py] = first;
    const deltas = rest.map(([x, y]) => {
      const d: [number, number] = [x - px, y - py];
      [px, py] = [x, y];
      return d;
    });
    this.doc.lines(deltas, first[0], first[1], [1, 1], mode, style.close ?? true);
  }

  measure(s: string, style: TextStyle): number {
    this.doc.setFontSize(style.size);
    let w = 0;
    for (const run of this.split(s)) {
      this.doc.setFont(this.family(run.subset, style.weight ?? 400), 'normal');
      w += this.doc.getTextWidth(run.text);
    }
    return w;
  }

  text(s: string, x: number, y: number, style: TextStyle): void {
    const width = style.align && style.align !== 'left' ? this.measure(s, style) : 0;
    let at = style.align === 'center' ? x - width / 2 : style.align === 'right' ? x - width : x;
    this.doc.setFontSize(style.size);
    this.doc.setTextColor(style.colour ?? '#111827');
    // Run by run: each subset of Noto Sans is its own embedded font; the text stays real, searchable text.
    for (const run of this.split(s)) {
      this.doc.setFont(this.family(run.subset, style.weight ?? 400), 'normal');
      this.doc.text(run.text, at, y);
      at += this.doc.getTextWidth(run.text);
    }
  }

  image(source: HTMLCanvasElement, x: number, y: number, w: number, h: number): void {
    // JPEG keeps a print-resolution map to a few hundred kilobytes.
    this.doc.addImage(source.toDataURL('image/jpeg', 0.92), 'JPEG', x, y, w, h, undefined, 'FAST');
  }
}

export class CanvasPainter implements Painter {
  readonly width: number;
  readonly height: number;
  /** px per mm */
  readonly scale: number;
  constructor(
    private ctx: CanvasRenderingContext2D,
    widthMm: number,
    heightMm: number,
    private fontFamily: string,
  ) {
    this.width = widthMm;
    this.height = heightMm;
    this.scale = ctx.canvas.width / widthMm;
  }

  #apply(style: ShapeStyle) {
    const k = this.scale;
    if (style.fill) this.ctx.fillStyle = style.fill;
    if (style.stroke) {
      this.ctx.strokeStyle = style.stroke;
      this.ctx.lineWidth = (style.lineWidth ?? 0.2) * k;
    }
  }

  rect(x: number, y: number, w: number, h: number, style: ShapeStyle & { radius?: number }): void {
    const k = this.scale;
    this.#apply(style);
    this.ctx.beginPath();
    this.ctx.roundRect(x * k, y * k, w * k, h * k, (style.radius ?? 0) * k);
    if (style.fill) this.ctx.fill();
    if (style.stroke) this.ctx.stroke();
  }

  polygon(points: [number, number][], style: ShapeStyle & { close?: boolean }): void {
    const k = this.scale;
    this.#apply(style);
    this.ctx.beginPath();
    points.forEach(([x, y], i) => (i === 0 ? this.ctx.moveTo(x * k, y * k) : this.ctx.lineTo(x * k, y * k)));
    if (style.close ?? true) this.ctx.closePath();
    if (style.fill) this.ctx.fill();
    if (style.stroke) this.ctx.stroke();
  }

  #font(style: TextStyle) {
    this.ctx.font = `${style.weight ?? 400} ${style.size * PT_TO_MM * this.scale}px "${this.fontFamily}"`;
  }

  measure(s: string, style: TextStyle): number {
    this.#font(style);
    return this.ctx.measureText(s.normalize('NFC')).width / this.scale;
  }

  text(s: string, x: number, y: number, style: TextStyle): void {
    this.#font(style);
    this.ctx.fillStyle = style.colour ?? '#111827';
    this.ctx.textAlign = style.align ?? 'left';
    this.ctx.textBaseline = 'alphabetic';
    this.ctx.fillText(s.normalize('NFC'), x * this.scale, y * this.scale);
  }

  image(source: HTMLCanvasElement, x: number, y: number, w: number, h: number): void {
    const k = this.scale;
    this.ctx.imageSmoothingQuality = 'high';
    this.ctx.drawImage(source, x * k, y * k, w * k, h * k);
  }
}

/** Greedy word wrap to `width` mm. */
export function wrap(p: Painter, text: string, width: number, style: TextStyle): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && p.measure(next, style) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}
