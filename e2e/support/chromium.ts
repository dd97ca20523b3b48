// Debian's Chromium driven by playwright-core: never a browser Playwright downloads itself.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.LETTERBOX_CHROMIUM ?? '/usr/bin/chromium';

// false when Chromium is here; otherwise a loud skip reason, except under CI where
// a missing browser must fail the run rather than pass it silently.
export function chromiumSkipReason(): string | false {
  if (existsSync(CHROMIUM_PATH)) return false;
  const reason = `SKIPPED: Chromium is not installed (${CHROMIUM_PATH} missing; apt-get install chromium)`;
  if (process.env.CI === 'true') throw new Error(`E2E tests need Chromium under CI: ${reason}`);
  console.warn(`\n*** ${reason} ***\n`);
  return reason;
}

// This machine's network is closed: without these, Chromium's background connections are
// refused many at a time and slow every start.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

// A browser on an ordinary profile, writing Chromium's net log (every host it resolves) to
// netLogPath once closed. Playwright's browser.newPage() opens an off-the-record context, and
// there Chromium makes no DNS prefetch or preconnect at all, so a test of those needs this.
export async function launchChromiumWithNetLog(profileDir: string, netLogPath: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...ARGS, `--log-net-log=${netLogPath}`, '--net-log-capture-mode=Everything'],
  });
}
