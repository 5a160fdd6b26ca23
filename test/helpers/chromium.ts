// Debian's Chromium driven by playwright-core, for the browser tests. The browser is the system's
// (/usr/bin/chromium, installed by .ci/run with apt), never one downloaded by a test tool. Locally,
// without Chromium, browser suites are skipped with a note; in CI (CI=true) they fail instead, so a
// missing browser can never pass for a green run.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.HELPER_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Whether a CI variable's value means "this is CI" (CI=true, CI=1, …; unset, empty, false or 0 do not). */
export function isCi(value: string | undefined): boolean {
  return value !== undefined && !['', 'false', '0', 'no'].includes(value.trim().toLowerCase());
}

/**
 * Whether browser suites run: always in CI, where a missing Chromium then fails them (it must never
 * pass for a green run); elsewhere only when Chromium is installed.
 */
export function browserTestsRun(options: { chromiumInstalled: boolean; ci: string | undefined }): boolean {
  return options.chromiumInstalled || isCi(options.ci);
}

export const browserTestsEnabled = browserTestsRun({ chromiumInstalled: existsSync(CHROMIUM_PATH), ci: process.env.CI });

if (!browserTestsEnabled) console.warn(`browser tests skipped: ${CHROMIUM_PATH} is missing (apt-get install chromium)`);

/** Starts headless Chromium (a fresh temporary profile) with no background traffic: the network is closed. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
