import { describe, expect, it } from 'vitest';
import { parseBbox, parseCrs, parseDatetime } from '../../server/ogc/params.ts';
import { tokenOf } from '../../server/plugins/auth.ts';
import { cql2ToSql } from '../../server/ogc/cql2.ts';

describe('OGC API query parameters', () => {
  it('datetime: an instant is one date; a date-time is the date it is in Vietnam (UTC+7)', () => {
    expect(parseDatetime('2025-06-30')).toEqual({ start: '2025-06-30', end: '2025-06-30', interval: false });
    expect(parseDatetime('2025-06-30T16:59:59Z').start).toBe('2025-06-30');
    expect(parseDatetime('2025-06-30T17:00:00Z').start).toBe('2025-07-01');
    expect(parseDatetime('2025-06-30T23:00:00+07:00').start).toBe('2025-06-30');
  });

  it('datetime: intervals with open ends', () => {
    expect(parseDatetime('2024-01-01/2025-12-31')).toEqual({ start: '2024-01-01', end: '2025-12-31', interval: true });
    expect(parseDatetime('../2025-12-31')).toEqual({ start: null, end: '2025-12-31', interval: true });
    expect(parseDatetime('2024-01-01/..')).toEqual({ start: '2024-01-01', end: null, interval: true });
    expect(parseDatetime('2024-01-01/')).toEqual({ start: '2024-01-01', end: null, interval: true });
  });

  it('datetime: refuses what is not a date, a reversed interval, and dates outside 1900–2100, naming the parameter', () => {
    for (const bad of ['yesterday', '2025-13-01', '1899-12-31', '2025-06-30/2025-01-01', 'a/b/c', '..', '2025-06-30T25:00']) {
      expect(() => parseDatetime(bad), bad).toThrow(/querystring\/datetime/);
    }
  });

  it('crs: URIs and the short forms, refusing others with the list', () => {
    expect(parseCrs(undefined, 'crs')).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    expect(parseCrs('EPSG:4326', 'crs')).toBe('http://www.opengis.net/def/crs/EPSG/0/4326');
    expect(parseCrs('[EPSG:3857]', 'crs')).toBe('http://www.opengis.net/def/crs/EPSG/0/3857');
    expect(parseCrs('https://www.opengis.net/def/crs/OGC/1.3/CRS84', 'crs')).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    expect(() => parseCrs('EPSG:2000', 'querystring/crs')).toThrow(/querystring\/crs "EPSG:2000" is not supported; use one of/);
  });

  it('bbox: four or six numbers, latitude first in EPSG:4326, south-west corner first', () => {
    const crs84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
    expect(parseBbox('102,20.5,104,22.8', crs84)).toEqual({ west: 102, south: 20.5, east: 104, north: 22.8, srid: 4326 });
    expect(parseBbox('102,20.5,0,104,22.8,100', crs84)).toEqual({ west: 102, south: 20.5, east: 104, north: 22.8, srid: 4326 });
    expect(parseBbox('20.5,102,22.8,104', 'http://www.opengis.net/def/crs/EPSG/0/4326')).toEqual({ west: 102, south: 20.5, east: 104, north: 22.8, srid: 4326 });
    expect(parseBbox('1,2,3,4', 'http://www.opengis.net/def/crs/EPSG/0/3857').srid).toBe(3857);
    for (const bad of ['1,2,3', '1,2,3,x', '104,20,102,22', '-190,0,0,1', '', '1,,3,4']) expect(() => parseBbox(bad, crs84), bad).toThrow(/querystring\/bbox/);
  });
});

describe('Authorization header', () => {
  it('takes a Bearer token, or the password of Basic authentication', () => {
    expect(tokenOf('Bearer pst_abc')).toBe('pst_abc');
    expect(tokenOf('bearer   pst_abc')).toBe('pst_abc');
    expect(tokenOf(`Basic ${Buffer.from('qgis:pst_abc').toString('base64')}`)).toBe('pst_abc');
    expect(tokenOf(`Basic ${Buffer.from('no colon').toString('base64')}`)).toBeNull();
    expect(tokenOf('Digest x')).toBeNull();
    expect(tokenOf('Bearer')).toBeNull();
  });
});

describe('CQL2 text filters', () => {
  const props = {
    drug_free: { type: 'string', title: '' },
    population: { type: 'integer', title: '', nullable: true },
    touches: { type: 'boolean', title: '' },
    name: { type: 'string', title: '' },
  } as const;
  const sql = (text: string) => cql2ToSql(text, props, 3);

  it('turns comparisons, IN lists, IS NULL, AND, OR, NOT into SQL with every literal a parameter', () => {
    expect(sql(`drug_free = 'certified'`)).toEqual({ sql: `(b."drug_free"::text = $3::text)`, params: ['certified'] });
    expect(sql(`drug_free IN ('certified','revoked') AND population > 5000`)).toEqual({
      sql: `(b."drug_free"::text IN ($3::text, $4::text) AND b."population"::float8 > $5::float8)`,
      params: ['certified', 'revoked', 5000],
    });
    expect(sql(`NOT (touches = TRUE OR population IS NULL)`).sql).toBe(`(NOT (((b."touches" = $3::boolean OR b."population" IS NULL))))`);
    expect(sql(`name = 'Xã Mường Nhé''s' AND "drug_free" NOT IN ('building')`).params).toEqual(["Xã Mường Nhé's", 'building']);
  });

  it('refuses, naming the position: unknown properties, wrong literals, unclosed text, injection attempts', () => {
    expect(() => sql(`colour = 'red'`)).toThrow(/position 1: "colour" is not a property/);
    expect(() => sql(`population = 'many'`)).toThrow(/population is a number/);
    expect(() => sql(`name = 'open`)).toThrow(/not closed/);
    expect(() => sql(`name = 'a'; DROP TABLE commune`)).toThrow(/unexpected character ";"/);
    expect(() => sql(`name = 'a' name`)).toThrow(/unexpected "name"/);
    expect(() => sql('')).toThrow(/empty/);
    expect(() => sql(`${'('.repeat(30)}name = 'a'${')'.repeat(30)}`)).toThrow(/nested more than 20/);
  });
});
