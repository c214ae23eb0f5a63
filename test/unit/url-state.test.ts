import { describe, expect, it } from 'vitest';
import { decodeUrlView, encodeUrlView, type UrlView } from '../../client/state/url-state.ts';

describe('view in the address bar', () => {
  const full: UrlView = {
    asOf: '2024-12-31',
    colourBy: 'drug_free',
    layers: ['communes', 'borders', 'hqs'],
    tab: 'dashboard',
    camera: { zoom: 9.25, lat: 21.38612, lng: 103.01734 },
    selected: ['99003', '99017'],
    highlight: { codes: ['99001', '99002', '99045'], source: 'transformation:designated' },
    commune: '99017',
  };

  it('round-trips every part of the view', () => {
    expect(decodeUrlView(encodeUrlView(full))).toEqual(full);
  });

  it('writes a readable link: commas, slashes and colons unescaped', () => {
    const q = encodeUrlView(full);
    expect(q).toContain('map=9.25/21.38612/103.01734');
    expect(q).toContain('sel=99003,99017');
    expect(q).toContain('hlOf=transformation:designated');
  });

  it('rounds the camera to what a link needs (about a metre)', () => {
    const q = encodeUrlView({ camera: { zoom: 8.123456, lat: 21.123456789, lng: 103.987654321 } });
    expect(q).toBe('map=8.12/21.12346/103.98765');
  });

  it('keeps "all layers off" distinct from "not said"', () => {
    expect(decodeUrlView(encodeUrlView({ layers: [] }))).toEqual({ layers: [] });
    expect(decodeUrlView('')).toEqual({});
  });

  it('ignores what it does not recognise and keeps the rest', () => {
    const v = decodeUrlView(
      '?asOf=2024-13-45&by=nonsense&layers=communes,evil&tab=<script>&map=99/500/0&sel=99001,abc,1234567,99001&hl=&hlOf=x&commune=9900&utm_source=mail',
    );
    expect(v).toEqual({ layers: ['communes'], selected: ['99001'] });
  });

  it('drops a highlight source that is not an identifier but keeps its communes', () => {
    expect(decodeUrlView('hl=99001&hlOf=%22%3E%3Cimg').highlight).toEqual({ codes: ['99001'], source: null });
  });
});
