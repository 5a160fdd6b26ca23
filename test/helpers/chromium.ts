// Debian's Chromium driven by playwright-core, for the browser tests. The browser is the system's
// (/usr/bin/chromium, installed by .ci/run with apt), never one downloaded by a test tool. Locally,
// without Chromium, browser suites are skipped with a note; in CI (CI=true) they fail instead, so a
// missing browser can never pass for a green run.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.HELPER_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Whether browser suites run here: Chromium is installed, or CI demands them (and then fails). */
export const browserTestsEnabled = existsSync(CHROMIUM_PATH) || process.env.CI === 'true';

if (!browserTestsEnabled) console.warn(`browser tests skipped: ${CHROMIUM_PATH} is missing (apt-get install chromium)`);

/** Starts headless Chromium (a fresh temporary profile) with no background traffic: the network is closed. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
