import { describe, expect, it } from 'vitest';
import { rewriteApiUrl } from './api-url';

const origin = 'https://ripple.example.org';

describe('rewriteApiUrl', () => {
  it('sends same-origin /api/ requests to the API base, keeping the query', () => {
    const url = new URL('/api/reach/cumulative?interval=month', origin);
    expect(rewriteApiUrl(url, origin, 'http://127.0.0.1:3000')?.href).toBe(
      'http://127.0.0.1:3000/api/reach/cumulative?interval=month',
    );
  });

  it('keeps a path prefix of the base', () => {
    const url = new URL('/api/overview', origin);
    expect(rewriteApiUrl(url, origin, 'http://api.internal:8080/ripple/')?.href).toBe(
      'http://api.internal:8080/ripple/api/overview',
    );
  });

  it('leaves other requests alone', () => {
    expect(rewriteApiUrl(new URL('/api/overview', origin), origin, undefined)).toBeUndefined();
    expect(rewriteApiUrl(new URL('/apiary', origin), origin, 'http://x')).toBeUndefined();
    expect(
      rewriteApiUrl(new URL('https://other.example/api/overview'), origin, 'http://x'),
    ).toBeUndefined();
  });
});
