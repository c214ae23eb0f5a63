import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { decodeCsv, parseDate } from '../../server/import/status-table.ts';
import { crsFromName, crsFromPrj, KNOWN_CRS } from '../../server/import/projections.ts';
import { readZip, writeZip } from '../../server/import/zip.ts';

describe('parseDate', () => {
  it('reads ISO and Vietnamese day/month/year dates', () => {
    expect(parseDate('2025-07-01')).toBe('2025-07-01');
    expect(parseDate('1/7/2025')).toBe('2025-07-01');
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
  });
  it('refuses dates that do not exist and other shapes', () => {
    expect(parseDate('2024-02-30')).toBeNull();
    expect(parseDate('29/02/2023')).toBeNull();
    expect(parseDate('07/2025')).toBeNull();
    expect(parseDate('')).toBeNull();
  });
});

describe('decodeCsv', () => {
  const text = 'commune_code,note\r\n03127,Điện Biên Phủ\r\n';
  it('strips a UTF-8 byte-order mark', () => expect(decodeCsv(Buffer.from(`\uFEFF${text}`, 'utf8'))).toBe(text));
  it('reads UTF-16 LE and BE with their byte-order marks', () => {
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(text);
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(decodeCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text);
  });
  it('refuses bytes that are not UTF-8', () => expect(() => decodeCsv(Buffer.from([0x58, 0xe3, 0x20]))).toThrow(/not UTF-8 or UTF-16/));
});

describe('coordinate systems', () => {
  it('recognises EPSG codes in the forms GeoJSON files use', () => {
    expect(crsFromName('urn:ogc:def:crs:EPSG::3405').label).toBe('VN-2000 / UTM zone 48N (EPSG:3405)');
    expect(crsFromName('EPSG:4326').toWgs84).toBeNull();
    expect(crsFromName('urn:ogc:def:crs:OGC:1.3:CRS84').toWgs84).toBeNull();
    expect(() => crsFromName('EPSG:2154')).toThrow(/not supported/);
  });
  it('reads a VN-2000 UTM 48N .prj and applies the datum shift (round trip within a centimetre)', () => {
    const prj =
      'PROJCS["VN_2000_UTM_zone_48N",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
      'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const crs = crsFromPrj(prj);
    expect(crs.label).toBe('VN-2000 / UTM zone 48N');
    const xy = proj4('+proj=longlat +datum=WGS84 +no_defs', KNOWN_CRS['EPSG:3405'].proj).forward([103.0165, 21.3856]);
    const [lon, lat] = crs.toWgs84!(xy);
    expect(Math.abs(lon - 103.0165)).toBeLessThan(1e-7);
    expect(Math.abs(lat - 21.3856)).toBeLessThan(1e-7);
  });
  it('takes a plain WGS 84 .prj as it is', () => {
    expect(crsFromPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]').toWgs84).toBeNull();
  });
});

describe('ZIP', () => {
  it('reads back what it writes, names with diacritics included', () => {
    const zip = writeZip({ 'xã.shp': Buffer.from([1, 2, 3]), 'xã.cpg': 'UTF-8' });
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(['xã.shp', 'xã.cpg']);
    expect(files.get('xã.cpg')!.toString()).toBe('UTF-8');
  });
  it('refuses what is not a ZIP', () => expect(() => readZip(Buffer.from('not a zip at all, really'))).toThrow(/not a ZIP archive/));
});
