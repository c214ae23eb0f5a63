import Type, { type Static } from 'typebox';
import { CommuneCode, IsoDate, NullableDate, NullableNumber, NullableString } from './common.ts';
import { CAMPAIGN_KINDS, STAGES } from '../domain/campaign-lifecycle.ts';
import { PRIORITY_CRITERIA } from '../analysis/priority.ts';

/** Most vertices a drawn selection polygon may have (a freehand lasso of a minute's drawing stays well below). */
export const MAX_SELECTION_VERTICES = 5000;
/**
 * Most self-crossings a drawn selection polygon may have: a lasso that loops over itself a few times is repaired
 * by the database; a scribble is refused before the repair, whose cost grows with the square of its crossings.
 */
export const MAX_SELECTION_CROSSINGS = 100;
/** Largest "within N km" a selection filter accepts. */
export const MAX_SELECTION_KM = 40;
/** Most communes one campaign request may name. */
export const MAX_CAMPAIGN_COMMUNES = 500;

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
const Ring = Type.Array(Position);
export const SelectionPolygon = Type.Union([
  Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Ring, { minItems: 1 }) }),
  Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Ring, { minItems: 1 }), { minItems: 1 }) }),
]);
export type SelectionPolygon = Static<typeof SelectionPolygon>;

export const PriorityWeightsBody = Type.Partial(
  Type.Object(Object.fromEntries(PRIORITY_CRITERIA.map((c) => [c, Type.Number({ minimum: 0, maximum: 100 })])) as Record<
    (typeof PRIORITY_CRITERIA)[number],
    ReturnType<typeof Type.Number>
  >),
);

export const SelectionFilters = Type.Object({
  keyComplex: Type.Optional(Type.Boolean({ description: 'true: key-and-complex only; false: not key-and-complex' })),
  drugKeyArea: Type.Optional(Type.Boolean()),
  independentHq: Type.Optional(Type.Boolean({ description: 'false: communes without an independent HQ of their own' })),
  transformation: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 10, description: 'any of these values' })),
  drugFree: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 10 })),
  withinBorderKm: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_SELECTION_KM })),
  withinHqKm: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_SELECTION_KM, description: 'of an independent HQ' })),
});
export type SelectionFilters = Static<typeof SelectionFilters>;

export const SelectionBody = Type.Object({
  asOf: Type.Optional(IsoDate),
  polygon: Type.Optional(SelectionPolygon),
  codes: Type.Optional(Type.Array(CommuneCode, { maxItems: 5000 })),
  filters: Type.Optional(SelectionFilters),
  weights: Type.Optional(PriorityWeightsBody),
});
export type SelectionBody = Static<typeof SelectionBody>;

export const SelectionExportBody = Type.Object({
  ...SelectionBody.properties,
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('geojson')])),
});
export type SelectionExportBody = Static<typeof SelectionExportBody>;

export const PriorityPart = Type.Object({ criterion: Type.String(), value: Type.Number(), weight: Type.Number(), points: Type.Number() });

export const SelectedCommune = Type.Object({
  code: CommuneCode,
  name: Type.String(),
  isDemo: Type.Boolean(),
  keyComplex: Type.Boolean(),
  drugKeyArea: Type.Boolean(),
  transformation: Type.String(),
  drugFree: Type.String(),
  hasIndependentHq: Type.Boolean(),
  nearestHqKm: NullableNumber,
  borderKm: NullableNumber,
  border: Type.Boolean(),
  yearsDesignated: Type.Union([Type.Integer(), Type.Null()]),
  score: Type.Number(),
  parts: Type.Array(PriorityPart),
});
export type SelectedCommune = Static<typeof SelectedCommune>;

export const SelectionResult = Type.Object({
  asOf: IsoDate,
  weights: Type.Record(Type.String(), Type.Number()),
  communes: Type.Array(SelectedCommune),
});
export type SelectionResult = Static<typeof SelectionResult>;

const CampaignKind = Type.Enum([...CAMPAIGN_KINDS]);
const Stage = Type.Enum([...STAGES]);

export const CampaignTargets = Type.Object({
  achieve: Type.Integer({ minimum: 0, description: 'communes to bring to transformed / certified' }),
  maintain: Type.Optional(Type.Integer({ minimum: 0, description: 'communes to keep stable (maintained)' })),
});

export const MilestoneBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 300 }),
  dueOn: IsoDate,
  doneOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
});

export const CampaignCreateBody = Type.Object({
  kind: CampaignKind,
  name: Type.String({ minLength: 1, maxLength: 300 }),
  periodStart: IsoDate,
  periodEnd: IsoDate,
  responsibleUnit: Type.Optional(Type.String({ maxLength: 300 })),
  targets: Type.Optional(CampaignTargets),
  communeCodes: Type.Array(Type.String({ maxLength: 16 }), { minItems: 1, maxItems: MAX_CAMPAIGN_COMMUNES }),
  milestones: Type.Optional(Type.Array(MilestoneBody, { maxItems: 100 })),
});
export type CampaignCreateBody = Static<typeof CampaignCreateBody>;

export const CampaignUpdateBody = Type.Object({
  version: Type.Integer(),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  periodStart: Type.Optional(IsoDate),
  periodEnd: Type.Optional(IsoDate),
  responsibleUnit: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
  targets: Type.Optional(CampaignTargets),
  addCommunes: Type.Optional(Type.Array(Type.String({ maxLength: 16 }), { maxItems: MAX_CAMPAIGN_COMMUNES })),
  milestones: Type.Optional(Type.Array(MilestoneBody, { maxItems: 100, description: 'replaces the list' })),
});
export type CampaignUpdateBody = Static<typeof CampaignUpdateBody>;

export const StageChangeBody = Type.Object({
  communeCode: Type.String({ maxLength: 16 }),
  stage: Type.String({ maxLength: 32 }),
  on: IsoDate,
  /** Version of the commune's place in the campaign, as last read. */
  version: Type.Integer(),
  decisionNo: Type.Optional(Type.String({ maxLength: 100 })),
  decisionDate: Type.Optional(IsoDate),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type StageChangeBody = Static<typeof StageChangeBody>;

export const CampaignCommune = Type.Object({
  code: CommuneCode,
  name: Type.String(),
  isDemo: Type.Boolean(),
  stage: Stage,
  version: Type.Integer(),
  lastOn: NullableDate,
  nextStages: Type.Array(Type.String()),
});

export const CampaignStep = Type.Object({
  communeCode: CommuneCode,
  fromStage: Type.String(),
  stage: Type.String(),
  on: IsoDate,
  decisionNo: NullableString,
  decisionDate: NullableDate,
  note: NullableString,
  statusId: Type.Union([Type.Integer(), Type.Null()]),
});

export const Milestone = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  dueOn: IsoDate,
  doneOn: NullableDate,
  overdue: Type.Boolean(),
});

export const CampaignProgress = Type.Object({
  communes: Type.Integer(),
  achieved: Type.Integer(),
  maintained: Type.Integer(),
  targetAchieve: Type.Union([Type.Integer(), Type.Null()]),
  targetMaintain: Type.Union([Type.Integer(), Type.Null()]),
  byStage: Type.Record(Type.String(), Type.Integer()),
  overdueMilestones: Type.Integer(),
});

export const CampaignSummary = Type.Object({
  id: Type.Integer(),
  kind: CampaignKind,
  name: Type.String(),
  periodStart: IsoDate,
  periodEnd: IsoDate,
  responsibleUnit: NullableString,
  targets: Type.Object({ achieve: Type.Optional(Type.Integer()), maintain: Type.Optional(Type.Integer()) }),
  version: Type.Integer(),
  isDemo: Type.Boolean(),
  progress: CampaignProgress,
  /** The campaign's communes in the caller's area, so a commune's panel can name the campaigns it is in. */
  communeCodes: Type.Array(Type.String()),
  /** Milestones whose due date has passed without being done, earliest first. */
  overdueMilestones: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), dueOn: IsoDate })),
});
export type CampaignSummary = Static<typeof CampaignSummary>;

export const CampaignDetail = Type.Object({
  ...CampaignSummary.properties,
  communes: Type.Array(CampaignCommune),
  milestones: Type.Array(Milestone),
  steps: Type.Array(CampaignStep),
});
export type CampaignDetail = Static<typeof CampaignDetail>;

export const CampaignList = Type.Object({ today: IsoDate, campaigns: Type.Array(CampaignSummary) });

export const CampaignParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const ExportQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('geojson')])),
});
