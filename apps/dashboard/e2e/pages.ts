import type { Page } from 'playwright-core';

/**
 * How many canvases on the page have something drawn on them (a pixel that is not transparent).
 * Chart.js draws after layout and animation frames, so this polls until `atLeast` have ink.
 */
export async function drawnCanvases(page: Page, atLeast = 1, timeout = 10_000): Promise<number> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const drawn = await page.evaluate(
      () =>
        [...document.querySelectorAll('canvas')].filter((canvas) => {
          if (canvas.width === 0 || canvas.height === 0) return false;
          const context = canvas.getContext('2d');
          if (!context) return false;
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
          return false;
        }).length,
    );
    if (drawn >= atLeast || Date.now() > deadline) return drawn;
    await page.waitForTimeout(200);
  }
}

/**
 * Chooses a value in one of the filter bar's selects (by its label) and waits for the page to
 * navigate to the filtered URL, as a reader would.
 */
export async function chooseFilter(page: Page, label: string, value: string): Promise<void> {
  const before = page.url();
  await page.getByLabel(label, { exact: true }).selectOption(value);
  await page.waitForURL((url) => url.toString() !== before);
  await page.waitForLoadState('networkidle');
}

/** Follows the language switch to `lang` and waits for the page to render in it. */
export async function switchLanguage(page: Page, lang: 'en' | 'es'): Promise<void> {
  await page.click(`nav.language a[hreflang="${lang}"]`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  await page.waitForLoadState('networkidle');
}

/**
 * Waits until the page is hydrated (the root layout marks `<html data-hydrated>`), so that what a
 * test types is not reset by hydration and a click reaches the component's handler.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
}

/**
 * Holds back the hydration of the page at `path`, as a slow phone would: the HTML is there and
 * usable, the scripts have not run. Call the returned function to let them run; it resolves once
 * the page is live. Works by making SvelteKit's boot script wait for a signal before it starts.
 */
export async function holdHydration(page: Page, path: string): Promise<() => Promise<void>> {
  await page.route(
    (url) => url.pathname === path,
    async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      const html = await response.text();
      const held = html
        .replace('.then(([kit, app]) => {', '.then(async ([kit, app]) => {')
        .replace(
          'kit.start(app,',
          'await new Promise((go) => (window.rippleHydrate = go));\nkit.start(app,',
        );
      if (!held.includes('window.rippleHydrate')) {
        throw new Error("holdHydration: SvelteKit's boot script has changed shape");
      }
      await route.fulfill({ response, body: held });
    },
  );
  return async () => {
    await page.waitForFunction(() => 'rippleHydrate' in window);
    await page.evaluate(() => (window as unknown as { rippleHydrate: () => void }).rippleHydrate());
    await hydrated(page);
  };
}
