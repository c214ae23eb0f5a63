/**
 * The integration run: one database for all API, conformance and browser suites (opening embedded PostGIS costs
 * ≈13 s and ≈1 GB, so it is opened once per run). With DATABASE_URL set the same suites run against that server.
 */
import { describe } from 'vitest';
import { useHarness } from './support/harness.ts';
import { mapApiSuite } from './api/map-api.suite.ts';
import { databaseSuite } from './api/database.suite.ts';
import { conformanceSuite } from './api/conformance.suite.ts';
import { mapBrowserSuite } from './e2e/map.suite.ts';
import { dashboardBrowserSuite } from './e2e/dashboard.suite.ts';
import { authSuite } from './api/auth.suite.ts';
import { accessMatrixSuite } from './api/access-matrix.suite.ts';
import { indicatorsSuite } from './api/indicators.suite.ts';
import { borderSuite } from './api/border.suite.ts';
import { borderBrowserSuite } from './e2e/border.suite.ts';
import { analysisReferenceSuite } from './api/analysis-reference.suite.ts';
import { analysisApiSuite } from './api/analysis-api.suite.ts';
import { analysisBrowserSuite } from './e2e/analysis.suite.ts';
import { campaignsSuite } from './api/campaigns.suite.ts';
import { campaignsBrowserSuite } from './e2e/campaigns.suite.ts';
import { searchSuite } from './api/search.suite.ts';
import { importSuite } from './api/import.suite.ts';
import { importKillSuite } from './api/import-kill.suite.ts';
import { importBrowserSuite } from './e2e/import.suite.ts';
import { tableImportSuite } from './api/table-import.suite.ts';
import { demoProvinceSuite } from './api/demo-province.suite.ts';
import { tableImportBrowserSuite } from './e2e/table-import.suite.ts';
import { crosswalkSuite } from './api/crosswalk.suite.ts';
import { geometryChecksSuite } from './api/geometry-checks.suite.ts';
import { crosswalkBrowserSuite } from './e2e/crosswalk.suite.ts';
import { nationalSuite } from './api/national.suite.ts';
import { borderLinesSuite } from './api/border-lines.suite.ts';
import { compressionSuite } from './api/compression.suite.ts';
import { nationalBrowserSuite } from './e2e/national.suite.ts';

const h = useHarness();
const backend = process.env.DATABASE_URL ? 'postgres' : 'embedded';

describe(`[${backend}] API`, () => mapApiSuite(h));
describe(`[${backend}] database`, () => databaseSuite(h));
describe(`[${backend}] access control`, () => accessMatrixSuite(h));
describe(`[${backend}] accounts, sessions, audit`, () => authSuite(h));
describe(`[${backend}] conformance`, () => conformanceSuite(h));
describe(`[${backend}] border`, () => borderSuite(h));
describe(`[${backend}] analyses vs PostGIS`, () => analysisReferenceSuite(h));
describe(`[${backend}] browser`, () => mapBrowserSuite(h));
describe(`[${backend}] indicators`, () => indicatorsSuite(h));
describe(`[${backend}] border browser`, () => borderBrowserSuite(h));
describe(`[${backend}] dashboard browser`, () => dashboardBrowserSuite(h));
describe(`[${backend}] analysis API`, () => analysisApiSuite(h));
describe(`[${backend}] analysis in the browser`, () => analysisBrowserSuite(h));
describe(`[${backend}] campaigns`, () => campaignsSuite(h));
describe(`[${backend}] campaigns in the browser`, () => campaignsBrowserSuite(h));
describe(`[${backend}] search`, () => searchSuite(h));
describe(`[${backend}] import`, () => importSuite(h));
describe(`[${backend}] import interrupted`, () => importKillSuite(h));
describe(`[${backend}] search and import in the browser`, () => importBrowserSuite(h));
describe(`[${backend}] table imports`, () => tableImportSuite(h));
describe(`[${backend}] demo province removal and import messages in Vietnamese`, () => demoProvinceSuite(h));
describe(`[${backend}] table import and demo removal in the browser`, () => tableImportBrowserSuite(h));
describe(`[${backend}] commune code crosswalk`, () => crosswalkSuite(h));
describe(`[${backend}] commune code crosswalk in the browser`, () => crosswalkBrowserSuite(h));
describe(`[${backend}] the real country beside the demo`, () => nationalSuite(h));
describe(`[${backend}] national view in the browser`, () => nationalBrowserSuite(h));
describe(`[${backend}] geometry checks and repairs on both back ends`, () => geometryChecksSuite(h));
describe(`[${backend}] border lines`, () => borderLinesSuite(h));
describe(`[${backend}] compression`, () => compressionSuite(h));
