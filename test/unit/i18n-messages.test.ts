import { assertType, describe, expect, expectTypeOf, it } from 'vitest';
import { en } from '../../client/i18n/en.ts';
import { messages } from '../../client/i18n/index.ts';
import { vi } from '../../client/i18n/vi.ts';
import type { FigureText, Labels, Messages, StatusValue } from '../../client/i18n/types.ts';
import type { BorderGateLevel, CommuneKind, HqStatus, IndicatorCode, StatusKind } from '../../server/domain.ts';
import type { Stage as CampaignStage } from '../../server/domain/campaign-lifecycle.ts';
import type { PriorityCriterion } from '../../server/analysis/priority.ts';
import type { ExportLayer } from '../../server/exports/layers.ts';
import type { AuditAction } from '../../server/repositories/audit.ts';
import type { SessionUser } from '../../server/schemas/auth.ts';
import type { DemoProvinceContents } from '../../server/schemas/demo-province.ts';
import type { IndicatorId } from '../../server/schemas/indicators.ts';
import type { TableImportKindId } from '../../client/panels/admin/table-imports.ts';

// The `assertType` / `expectTypeOf` lines do nothing when the tests run: `tsc --noEmit` (npm run check) checks them,
// and fails on a `@ts-expect-error` whose line has no error.

/** The shape of a message tree: each key in order, and whether its value is a string, a function or a subtree. */
function shape(tree: object): unknown {
  return Object.entries(tree).map(([key, value]) => [key, typeof value === 'object' && value !== null ? shape(value) : typeof value]);
}

describe('messages', () => {
  it('every language words the tree of the reference language, key for key and in the same order', () => {
    for (const [language, tree] of Object.entries(messages)) expect(shape(tree), language).toEqual(shape(vi));
  });

  it('types: the message type is the reference language with plain strings and typed parameters', () => {
    expectTypeOf<Messages['locale']>().toEqualTypeOf<string>();
    expectTypeOf<Messages['provinceView']['wholeCountry']>().toEqualTypeOf<(n: number) => string>();
    expectTypeOf<Messages['auth']['tooManyAttempts']>().toEqualTypeOf<(minutes: number | null) => string>();
    expectTypeOf<Messages['dashboard']['items']['officers']>().toEqualTypeOf<(f: FigureText) => { lead: string; text: string }>();
    // An open set: audit records may carry fields this client has no label for.
    expectTypeOf<Messages['audit']['fields']>().toEqualTypeOf<Record<string, string>>();
  });

  it('types: another language lacking a message is not Messages', () => {
    const { title: _title, ...appWithoutTitle } = en.app;
    // @ts-expect-error app.title is missing
    assertType<Messages>({ ...en, app: appWithoutTitle });
    const { formatDate: _formatDate, ...withoutFormatDate } = en;
    // @ts-expect-error formatDate is missing
    assertType<Messages>(withoutFormatDate);
    // @ts-expect-error a commune kind without a label
    assertType<Messages>({ ...en, communeKinds: { commune: 'Commune', ward: 'Ward' } });
    const { relapsed: _relapsed, ...transformationValues } = en.statusKinds.transformation.values;
    // @ts-expect-error a status value without a label
    assertType<Messages>({ ...en, statusKinds: { ...en.statusKinds, transformation: { ...en.statusKinds.transformation, values: transformationValues } } });
    assertType<Messages>({ ...en });
  });

  it('types: another language wording a message with another signature is not Messages', () => {
    // @ts-expect-error wholeCountry takes a number
    assertType<Messages>({ ...en, provinceView: { ...en.provinceView, wholeCountry: (n: string) => n } });
    // @ts-expect-error wholeCountry answers a string
    assertType<Messages>({ ...en, provinceView: { ...en.provinceView, wholeCountry: (n: number) => n } });
    // @ts-expect-error scope is given two arguments, not three
    assertType<Messages>({ ...en, provinceView: { ...en.provinceView, scope: (name: string, n: number, more: string) => `${name}${n}${more}` } });
    // @ts-expect-error locale is a string, not a function
    assertType<Messages>({ ...en, locale: () => 'en-GB' });
  });

  it('types: the reference language labels every value of each domain, and nothing else', () => {
    expectTypeOf<keyof typeof vi.communeKinds>().toEqualTypeOf<CommuneKind>();
    expectTypeOf<keyof typeof vi.statusKinds>().toEqualTypeOf<StatusKind>();
    expectTypeOf<keyof typeof vi.statusKinds.key_complex.values>().toEqualTypeOf<StatusValue<'key_complex'>>();
    expectTypeOf<keyof typeof vi.statusKinds.drug_key_area.values>().toEqualTypeOf<StatusValue<'drug_key_area'>>();
    expectTypeOf<keyof typeof vi.statusKinds.transformation.values>().toEqualTypeOf<StatusValue<'transformation'>>();
    expectTypeOf<keyof typeof vi.statusKinds.drug_free.values>().toEqualTypeOf<StatusValue<'drug_free'>>();
    expectTypeOf<keyof typeof vi.statusKinds.safe_standard.values>().toEqualTypeOf<StatusValue<'safe_standard'>>();
    expectTypeOf<keyof typeof vi.hqStatuses>().toEqualTypeOf<HqStatus | 'none'>();
    expectTypeOf<keyof typeof vi.gateLevels>().toEqualTypeOf<BorderGateLevel>();
    expectTypeOf<keyof typeof vi.roles>().toEqualTypeOf<SessionUser['role']>();
    expectTypeOf<keyof typeof vi.scopeKinds>().toEqualTypeOf<SessionUser['scopeKind']>();
    expectTypeOf<keyof typeof vi.audit.actions>().toEqualTypeOf<AuditAction>();
    expectTypeOf<keyof typeof vi.dashboard.items>().toEqualTypeOf<IndicatorId>();
    expectTypeOf<keyof typeof vi.dashboard.yearlyNames>().toEqualTypeOf<IndicatorCode>();
    expectTypeOf<keyof typeof vi.campaigns.criteria>().toEqualTypeOf<PriorityCriterion>();
    expectTypeOf<keyof typeof vi.campaigns.stages>().toEqualTypeOf<CampaignStage>();
    expectTypeOf<keyof typeof vi.dataExport.layers>().toEqualTypeOf<ExportLayer>();
    expectTypeOf<keyof typeof vi.tableImport.kinds>().toEqualTypeOf<TableImportKindId>();
    expectTypeOf<keyof typeof vi.demoRemoval.contents>().toEqualTypeOf<keyof DemoProvinceContents>();
  });

  it('types: labels of a domain are a type error where a value lacks one or a label names no value', () => {
    // @ts-expect-error special_zone has no label
    assertType<Labels<CommuneKind>>({ commune: 'Xã', ward: 'Phường' });
    // @ts-expect-error village is no commune kind
    assertType<Labels<CommuneKind>>({ commune: 'Xã', ward: 'Phường', special_zone: 'Đặc khu', village: 'Thôn' });
    assertType<Labels<CommuneKind>>({ commune: 'Xã', ward: 'Phường', special_zone: 'Đặc khu' });
  });
});
