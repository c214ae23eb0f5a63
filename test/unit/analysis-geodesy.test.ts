import { describe, expect, it } from 'vitest';
import { ellipsoidAreaKm2, geodesicCircle, geodesicDestination, geodesicKm } from '../../server/analysis/geodesy.ts';

const dms = (d: number, m: number, s: number) => Math.sign(d) * (Math.abs(d) + m / 60 + s / 3600);

describe('WGS84 geodesy', () => {
  it("gives Vincenty's published distance from Flinders Peak to Buninyong (54,972.271 m)", () => {
    const flinders = [dms(144, 25, 29.5244), dms(-37, 57, 3.7203)];
    const buninyong = [dms(143, 55, 35.3839), dms(-37, 39, 10.1561)];
    expect(geodesicKm(flinders, buninyong) * 1000).toBeCloseTo(54972.271, 2);
  });

  it('measures a degree of latitude at 21° N as the meridian arc (110.72 km), not the 111.19 km of a sphere', () => {
    expect(geodesicKm([103, 21], [103, 22])).toBeCloseTo(110.7236, 3);
    expect(geodesicKm([103, 21.5], [103, 21.5])).toBe(0);
  });

  it('destination and distance are inverse of each other in every direction', () => {
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const q = geodesicDestination([103.02, 21.39], 7.5, bearing);
      expect(geodesicKm([103.02, 21.39], q)).toBeCloseTo(7.5, 8); // within 5 µm
    }
  });

  it('a 64-step circle has the area of the inscribed 64-gon, n·sin(2π/n)/(2π) of πr² (−0.16 %)', () => {
    const n = 64, r = 10;
    const expected = Math.PI * r * r * (n * Math.sin((2 * Math.PI) / n)) / (2 * Math.PI);
    const got = ellipsoidAreaKm2(geodesicCircle([103, 21.5], r, n));
    expect(Math.abs(got - expected) / expected).toBeLessThan(1e-5);
    expect(geodesicCircle([103, 21.5], r, n).coordinates[0]).toHaveLength(n + 1);
  });

  it('measures a 1° × 1° cell at the equator as the ellipsoid does (12,308.8 km²)', () => {
    const cell = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
    // Exact ellipsoidal value of the cell between the equator and 1° N over 1° of longitude.
    expect(ellipsoidAreaKm2(cell)).toBeCloseTo(12308.778, 0);
  });
});
