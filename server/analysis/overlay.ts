/**
 * Polygon overlay (Turf's union/intersect/difference, i.e. polyclip) and bounding boxes, with the feature named in
 * the error when the clipping library gives up.
 */
import { difference, featureCollection, intersect, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

type Poly = Polygon | MultiPolygon;
export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function boxOf(g: Poly): Box {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys) for (const ring of poly) for (const [x, y] of ring) {
    if (x < b.minX) b.minX = x;
    if (x > b.maxX) b.maxX = x;
    if (y < b.minY) b.minY = y;
    if (y > b.maxY) b.maxY = y;
  }
  return b;
}

export function boxesMeet(a: Box, b: Box): boolean {
  return a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;
}

const feature = (g: Poly): Feature<Poly> => ({ type: 'Feature', properties: {}, geometry: g });

/** Polygon overlay with the commune named in the error when the clipping library gives up. */
function overlay<T>(where: string, op: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw new Error(`${where}: polygon ${op} failed (${(e as Error).message}); is the geometry valid?`);
  }
}

/** Union of polygons (null for none). */
export function unionAll(polys: Poly[], where: string): Poly | null {
  if (polys.length === 0) return null;
  if (polys.length === 1) return polys[0];
  return overlay(where, 'union', () => union(featureCollection(polys.map(feature)))?.geometry ?? null);
}

export function intersection(a: Poly, b: Poly, where: string): Poly | null {
  return overlay(where, 'intersection', () => intersect(featureCollection([feature(a), feature(b)]))?.geometry ?? null);
}

export function minus(a: Poly, b: Poly[], where: string): Poly | null {
  if (b.length === 0) return a;
  return overlay(where, 'difference', () => difference(featureCollection([feature(a), ...b.map(feature)]))?.geometry ?? null);
}

