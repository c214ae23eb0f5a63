import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * Icons drawn on a canvas at start-up: the style has no sprite (nothing is fetched), and a diamond
 * reads as "border gate" better than one more circle next to the HQ markers.
 */
export function addDiamondIcon(map: MapLibreMap, name: string, fill: string, size = 22, pixelRatio = 2): void {
  if (map.hasImage(name)) return;
  const px = size * pixelRatio;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = px;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const mid = px / 2;
  const r = mid - 2.5 * pixelRatio;
  ctx.beginPath();
  ctx.moveTo(mid, mid - r);
  ctx.lineTo(mid + r, mid);
  ctx.lineTo(mid, mid + r);
  ctx.lineTo(mid - r, mid);
  ctx.closePath();
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 1.6 * pixelRatio;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  map.addImage(name, ctx.getImageData(0, 0, px, px), { pixelRatio });
}
