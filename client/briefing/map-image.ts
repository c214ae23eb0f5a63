import type { Map as MapLibreMap } from 'maplibre-gl';
import { maplibregl } from '../map/maplibre.ts';

/**
 * The map at print resolution: an offscreen MapLibre map with the live map's style, data and icons, drawn
 * at a high pixel ratio into a buffer that is kept for reading back (preserveDrawingBuffer), over the area
 * the user is looking at. The live map is left alone.
 */
export interface MapImage {
  canvas: HTMLCanvasElement;
  /** Ground metres per CSS pixel of the offscreen map at its centre (for the scale bar). */
  metresPerCssPixel: number;
  cssWidth: number;
}

const EARTH_CIRCUMFERENCE = 40_075_016.686;

export async function renderMapImage(live: MapLibreMap, cssWidth: number, cssHeight: number, pixelRatio: number, timeoutMs = 30_000): Promise<MapImage> {
  const container = document.createElement('div');
  // Laid out (MapLibre needs a size) but off the screen and out of the accessibility tree.
  Object.assign(container.style, { position: 'fixed', left: '-20000px', top: '0', width: `${cssWidth}px`, height: `${cssHeight}px` });
  container.setAttribute('aria-hidden', 'true');
  document.body.appendChild(container);
  const offscreen = new maplibregl.Map({
    container,
    style: live.getStyle(),
    bounds: live.getBounds(),
    pixelRatio,
    interactive: false,
    attributionControl: false,
    fadeDuration: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
  });
  try {
    // Icons drawn at start-up (border gates) are not part of the style: copy them over when the print map asks for
    // them. The resolver is awaited before an image counts as missing; a 'styleimagemissing' listener comes too late
    // (MapLibre fires it after the tile's icons were settled, and the symbols are dropped).
    offscreen.setMissingStyleImageResolver(async (id) => {
      const image = live.getImage(id);
      if (!image || offscreen.hasImage(id)) return;
      const { width, height, data } = image.data;
      offscreen.addImage(id, { width, height, data: new Uint8Array(data) }, { pixelRatio: image.pixelRatio, sdf: image.sdf });
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the print map did not finish drawing')), timeoutMs);
      offscreen.once('idle', () => {
        clearTimeout(timer);
        resolve();
      });
      offscreen.once('error', (e) => {
        clearTimeout(timer);
        reject(e.error ?? new Error('map error'));
      });
    });
    const source = offscreen.getCanvas();
    const canvas = document.createElement('canvas');
    canvas.width = source.width;
    canvas.height = source.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(source, 0, 0);
    if (isBlank(ctx, canvas.width, canvas.height)) throw new Error('the print map came out blank');
    const lat = offscreen.getCenter().lat;
    const metresPerCssPixel = (EARTH_CIRCUMFERENCE * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** offscreen.getZoom());
    return { canvas, metresPerCssPixel, cssWidth };
  } finally {
    offscreen.remove();
    container.remove();
  }
}

/** A blank read-back (a cleared drawing buffer) is one flat colour: sample a grid and count colours. */
export function isBlank(ctx: CanvasRenderingContext2D, width: number, height: number): boolean {
  const { data } = ctx.getImageData(0, 0, width, height);
  const seen = new Set<number>();
  const stepX = Math.max(1, Math.floor(width / 40));
  const stepY = Math.max(1, Math.floor(height / 40));
  for (let y = 0; y < height; y += stepY) {
    for (let x = 0; x < width; x += stepX) {
      const i = (y * width + x) * 4;
      seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2] | (data[i + 3] === 0 ? 1 << 24 : 0));
      if (seen.size > 8) return false;
    }
  }
  return true;
}
