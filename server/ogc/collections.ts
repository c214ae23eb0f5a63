import { sqlFile } from '../sql/index.ts';
import { BORDER_GATE_LEVELS, CAMPAIGN_KINDS, COMMUNE_KINDS, HQ_STATUSES, STATUS_KINDS, STATUS_KIND_NAMES } from '../domain.ts';
import { STAGES } from '../domain/campaign-lifecycle.ts';
import type { TileLayer } from '../repositories/tiles.ts';

/** JSON Schema types of the properties, as the queryables and the OpenAPI description give them. */
export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface PropertyDefinition {
  type: PropertyType;
  title: string;
  /** The values a string property takes (a filter on it is checked against them). */
  values?: readonly string[];
  /** A simple query parameter of the same name filters the items on this property (comma-separated values: any of them). */
  filter?: boolean;
  nullable?: boolean;
}

export interface CollectionDefinition {
  id: string;
  title: string;
  description: string;
  /** The SQL of the features, from server/sql/ogc-*.sql: columns `id`, the properties, `geom` (EPSG:4326). */
  sql: string;
  /**
   * How `datetime` applies: 'snapshot' — an instant, the date the values are read at ($1 of the SQL, $2 the scope);
   * 'period' — features whose period (t_start inclusive, t_end exclusive) meets the instant or interval ($1 the scope);
   * 'none' — no time ($1 the scope).
   */
  time: 'snapshot' | 'period' | 'none';
  geometryType: 'MultiPolygon' | 'Point' | 'MultiLineString';
  /** Whether the feature id is an integer (else a string). */
  integerId: boolean;
  properties: Record<string, PropertyDefinition>;
  /** The vector tile layer drawing the same features, when there is one. */
  tileLayer?: TileLayer;
}

const statusProperties = Object.fromEntries(
  STATUS_KIND_NAMES.map((kind) => [
    kind,
    { type: 'string', title: `Status "${kind}" on the date`, values: [...STATUS_KINDS[kind].values, STATUS_KINDS[kind].absent], filter: true } satisfies PropertyDefinition,
  ]),
) as Record<string, PropertyDefinition>;

const communeCode = { type: 'string', title: 'Commune code (5 digits)', filter: true } satisfies PropertyDefinition;

export const COLLECTIONS: readonly CollectionDefinition[] = [
  {
    id: 'communes',
    title: 'Communes and their statuses',
    description: 'Communes with the value of each status kind and their police HQ status as of the date (datetime or asOf; default today)',
    sql: sqlFile('ogc-communes'),
    time: 'snapshot',
    geometryType: 'MultiPolygon',
    integerId: false,
    tileLayer: 'communes',
    properties: {
      code: communeCode,
      name: { type: 'string', title: 'Name' },
      kind: { type: 'string', title: 'Kind of unit', values: COMMUNE_KINDS, filter: true },
      provinceCode: { type: 'string', title: 'Province code', filter: true },
      population: { type: 'integer', title: 'Population', nullable: true },
      areaKm2: { type: 'number', title: 'Area (km²)' },
      ...statusProperties,
      hqStatus: { type: 'string', title: 'Status of the commune police HQ on the date', values: HQ_STATUSES, filter: true, nullable: true },
      asOf: { type: 'date', title: 'Date the statuses are read at' },
    },
  },
  {
    id: 'commune-statuses',
    title: 'Status history',
    description:
      'Every dated status record of the communes, with the commune polygon: in force from validFrom (inclusive) to validTo (exclusive; empty while in force). datetime selects the records in force at an instant or during an interval',
    sql: sqlFile('ogc-commune-statuses'),
    time: 'period',
    geometryType: 'MultiPolygon',
    integerId: true,
    properties: {
      communeCode,
      communeName: { type: 'string', title: 'Commune name' },
      kind: { type: 'string', title: 'Status kind', values: STATUS_KIND_NAMES, filter: true },
      value: { type: 'string', title: 'Value', values: [...new Set(STATUS_KIND_NAMES.flatMap((k) => STATUS_KINDS[k].values))], filter: true },
      validFrom: { type: 'date', title: 'In force from' },
      validTo: { type: 'date', title: 'In force until (exclusive)', nullable: true },
      decisionNo: { type: 'string', title: 'Decision number', nullable: true },
      decisionDate: { type: 'date', title: 'Decision date', nullable: true },
      provenance: { type: 'string', title: 'Provenance (import, inheritance)', nullable: true },
      campaignId: { type: 'integer', title: 'Campaign that decided it', nullable: true },
    },
  },
  {
    id: 'hqs',
    title: 'Commune police HQs',
    description: 'Commune police headquarters with their status as of the date (datetime or asOf; default today)',
    sql: sqlFile('ogc-hqs'),
    time: 'snapshot',
    geometryType: 'Point',
    integerId: true,
    tileLayer: 'hqs',
    properties: {
      name: { type: 'string', title: 'Name' },
      communeCode,
      communeName: { type: 'string', title: 'Commune name' },
      status: { type: 'string', title: 'Status on the date', values: HQ_STATUSES, filter: true, nullable: true },
      staffCount: { type: 'integer', title: 'Full-time officers' },
      asOf: { type: 'date', title: 'Date the status is read at' },
    },
  },
  {
    id: 'border-gates',
    title: 'Border gates',
    description: 'Border gates open on the date (datetime or asOf; default today)',
    sql: sqlFile('ogc-border-gates'),
    time: 'snapshot',
    geometryType: 'Point',
    integerId: true,
    tileLayer: 'border-gates',
    properties: {
      name: { type: 'string', title: 'Name' },
      level: { type: 'string', title: 'Level', values: BORDER_GATE_LEVELS, filter: true },
      countryCode: { type: 'string', title: 'Neighbouring country (ISO 3166-1 alpha-3)', values: ['CHN', 'LAO', 'KHM'], filter: true },
      communeCode: { ...communeCode, nullable: true },
      openedOn: { type: 'date', title: 'Opened on', nullable: true },
      closedOn: { type: 'date', title: 'Closed on', nullable: true },
    },
  },
  {
    id: 'border-lines',
    title: 'National border',
    description: 'The national land border per neighbouring country, with its length; for an area of some communes, the stretches near them',
    sql: sqlFile('ogc-border-lines'),
    time: 'none',
    geometryType: 'MultiLineString',
    integerId: true,
    tileLayer: 'border-lines',
    properties: {
      countryCode: { type: 'string', title: 'Neighbouring country (ISO 3166-1 alpha-3)', values: ['CHN', 'LAO', 'KHM'], filter: true },
      name: { type: 'string', title: 'Name' },
      lengthKm: { type: 'number', title: 'Length (km, geodesic)' },
    },
  },
  {
    id: 'border-communes',
    title: 'Border communes',
    description: 'Communes touching the national border or within the border distance of it: countries faced, distance, and statuses as of the date',
    sql: sqlFile('ogc-border-communes'),
    time: 'snapshot',
    geometryType: 'MultiPolygon',
    integerId: false,
    tileLayer: 'border-communes',
    properties: {
      code: communeCode,
      name: { type: 'string', title: 'Name' },
      kind: { type: 'string', title: 'Kind of unit', values: COMMUNE_KINDS, filter: true },
      provinceCode: { type: 'string', title: 'Province code', filter: true },
      countries: { type: 'string', title: 'Countries faced (comma-separated ISO codes)' },
      distanceM: { type: 'integer', title: 'Distance to the border (m)' },
      touches: { type: 'boolean', title: 'Touches the border' },
      ...statusProperties,
      asOf: { type: 'date', title: 'Date the statuses are read at' },
    },
  },
  {
    id: 'villages',
    title: 'Villages',
    description: 'Villages and hamlets with their population',
    sql: sqlFile('ogc-villages'),
    time: 'none',
    geometryType: 'Point',
    integerId: true,
    tileLayer: 'villages',
    properties: {
      name: { type: 'string', title: 'Name' },
      communeCode,
      population: { type: 'integer', title: 'Population', nullable: true },
    },
  },
  {
    id: 'campaign-communes',
    title: 'Campaign communes',
    description: "Each commune of a campaign with its current stage and the commune's polygon",
    sql: sqlFile('ogc-campaign-communes'),
    time: 'none',
    geometryType: 'MultiPolygon',
    integerId: false,
    properties: {
      campaignId: { type: 'integer', title: 'Campaign', filter: true },
      campaignName: { type: 'string', title: 'Campaign name' },
      campaignKind: { type: 'string', title: 'Campaign kind', values: CAMPAIGN_KINDS, filter: true },
      periodStart: { type: 'date', title: 'Campaign start' },
      periodEnd: { type: 'date', title: 'Campaign end' },
      communeCode,
      communeName: { type: 'string', title: 'Commune name' },
      stage: { type: 'string', title: 'Stage', values: STAGES, filter: true },
    },
  },
];

export const COLLECTION_IDS = COLLECTIONS.map((c) => c.id);
export const collectionById = (id: string) => COLLECTIONS.find((c) => c.id === id);
