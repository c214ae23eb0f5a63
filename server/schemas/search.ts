import Type, { type Static } from 'typebox';
import { Geometry, NullableString } from './common.ts';

export const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 100, description: 'Name (tones optional) or commune code' }),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
});
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchHit = Type.Object({
  kind: Type.Union([Type.Literal('province'), Type.Literal('commune'), Type.Literal('hq'), Type.Literal('border_gate')]),
  /** Province or commune code, or the HQ / gate id. */
  id: Type.String(),
  name: Type.String(),
  communeCode: NullableString,
  communeName: NullableString,
  /** The province of the commune (of the HQ, of the gate), or the province itself. */
  provinceCode: NullableString,
  provinceName: NullableString,
  /** The commune's bounding box, or the HQ / gate point: what the map zooms to. */
  geometry: Geometry,
});
export type SearchHit = Static<typeof SearchHit>;

export const SearchResult = Type.Object({ items: Type.Array(SearchHit) });
