import type { BorderGateLevel, CommuneKind, HqStatus, STATUS_KINDS, StatusKind } from '../../server/domain.ts';
import type { SessionUser } from '../../server/schemas/auth.ts';
import type { IndicatorId } from '../../server/schemas/indicators.ts';
import type { TableImportKindId } from '../panels/admin/table-imports.ts';
import type { DemoProvinceContents } from '../../server/schemas/demo-province.ts';
import type { ExportLayer } from '../../server/exports/layers.ts';

type KindValues<K extends StatusKind> = (typeof STATUS_KINDS)[K]['values'][number] | (typeof STATUS_KINDS)[K]['absent'];

/** Which way a figure moved since the year before. */
export type Direction = 'up' | 'down' | 'flat';

/** A figure's parts as the messages word them ("15/45 (33,3 %)"). */
export interface FigureText {
  value: string;
  total: string | null;
  /** value / total in percent, for "N of K (share)" indicators. */
  share: string | null;
  /** value / total, for "officers per unit". */
  perUnit: string | null;
}

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
  /** The province view: the header's picker, the national dashboard's table by province, search across provinces. */
  provinceView: {
    /** Label of the header's picker. */
    label: string;
    /** A view spanning every province of a user whose area is the whole installation. */
    wholeCountry: (provinces: number) => string;
    /** A view spanning the few provinces of a user's area. */
    someProvinces: (provinces: number) => string;
    /** After the demo province's name in the picker. */
    demoSuffix: string;
    /** Dashboard scope line of a view: its name and communes. */
    scope: (name: string, communes: number) => string;
    tableTitle: string;
    tableHint: string;
    tableEmpty: string;
    provinceColumn: string;
    communesColumn: string;
    figureNames: Record<'key_complex' | 'key_complex_transformed' | 'drug_key_area' | 'border_drug_free' | 'inland_drug_free' | 'safe_standard' | 'hq_independent' | 'officers', string>;
    /** Title of a figure cell: "value of total". */
    figureOf: (value: number, total: number) => string;
    sortBy: (column: string) => string;
    /** Accessible name of a province's button in the table. */
    open: (name: string) => string;
    /** Search hit of another province than the view: choosing it switches the view. */
    otherProvince: string;
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
  /** Tabs of the map page's side panel. */
  panels: {
    label: string;
    map: string;
    dashboard: string;
    analysis: string;
    border: string;
    campaigns: string;
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
    villages: string;
    basemap: string;
  };
  basemap: {
    /** One sentence shown in the layer list when the server has no basemap: how to add one. */
    absent: string;
    /** Before the basemap's own attribution, e.g. "Source:". */
    source: string;
    /** The basemap could not be read (the server answered with an error). */
    failed: string;
  };
  legend: {
    title: string;
    hqTitle: string;
    other: string;
    /** Heading of the count column in the commune legend. */
    communeCount: string;
    /** The dashboard's legend of the map: "Map colours: <status>". */
    mapColours: (by: string) => string;
    hqCount: string;
    /** The village dot in the layer list. */
    village: string;
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
    /** The commune's campaigns that have milestones past their due date. */
    overdueTitle: string;
    openCampaign: (name: string) => string;
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
    /** Former (pre-merger) communes merged into this one. */
    formerUnits: string;
    formerUnit: (code: string, name: string, date: string, decision: string | null) => string;
    /** Label of a record inherited from, or held by, former communes: "Kế thừa từ Phường Noong Bua (03124)". */
    inheritedFrom: (units: string) => string;
    /** Screen-reader prefix of a former commune's own record (before the merger). */
    formerRecord: string;
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
    'FullscreenControl.Enter': string;
    'FullscreenControl.Exit': string;
  };
  /** The map's own tools: measuring, the cursor's coordinates, going to coordinates. */
  mapTools: {
    toolbar: string;
    measure: string;
    measureDistance: string;
    measureArea: string;
    measureHint: string;
    addCentre: string;
    undo: string;
    clear: string;
    close: string;
    length: string;
    perimeter: string;
    area: string;
    points: (n: number) => string;
    needPoints: (n: number) => string;
    geodesicNote: string;
    /** The readout's heading: where the pointer is, or the map's centre when there is no pointer. */
    cursor: string;
    centre: string;
    /** Hemisphere letters: north, south, east, west. */
    north: string;
    south: string;
    east: string;
    west: string;
    vn2000: (meridian: string) => string;
    centralMeridian: string;
    goTo: string;
    system: string;
    wgs84: string;
    vn2000System: string;
    lat: string;
    lon: string;
    x: string;
    y: string;
    go: string;
    clearMark: string;
    required: (field: string) => string;
    notNumber: (field: string, value: string) => string;
    latRange: string;
    lonRange: string;
    swapped: string;
    outside: (lat: string, lon: string) => string;
    marked: (where: string) => string;
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
  /** The planner's forms on the map page: a commune's status (commune panel), an HQ (commune panel, HQ popup). */
  edit: {
    recordStatus: string;
    recordStatusHint: string;
    kind: string;
    value: string;
    /** The option that ends the record in force without a new one ("Kết thúc: Không trọng điểm"). */
    endValue: (label: string) => string;
    validFrom: string;
    decisionNo: string;
    decisionDate: string;
    note: string;
    save: string;
    saving: string;
    cancel: string;
    statusSaved: (kind: string, value: string, date: string) => string;
    editHq: (name: string) => string;
    editHqShort: string;
    hqName: string;
    staffCount: string;
    /** The HQ's position: longitude and latitude fields (WGS 84 degrees), and what moving it means. */
    hqLon: string;
    hqLat: string;
    hqPositionHint: string;
    /** One of the two position fields left empty or not a number. */
    hqPositionBoth: string;
    newStatus: string;
    keepStatus: (current: string) => string;
    statusFrom: string;
    hqSaved: (name: string) => string;
    /** The popup's button that opens the HQ's form in its commune's panel. */
    editInPanel: string;
    failed: string;
    nothingChanged: string;
    statusFromNeeded: string;
  };
  /** Words shared by forms and tables. */
  common: {
    cancel: string;
    save: string;
    saving: string;
    close: string;
    loading: string;
    retry: string;
    previous: string;
    next: string;
    none: string;
    yes: string;
    no: string;
    /** A request that reached no server (network down, server stopped). */
    noConnection: string;
    /** An answer that is not the app's (a proxy's error page): its HTTP status. */
    unreadableAnswer: (status: number) => string;
    /** A streamed answer that stopped before its result. */
    answerCut: string;
  };
  auth: {
    /** Heading of the login card. */
    title: string;
    intro: string;
    username: string;
    password: string;
    submit: string;
    submitting: string;
    checking: string;
    missingFields: string;
    wrongCredentials: string;
    /** Too many attempts; `minutes` is how long to wait when the server says so. */
    tooManyAttempts: (minutes: number | null) => string;
    unreachable: string;
    failed: (message: string) => string;
    sessionExpired: string;
    loggedOut: string;
    restricted: string;
  };
  account: {
    menu: string;
    signedInAs: string;
    changePassword: string;
    logout: string;
    loggingOut: string;
    logoutFailed: string;
    currentPassword: string;
    newPassword: string;
    confirmPassword: string;
    passwordHint: string;
    passwordTooShort: string;
    passwordMismatch: string;
    passwordSame: string;
    currentMissing: string;
    wrongCurrentPassword: string;
    passwordChanged: string;
    tokens: string;
  };
  /** Personal access tokens (user menu). */
  tokens: {
    title: string;
    intro: string;
    listEmpty: string;
    name: string;
    namePlaceholder: string;
    nameMissing: string;
    validity: string;
    days: (n: number) => string;
    until: (date: string) => string;
    readOnly: string;
    readOnlyHint: string;
    create: string;
    creating: string;
    createdTitle: string;
    createdHint: string;
    copy: string;
    copied: string;
    revoke: string;
    revoking: string;
    confirmRevoke: (name: string) => string;
    states: { active: string; expired: string; revoked: string };
    expires: string;
    lastUsed: string;
    never: string;
    readOnlyBadge: string;
    fullAccessBadge: string;
    howToUse: string;
    loadFailed: string;
  };
  nav: {
    label: string;
    map: string;
    admin: string;
  };
  roles: Record<SessionUser['role'], string>;
  scopeKinds: Record<SessionUser['scopeKind'], string>;
  admin: {
    title: string;
    tabsLabel: string;
    users: string;
    audit: string;
  };
  users: {
    heading: string;
    count: (n: number) => string;
    loading: string;
    loadError: string;
    empty: string;
    username: string;
    usernameHint: string;
    usernameInvalid: string;
    displayName: string;
    role: string;
    scope: string;
    scopeKind: string;
    status: string;
    active: string;
    disabled: string;
    createdAt: string;
    actions: string;
    edit: string;
    editTitle: (username: string) => string;
    you: string;
    createHeading: string;
    create: string;
    creating: string;
    created: (username: string) => string;
    saved: (username: string) => string;
    password: string;
    resetPassword: string;
    resetPasswordHint: string;
    provinceCodes: string;
    provinceCodesHint: string;
    provinceCodesInvalid: string;
    communes: string;
    communeFilter: string;
    communesSelected: (n: number) => string;
    communesNone: string;
    communesNoMatch: string;
    communesLoading: string;
    communesError: string;
    selectShown: string;
    clearSelection: string;
    disableAccount: string;
    disableHint: string;
    scopeAll: string;
    scopeProvince: (codes: string) => string;
    scopeCommunes: (n: number, names: string) => string;
    conflictTitle: string;
    conflict: string;
    passwordTooShort: string;
    nothingChanged: string;
  };
  audit: {
    heading: string;
    filters: string;
    entity: string;
    entityId: string;
    username: string;
    action: string;
    from: string;
    to: string;
    apply: string;
    reset: string;
    time: string;
    details: string;
    showDetails: string;
    hideDetails: string;
    loading: string;
    loadError: string;
    empty: string;
    range: (first: number, last: number, total: number) => string;
    system: string;
    field: string;
    /** Worded names of the fields audit records carry (snake_case keys; camelCase ones are looked up the same way). */
    fields: Record<string, string>;
    before: string;
    after: string;
    noChanges: string;
    showUnchanged: (n: number) => string;
    hideUnchanged: string;
    absent: string;
    invalidRange: string;
    allActions: string;
    /** Actions the server records (audit_log.action). */
    actions: Record<'create' | 'update' | 'delete' | 'import' | 'login' | 'logout' | 'login_failed', string>;
    /** Entities known to this client; others are shown as the server names them. */
    entities: Record<
      | 'user'
      | 'session'
      | 'commune_status'
      | 'police_hq'
      | 'border_gate'
      | 'commune'
      | 'commune_boundaries'
      | 'commune_crosswalk'
      | 'national_border'
      | 'border_setting'
      | 'province'
      | 'province_indicator'
      | 'security_team_count'
      | 'self_governing_model'
      | 'campaign'
      | 'campaign_commune',
      string
    >;
    hidden: string;
  };
  communeKinds: Record<CommuneKind, string>;
  statusKinds: { [K in StatusKind]: { label: string; values: Record<KindValues<K>, string> } };
  hqStatuses: Record<HqStatus | 'none', string>;
  gateLevels: Record<BorderGateLevel, string>;
  countries: Record<'LAO' | 'CHN', string>;
  /** `YYYY-MM-DD` → the date as people write it in this language. */
  formatDate: (iso: string) => string;
  /** An ISO timestamp → date and time as people write them in this language (local time). */
  formatDateTime: (iso: string) => string;
  /** The border view: border communes by neighbouring country, their indicators and the gate editor. */
  border: {
    segments: string;
    segmentsEmpty: string;
    linesSource: string;
    /** "{n} border communes" */
    communeCount: (n: number) => string;
    /** The rule in force, e.g. "touching the border line or within 1 km of it". */
    rule: (distance: string) => string;
    indicators: string;
    /** "N/M drug-free" */
    drugFreeOf: (n: number, total: number) => string;
    province: string;
    communes: string;
    filters: string;
    country: string;
    allCountries: string;
    notDrugFree: string;
    keyComplex: string;
    search: string;
    searchPlaceholder: string;
    sort: string;
    sortBy: Record<'distance' | 'name' | 'drugFree' | 'gate' | 'hq' | 'recent', string>;
    lastChange: string;
    facing: (country: string) => string;
    distance: string;
    onBorder: string;
    nearestGate: string;
    nearestHq: string;
    none: string;
    /** "{shown} of {total} communes" */
    shown: (shown: number, total: number) => string;
    empty: string;
    noMatch: string;
    loading: string;
    loadError: string;
    openDetail: (name: string) => string;
    export: string;
    exportCsv: string;
    exportXlsx: string;
    exportGeojson: string;
    gates: string;
    gate: string;
    newGate: string;
    gateName: string;
    gateLevel: string;
    gateCountry: string;
    lon: string;
    lat: string;
    openedOn: string;
    closedOn: string;
    pickOnMap: string;
    picking: string;
    cancelPick: string;
    gateRule: string;
    create: string;
    save: string;
    saving: string;
    created: (name: string) => string;
    saved: (name: string) => string;
    conflict: string;
    layer: string;
    /** Administrators: the distance that makes a commune a border commune. */
    setting: {
      title: string;
      label: string;
      hint: string;
      save: string;
      saved: (communes: number) => string;
      conflict: string;
    };
  };
  /** The commander's dashboard, the time control, shared links and the printed briefing. */
  dashboard: {
    /** The figures with nothing to count in the user's area, named after the list. */
    notApplicable: (names: string) => string;
    title: string;
    /** "Toàn tỉnh Điện Biên · 45 xã" */
    scopeProvince: (name: string, communes: number) => string;
    scopeSelection: (n: number) => string;
    scopeArea: (n: number) => string;
    backToProvince: string;
    asOfLine: (date: string, previous: string) => string;
    loading: string;
    error: string;
    retry: string;
    emptyTitle: string;
    emptyText: string;
    /** Each indicator as a report sentence: the number quoted, then what it counts. */
    items: Record<IndicatorId, (f: FigureText) => { lead: string; text: string }>;
    change: (direction: Direction, amount: string, since: string) => string;
    noPrevious: string;
    showOnMap: string;
    breakdownTitle: string;
    breakdownHint: string;
    trendTitle: string;
    trendKind: string;
    trendNone: string;
    yearlyTitle: string;
    yearlyNone: string;
    yearlyNames: Record<'social_order_cases' | 'drug_cases' | 'drug_arrests' | 'investigation_rate', string>;
    units: Record<'cases' | 'people' | 'percent', string>;
    yearlyChange: (direction: Direction, amount: string, previousYear: number, points: boolean) => string;
    yearlyFirst: string;
    communesCount: (n: number) => string;
    highlightTitle: (n: number) => string;
    clearHighlight: string;
    useAsSelection: string;
    selectionHint: string;
    selectedTitle: (n: number) => string;
    clearSelection: string;
    removeFromSelection: (name: string) => string;
    /** Time control */
    timeLabel: string;
    year: string;
    play: string;
    stop: string;
    yearAnnounce: (year: number) => string;
    /** Share */
    copyLink: string;
    copyLinkShort: string;
    linkCopied: string;
    copyFailed: string;
    /** Briefing */
    export: string;
    pdfTitle: string;
    pngTitle: string;
    pdf: string;
    png: string;
    generating: string;
    generatingStep: Record<'map' | 'fonts' | 'page' | 'file', string>;
    generated: string;
    exportFailed: (message: string) => string;
    briefingTitle: string;
    briefingScope: (name: string) => string;
    briefingAsOf: (date: string) => string;
    briefingIndicators: string;
    briefingYearly: string;
    briefingLegend: string;
    briefingHighlight: string;
    briefingGenerated: (when: string) => string;
    demoMark: string;
    north: string;
  };
  /** The analysis panel: HQ coverage, nearest HQ and border distances, best sites for new HQs. */
  analysis: {
    heading: string;
    intro: string;
    radius: string;
    radiusHint: (min: number, max: number) => string;
    statuses: string;
    noStatus: string;
    borderKm: string;
    bestSites: string;
    k: string;
    objective: string;
    objectives: Record<'population' | 'area', string>;
    candidates: string;
    candidateSources: Record<'communes' | 'villages' | 'points', string>;
    areaVillagesHint: string;
    pickStart: string;
    pickStop: string;
    pickHint: string;
    points: (n: number, max: number) => string;
    clearPoints: string;
    lon: string;
    lat: string;
    addPoint: string;
    pointOutOfRange: string;
    noPoints: string;
    run: string;
    running: string;
    cancel: string;
    cancelled: string;
    stage: (i: number, n: number, name: string) => string;
    stages: Record<'coverage' | 'proximity' | 'bestSites', string>;
    /** How far the running step is, e.g. communes done of all. */
    stageDone: (done: string, total: string) => string;
    elapsed: (seconds: string) => string;
    failed: string;
    noHq: string;
    noVillages: string;
    results: string;
    computedFor: (date: string, radius: string, statuses: string) => string;
    totalCovered: string;
    totalShare: string;
    totalPopulation: string;
    columns: Record<
      'commune' | 'areaKm2' | 'coveredKm2' | 'share' | 'population' | 'coveredPopulation' | 'nearestHq' | 'hqKm' | 'otherHq' | 'otherHqKm' | 'borderKm' | 'nearestGate' | 'gateKm',
      string
    >;
    codeColumn: string;
    tableCaption: string;
    sortHint: string;
    nearBorder: (km: string) => string;
    sites: string;
    siteAdds: (population: string, area: string) => string;
    /** A site in a commune that already has an independent HQ: that HQ, its distance, and the radius counted. */
    siteReason: (commune: string, hq: string, km: string, radiusKm: string) => string;
    noSites: string;
    exportCsv: string;
    /** Opens the results table in a wide window over the map. */
    wideView: string;
    closeWideView: string;
    exportGeojson: string;
    legend: string;
    legendCovered: string;
    legendGaps: string;
    legendCommuneLine: string;
    legendVillageLine: string;
    legendSite: string;
    legendPoint: string;
    demoNote: string;
  };
  /** Planner workflow: selecting communes, priority scores, campaigns and their progress. */
  campaigns: {
    selectionTitle: string;
    selectionHint: string;
    drawPolygon: string;
    drawFreehand: string;
    stopDrawing: string;
    drawingPolygonHint: string;
    drawingFreehandHint: string;
    clearSelection: string;
    filtersTitle: string;
    any: string;
    yes: string;
    no: string;
    keyComplex: string;
    drugKeyArea: string;
    independentHq: string;
    transformationIn: string;
    drugFreeIn: string;
    withinBorderKm: string;
    withinHqKm: string;
    selectByFilters: string;
    narrowSelection: string;
    selecting: string;
    selectedCount: (n: number) => string;
    noSelection: string;
    score: string;
    explain: string;
    explainTitle: (name: string) => string;
    weightsTitle: string;
    weightsHint: string;
    resetWeights: string;
    criteria: Record<'key_complex' | 'drug_key_area' | 'not_drug_free' | 'no_independent_hq' | 'hq_distance' | 'border' | 'years_designated', string>;
    exportSelection: string;
    newTitle: string;
    kind: string;
    kinds: Record<'transformation' | 'drug_free', string>;
    name: string;
    periodStart: string;
    periodEnd: string;
    responsibleUnit: string;
    targetAchieve: string;
    targetMaintain: string;
    milestones: string;
    milestoneTitle: string;
    dueOn: string;
    addMilestone: string;
    removeMilestone: string;
    create: string;
    createFrom: (n: number) => string;
    needSelection: string;
    readOnly: string;
    listTitle: string;
    noCampaigns: string;
    open: string;
    back: string;
    progressTitle: string;
    achieved: (done: number, target: string) => string;
    maintained: (done: number, target: string) => string;
    overdue: (n: number) => string;
    overdueMark: string;
    /** An overdue milestone: its title and due date (dd/mm/yyyy). */
    overdueMilestone: (title: string, dueOn: string) => string;
    done: string;
    communesTitle: string;
    stage: string;
    stages: Record<'proposed' | 'designated' | 'plan_approved' | 'transforming' | 'transformed' | 'certified' | 'maintained' | 'challenge' | 'reassessed', string>;
    nextStage: string;
    on: string;
    decisionNo: string;
    decisionDate: string;
    note: string;
    advance: string;
    finalStage: string;
    stepsTitle: string;
    legendTitle: string;
    exportCampaign: string;
    saved: string;
    /** Editing an existing campaign's name, period, unit and targets. */
    editDetails: string;
    saveDetails: string;
    markDone: string;
    addSelected: (n: number) => string;
    demoNote: string;
  };
  dataImport: {
    searchLabel: string;
    searchPlaceholder: string;
    searchResults: string;
    searchNone: string;
    searchFailed: string;
    kinds: Record<'province' | 'commune' | 'hq' | 'border_gate', string>;
    importTab: string;
    importHeading: string;
    importIntro: string;
    provinceCode: string;
    provinceName: string;
    provinceNameHint: string;
    provinceCodeHint: string;
    provincesHeading: string;
    provinceRow: (code: string, name: string, features: number, exists: boolean) => string;
    file: string;
    fileHint: string;
    preview: string;
    commit: string;
    uploading: (percent: number) => string;
    processing: string;
    /** The server's check, feature by feature (streamed progress). */
    checking: (done: number, total: number) => string;
    committing: string;
    reportHeading: string;
    summary: (features: number, errors: number, warnings: number, crs: string) => string;
    noProblems: string;
    blocking: (n: number) => string;
    columns: Record<'feature' | 'code' | 'severity' | 'message', string>;
    severities: Record<'error' | 'warning', string>;
    mapLabel: string;
    legendOk: string;
    legendWarning: string;
    legendError: string;
    committed: (created: number, updated: number, repaired: number) => string;
    failed: string;
  };
  /** Downloads of the visible data on the map tab. */
  dataExport: {
    title: string;
    hint: string;
    layers: Record<ExportLayer, string>;
    /** The commune code crosswalk of the 2025 mergers (CSV/XLSX, no geometry). */
    crosswalk: string;
  };
  /** Table imports (CSV/XLSX) in the administration's Import tab, one form for every kind. */
  tableImport: {
    heading: string;
    intro: string;
    kindLegend: string;
    kinds: Record<TableImportKindId, { label: string; description: string }>;
    checkingKinds: string;
    noKinds: string;
    columnsHint: string;
    templateLabel: string;
    templateCsv: string;
    templateXlsx: string;
    file: string;
    fileHint: string;
    dropZone: string;
    chosen: (name: string, size: string) => string;
    preview: string;
    commit: string;
    restart: string;
    uploading: (percent: number) => string;
    processing: string;
    committing: string;
    reportHeading: string;
    summary: (rows: number, errors: number) => string;
    noProblems: string;
    blocking: (n: number) => string;
    problemsCaption: string;
    rowColumn: string;
    messageColumn: string;
    wholeFile: string;
    sortAscending: string;
    sortDescending: string;
    committed: (inserted: number, updated: number | null) => string;
    /** After a commit that wrote records of former communes and/or inherited statuses. */
    committedInheritance: (former: number, derived: number) => string;
    plan: (created: number, updated: number, unchanged: number) => string;
    changesCaption: (n: number) => string;
    warningsCaption: (n: number) => string;
    derivedCaption: (n: number) => string;
    keptCaption: (n: number) => string;
    failed: string;
  };
  /** Removal of a demo province, in the Import tab. */
  borderImport: {
    heading: string;
    intro: string;
    country: string;
    fromFile: string;
    names: Record<'LAO' | 'CHN' | 'KHM', string>;
    features: string;
    length: string;
    now: string;
    distance: string;
    communes: string;
    committed: string;
  };
  demoRemoval: {
    heading: string;
    intro: string;
    badge: string;
    afterImport: string;
    loading: string;
    contentsCaption: (name: string, code: string) => string;
    contents: Record<keyof DemoProvinceContents, string>;
    usersLeftEmpty: string;
    noUsersLeftEmpty: string;
    notRemovable: string;
    confirmLabel: (code: string) => string;
    remove: string;
    removing: string;
    removed: (name: string, communes: number) => string;
    usersToFix: (names: string) => string;
    failed: string;
  };
  /** Date fields (client/ui/DateInput.svelte). */
  dateField: {
    /** How to type a date, shown in an empty field. */
    placeholder: string;
    /** The field's text is not a date. */
    invalid: (example: string) => string;
    /** The date is before `min` or after `max`. */
    outOfRange: (min: string, max: string) => string;
    /** The calendar button. */
    pick: string;
  };
  /** The browser's own form checks, worded in the interface's language (client/ui/validity.ts). */
  formValidity: {
    required: string;
    chooseOne: string;
    badInput: string;
    min: (min: string) => string;
    max: (max: string) => string;
    step: (step: string) => string;
    tooShort: (n: string) => string;
    tooLong: (n: string) => string;
    pattern: string;
  };
}
