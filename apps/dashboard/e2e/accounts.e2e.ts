import { describe, expect, it } from 'vitest';
import { useDemo } from './demo.js';
import { holdHydration } from './pages.js';
import { E2E_ADMIN, signIn } from './session.js';

const demo = useDemo('accounts');

describe('signing in and out', () => {
  it('sends a visitor to the sign-in page and back to where they were going', async () => {
    const context = await demo.anonymousBrowser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${demo.server.url}/reach?year=2024`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');

      await page.fill('#email', E2E_ADMIN.email);
      await page.fill('#password', 'not the password');
      await page.click('button[type=submit]');
      expect(await page.getByRole('alert').innerText()).toMatch(/email or password is wrong/);
      expect(await page.inputValue('#email')).toBe(E2E_ADMIN.email);

      await page.fill('#password', E2E_ADMIN.password);
      await page.click('button[type=submit]');
      const url = new URL(page.url());
      expect(url.pathname + url.search).toBe('/reach?year=2024');
      expect(await page.locator('header').innerText()).toMatch(/Signed in as Administrator/);

      const [session] = (await context.cookies()).filter((c) => c.name === 'ripple_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      await page.getByRole('button', { name: 'Sign out' }).click();
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await page.getByRole('status').innerText()).toMatch(/signed out/);
      // The old cookie opens nothing any more.
      const old = await fetch(`${demo.server.url}/api/overview`, {
        headers: { cookie: `ripple_session=${session!.value}` },
      });
      expect(old.status).toBe(401);
      await page.goto(`${demo.server.url}/`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
    } finally {
      await context.close();
    }
  });

  it('shows a funder the aggregate pages only', async () => {
    const created = await demo.fetch('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'funder@example.org',
        name: 'Fiona Funder',
        role: 'funder',
        password: 'quarterly reading of the reports',
      }),
    });
    expect(created.status).toBe(201);
    const funder = await signIn(demo.server.url, {
      email: 'funder@example.org',
      password: 'quarterly reading of the reports',
    });
    const context = await demo.anonymousBrowser.newContext();
    try {
      await context.addCookies(funder.cookies.map((c) => ({ ...c, url: demo.server.url })));
      const page = await context.newPage();
      await page.goto(`${demo.server.url}/`);
      const nav = await page.getByRole('navigation', { name: 'Main' }).innerText();
      expect(nav).toMatch(/Overview/);
      expect(nav).toMatch(/Impact/);
      expect(nav).not.toMatch(/Webinars|Import|Surveys/);

      const response = await page.goto(`${demo.server.url}/webinars`);
      expect(response?.status()).toBe(403);
      expect(await page.locator('h1').innerText()).toBe('Not for your role');
    } finally {
      await context.close();
    }
  });

  it('lets an admin add and disable an account on the Accounts page, without JavaScript', async () => {
    const context = await demo.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${demo.server.url}/accounts`);
      await page.fill('#new-email', 'donor@example.org');
      await page.fill('#new-name', 'Donor Reader');
      await page.selectOption('#new-role', 'funder');
      await page.fill('#new-password', 'password1234');
      await page.click('text=Create account');
      expect(await page.getByRole('alert').innerText()).toMatch(/most common passwords/);
      expect(await page.inputValue('#new-email')).toBe('donor@example.org');

      await page.fill('#new-password', 'quarterly figures for the board');
      await page.click('text=Create account');
      expect(await page.getByRole('status').innerText()).toMatch(/donor@example.org created/);
      const row = page.locator('[data-testid=accounts] tr', { hasText: 'donor@example.org' });
      expect(await row.innerText()).toMatch(/Active/);
      await row.getByRole('button', { name: 'Disable' }).click();
      expect(
        await page
          .locator('[data-testid=accounts] tr', { hasText: 'donor@example.org' })
          .innerText(),
      ).toMatch(/Disabled/);
      const refused = await fetch(`${demo.server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'donor@example.org',
          password: 'quarterly figures for the board',
        }),
      });
      expect(refused.status).toBe(401);
    } finally {
      await context.close();
    }
  });

  it("keeps what an admin typed before the page's scripts arrived", async () => {
    const context = await demo.browser.newContext();
    try {
      const page = await context.newPage();
      const release = await holdHydration(page, '/accounts');
      await page.goto(`${demo.server.url}/accounts`);
      await page.fill('#new-email', 'early@example.org');
      await page.fill('#new-name', 'Early Typist');
      await page.selectOption('#new-role', 'manager');
      await page.fill('#new-password', 'typed before the scripts came');
      expect(
        await page.evaluate(() => document.documentElement.hasAttribute('data-hydrated')),
      ).toBe(false);

      // Hydration would once have set the email, name and role back to what was rendered.
      await release();
      expect(await page.inputValue('#new-email')).toBe('early@example.org');
      expect(await page.inputValue('#new-name')).toBe('Early Typist');
      expect(await page.inputValue('#new-role')).toBe('manager');

      await page.click('text=Create account');
      await expect
        .poll(() =>
          page
            .getByRole('status')
            .innerText()
            .catch(() => ''),
        )
        .toMatch(/early@example.org created/);
      const row = page.locator('[data-testid=accounts] tr', { hasText: 'early@example.org' });
      expect(await row.locator('select').inputValue()).toBe('manager');
    } finally {
      await context.close();
    }
  });
});
