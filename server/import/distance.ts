/**
 * Short ground distances for messages ("moved 35 m", "gap 2.2 km"): equirectangular on a sphere, whole metres.
 * Enough for nearby points; analyses use geodesic distances.
 */
export function metresBetween(a: readonly number[], b: readonly number[]): number {
  const rad = Math.PI / 180;
  const x = (b[0] - a[0]) * rad * Math.cos(((a[1] + b[1]) / 2) * rad);
  const y = (b[1] - a[1]) * rad;
  return Math.round(Math.sqrt(x * x + y * y) * 6_371_000);
}

/** "850 m", "2.2 km" / "2,2 km" (Vietnamese decimal comma). */
export const distanceText = (m: number, lang: 'en' | 'vi') =>
  (m >= 1000 ? `${(m / 1000).toFixed(1)} km` : `${m} m`).replace('.', lang === 'vi' ? ',' : '.');
