import Type, { type Static } from 'typebox';

export const CommuneCode = Type.String({ pattern: '^[0-9]{5}$', description: 'Official 5-digit commune code' });
/** Dates a request may carry: the years records and plans can concern, not the whole calendar of the format. */
export const DATE_RANGE = { from: '1900-01-01', to: '2100-12-31' } as const;
export const ISO_DATE_PATTERN = '^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$';
export const IsoDate = Type.String({ format: 'date', pattern: ISO_DATE_PATTERN, description: `Date YYYY-MM-DD from ${DATE_RANGE.from} to ${DATE_RANGE.to}` });
export const NullableDate = Type.Union([IsoDate, Type.Null()]);
export const NullableString = Type.Union([Type.String(), Type.Null()]);
export const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const ApiError = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
});
export type ApiError = Static<typeof ApiError>;

export const AsOfQuery = Type.Object({
  asOf: Type.Optional(IsoDate),
});
export type AsOfQuery = Static<typeof AsOfQuery>;

/** GeoJSON geometry as produced by ST_AsGeoJSON; its structure is not re-validated on the way out. */
export const Geometry = Type.Object(
  { type: Type.String(), coordinates: Type.Array(Type.Any()) },
  { additionalProperties: true },
);

export function featureCollection<T extends ReturnType<typeof Type.Object>>(properties: T) {
  return Type.Object({
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
        geometry: Geometry,
        properties,
      }),
    ),
  });
}
