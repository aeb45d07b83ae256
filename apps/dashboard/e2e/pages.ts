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
