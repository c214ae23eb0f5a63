// shpjs ships no type declarations; only the object form used here is declared.
declare module 'shpjs' {
  import type { FeatureCollection } from 'geojson';
  export default function shp(input: { shp: ArrayBufferView | ArrayBuffer; dbf?: ArrayBufferView | ArrayBuffer; cpg?: string; prj?: string }): Promise<FeatureCollection>;
}
