import type { Reporter, TestModule, TestSuite } from 'vitest/node';

/**
 * Prints one closing line, "N passed, N failed, N skipped", after Vitest's own report, so that log readers and CI
 * see the totals in a fixed format. A suite or file that failed outside any test (a hook, an import) counts as one
 * failure; skipped suites are listed, since they say why in their names (missing Chromium or geodata).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const skippedSuites = new Set<string>();
    const brokenSuites: string[] = [];
    const failedOutsideTests = (s: TestModule | TestSuite) =>
      s.state() === 'failed' && [...s.children.allTests('failed')].length === 0;

    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else {
          counts.skipped++;
          skippedSuites.add(t.parent.type === 'suite' ? t.parent.fullName : t.module.moduleId);
        }
      }
      const all = [...m.children.allSuites()].filter(failedOutsideTests).map((s) => s.fullName);
      // A failing hook fails its suite and every enclosing one: count the innermost only.
      const broken = all.filter((name) => !all.some((other) => other !== name && other.startsWith(`${name} > `)));
      if (broken.length === 0 && failedOutsideTests(m)) broken.push(m.moduleId);
      brokenSuites.push(...broken);
    }
    for (const s of brokenSuites) skippedSuites.delete(s);
    for (const s of skippedSuites) console.log(`skipped: ${s}`);
    for (const s of brokenSuites) console.log(`failed outside a test: ${s}`);
    counts.failed += brokenSuites.length;
    console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
