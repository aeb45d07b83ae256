import { describe, expect, it } from 'vitest';
import { isCrossSiteFormPost } from './csrf';

const origin = 'http://localhost:3000';

function post(headers: Record<string, string>, method = 'POST'): Request {
  return new Request(`${origin}/s/abc`, { method, headers, body: 'a=1' });
}

describe('isCrossSiteFormPost', () => {
  it('lets a same-origin form through even when the referrer policy hid its Origin', () => {
    const request = post({
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'null',
      'sec-fetch-site': 'same-origin',
    });
    expect(isCrossSiteFormPost(request, origin)).toBe(false);
  });

  it('refuses a form from another site, whatever its Origin claims', () => {
    for (const site of ['cross-site', 'same-site', 'none']) {
      const request = post({
        'content-type': 'multipart/form-data; boundary=x',
        origin,
        'sec-fetch-site': site,
      });
      expect(isCrossSiteFormPost(request, origin), site).toBe(true);
    }
  });

  it('falls back to the Origin header when the browser sends no fetch metadata', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(isCrossSiteFormPost(post({ ...form, origin }), origin)).toBe(false);
    expect(isCrossSiteFormPost(post({ ...form, origin: 'https://evil.example' }), origin)).toBe(
      true,
    );
    expect(isCrossSiteFormPost(post({ ...form, origin: 'null' }), origin)).toBe(true);
    expect(isCrossSiteFormPost(post(form), origin)).toBe(true);
  });

  it('reads the content type case-insensitively and covers text/plain', () => {
    for (const type of ['TEXT/PLAIN', 'Application/X-WWW-Form-Urlencoded;charset=utf-8']) {
      const request = post({ 'content-type': type, origin: 'https://evil.example' });
      expect(isCrossSiteFormPost(request, origin), type).toBe(true);
    }
  });

  it('leaves reads and JSON requests alone (a browser preflights cross-site JSON)', () => {
    expect(isCrossSiteFormPost(new Request(`${origin}/`), origin)).toBe(false);
    const json = post({ 'content-type': 'application/json', origin: 'https://evil.example' });
    expect(isCrossSiteFormPost(json, origin)).toBe(false);
  });

  it('covers every state-changing method', () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const request = post(
        { 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' },
        method,
      );
      expect(isCrossSiteFormPost(request, origin), method).toBe(true);
    }
  });
});
