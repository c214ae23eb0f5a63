import type { BorderGateLevel, CommuneKind, HqStatus, STATUS_KINDS, StatusKind } from '../../server/domain.ts';

type KindValues<K extends StatusKind> = (typeof STATUS_KINDS)[K]['values'][number] | (typeof STATUS_KINDS)[K]['absent'];

/** Every user-visible string of the client. Both languages implement it, so a missing label is a type error. */
export interface Messages {
  /** BCP 47 tag used for `<html lang>`, number and date formatting. */
  locale: string;
  /** Name of this language in itself, shown on the switch that leads to it. */
  languageName: string;
  app: {
    title: string;
    subtitle: string;
    demoBadge: string;
    demoBadgeTitle: string;
    switchLanguage: string;
  };
  state: {
    loading: string;
    errorTitle: string;
    errorHint: string;
    retry: string;
    emptyTitle: string;
    emptyText: string;
    refreshing: string;
  };
  controls: {
    asOf: string;
    asOfToday: string;
    colourBy: string;
    hqStatus: string;
    layers: string;
    goToCommune: string;
    goToCommunePlaceholder: string;
  };
  layers: {
    communes: string;
    labels: string;
    borders: string;
    borderGates: string;
    hqs: string;
  };
  legend: {
    title: string;
    hqTitle: string;
    other: string;
    /** Heading of the count column in the commune legend. */
    communeCount: string;
    hqCount: string;
  };
  about: {
    title: string;
    province: string;
    source: string;
    communes: string;
    today: string;
  };
  detail: {
    close: string;
    loading: string;
    notFound: string;
    error: string;
    code: string;
    kind: string;
    population: string;
    area: string;
    areaUnit: string;
    currentStatus: string;
    hqs: string;
    noHq: string;
    staff: (n: number) => string;
    hqHistory: string;
    history: string;
    noHistory: string;
    historyKind: string;
    historyValue: string;
    historyPeriod: string;
    historyDecision: string;
    historyNote: string;
    present: string;
    teams: string;
    noTeams: string;
    teamYear: string;
    teamCount: string;
    teamMembers: string;
    models: string;
    noModels: string;
    modelEstablished: string;
    modelPoints: string;
    unknown: string;
  };
  /** MapLibre's own UI strings (control tooltips, the canvas label), by MapLibre's locale keys. */
  mapUi: {
    'Map.Title': string;
    'NavigationControl.ZoomIn': string;
    'NavigationControl.ZoomOut': string;
    'AttributionControl.ToggleAttribution': string;
    'Popup.Close': string;
  };
  popup: {
    hq: string;
    borderGate: string;
    status: string;
    staff: string;
    commune: string;
    country: string;
    level: string;
  };
  communeKinds: Record<CommuneKind, string>;
  statusKinds: { [K in StatusKind]: { label: string; values: Record<KindValues<K>, string> } };
  hqStatuses: Record<HqStatus | 'none', string>;
  gateLevels: Record<BorderGateLevel, string>;
  countries: Record<'LAO' | 'CHN', string>;
  /** `YYYY-MM-DD` → the date as people write it in this language. */
  formatDate: (iso: string) => string;
}
