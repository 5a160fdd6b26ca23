// The browser suites' decision: in CI a missing Chromium must fail them, never skip them.
import { describe, expect, it } from 'vitest';
import { browserTestsRun, isCi } from './chromium.js';

describe('browserTestsRun', () => {
  it('runs the browser suites in CI even without Chromium, so that they fail there', () => {
    expect(browserTestsRun({ chromiumInstalled: false, ci: 'true' })).toBe(true);
    expect(browserTestsRun({ chromiumInstalled: false, ci: '1' })).toBe(true);
    expect(browserTestsRun({ chromiumInstalled: true, ci: 'true' })).toBe(true);
  });

  it('skips them only outside CI and without Chromium', () => {
    expect(browserTestsRun({ chromiumInstalled: false, ci: undefined })).toBe(false);
    expect(browserTestsRun({ chromiumInstalled: false, ci: 'false' })).toBe(false);
    expect(browserTestsRun({ chromiumInstalled: true, ci: undefined })).toBe(true);
  });

  it('reads the CI variable as CI services set it', () => {
    expect(['true', 'TRUE', '1', 'yes', 'woodpecker'].map(isCi)).toEqual([true, true, true, true, true]);
    expect([undefined, '', 'false', '0', 'no'].map(isCi)).toEqual([false, false, false, false, false]);
  });
});
