/**
 * The session's CSRF token, which the API wants in the X-CSRF-Token header of every POST, PUT,
 * PATCH and DELETE. The API sets it as a cookie scripts can read (`ripple_csrf`, or
 * `__Host-ripple_csrf` over HTTPS); another site can read neither it nor set the header.
 */
export function csrfHeaders(): Record<string, string> {
  if (typeof document === 'undefined') return {};
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'ripple_csrf' || name === '__Host-ripple_csrf') {
      return { 'x-csrf-token': decodeURIComponent(rest.join('=')) };
    }
  }
  return {};
}
