import { describe, expect, it } from 'vitest';
import { HSTS, setSecurityHeaders } from './security-headers';

describe('setSecurityHeaders', () => {
  it('sets nosniff, no framing, same-origin referrers and no-store', () => {
    const headers = new Headers({ 'cache-control': 'max-age=600' });
    setSecurityHeaders(headers, new URL('http://localhost:3000/reach'));
    expect(Object.fromEntries(headers)).toEqual({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'cache-control': 'no-store',
    });
  });

  it('keeps a stricter referrer policy the page set, and adds HSTS over HTTPS only', () => {
    const headers = new Headers({ 'referrer-policy': 'no-referrer' });
    setSecurityHeaders(headers, new URL('https://ripple.example.org/s/abc'));
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('strict-transport-security')).toBe(HSTS);
  });
});
