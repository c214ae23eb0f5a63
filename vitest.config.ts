import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The integration run opens one database (≈13 s cold for embedded PostGIS) and a browser.
    hookTimeout: 180_000,
    testTimeout: 60_000,
    pool: 'forks',
    // Browser tests poll what the page shows; on a loaded CI machine a redraw can take longer than 1 s.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
