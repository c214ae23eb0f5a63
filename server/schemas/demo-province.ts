import Type, { type Static } from 'typebox';

const count = Type.Integer({ minimum: 0 });

/** Rows removed with a demo province, per table (the names of the API, not of the tables). */
export const DemoProvinceContents = Type.Object({
  communes: count,
  statuses: count,
  /** Crosswalk rows whose new commune is in the province, the former communes' status records, and the links of inherited records to them. */
  crosswalk: count,
  formerStatuses: count,
  inheritanceLinks: count,
  hqs: count,
  hqStatuses: count,
  teams: count,
  models: count,
  modelPoints: count,
  villages: count,
  borderGates: count,
  borderCommunes: count,
  campaigns: count,
  campaignCommunes: count,
  campaignMilestones: count,
  campaignSteps: count,
  indicators: count,
  userScopeProvinces: count,
  userScopeCommunes: count,
});
export type DemoProvinceContents = Static<typeof DemoProvinceContents>;

export const AffectedUser = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  scopeKind: Type.String(),
});

/** A demo province and what removing it would take with it. */
export const DemoProvince = Type.Object({
  code: Type.String(),
  name: Type.String(),
  contents: DemoProvinceContents,
  /** Accounts whose whole area lies in this province: they see nothing after the removal. */
  usersLeftEmpty: Type.Array(AffectedUser),
  /** False when it is the only province: removing it would leave nothing, and the next start would seed it again. */
  removable: Type.Boolean(),
});
export type DemoProvince = Static<typeof DemoProvince>;

export const DemoProvinceList = Type.Object({ provinces: Type.Array(DemoProvince) });
export type DemoProvinceList = Static<typeof DemoProvinceList>;

export const DemoProvinceParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{2}$', description: 'Province code' }) });
export const DemoProvinceRemoveQuery = Type.Object({
  confirm: Type.String({ description: 'The province code typed again by the administrator' }),
});

export const DemoProvinceRemoved = Type.Object({
  code: Type.String(),
  name: Type.String(),
  removed: DemoProvinceContents,
  usersLeftEmpty: Type.Array(AffectedUser),
});
export type DemoProvinceRemoved = Static<typeof DemoProvinceRemoved>;
