import type { FastifyReply, FastifyRequest } from 'fastify';

// Over HTTPS the cookies take the `__Host-` prefix, which browsers only accept with Secure, no
// Domain and Path=/: no other site, not even a subdomain, can set or overwrite them. Plain HTTP
// (localhost, the demo) cannot use the prefix. SameSite=Lax keeps the session on a link followed
// from an email; the CSRF token guards every state-changing request.

const SESSION = 'ripple_session';
const CSRF = 'ripple_csrf';

function isSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

function names(request: FastifyRequest) {
  const prefix = isSecure(request) ? '__Host-' : '';
  return { session: prefix + SESSION, csrf: prefix + CSRF };
}

/** The session cookie's value, under either name (a proxy may have changed the protocol). */
export function sessionCookie(request: FastifyRequest): string | undefined {
  return request.cookies[`__Host-${SESSION}`] ?? request.cookies[SESSION];
}

export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; csrfToken: string; expiresAt: Date },
): void {
  const { session: sessionName, csrf } = names(request);
  const common = {
    path: '/',
    sameSite: 'lax' as const,
    secure: isSecure(request),
    expires: session.expiresAt,
  };
  reply.setCookie(sessionName, session.token, { ...common, httpOnly: true });
  // Readable by the dashboard's scripts, which echo it in the X-CSRF-Token header; another site
  // can neither read it nor make a browser send it as a header.
  reply.setCookie(csrf, session.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply): void {
  const { session, csrf } = names(request);
  const common = { path: '/', sameSite: 'lax' as const, secure: isSecure(request) };
  reply.clearCookie(session, { ...common, httpOnly: true });
  reply.clearCookie(csrf, common);
}

// A share link's session has a cookie of its own, so opening a share link in a browser where
// someone is signed in never mixes the two: a signed-in user is always asked as themselves.
const SHARE = 'ripple_share';

export function shareCookie(request: FastifyRequest): string | undefined {
  return request.cookies[`__Host-${SHARE}`] ?? request.cookies[SHARE];
}

export function setShareCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; expiresAt: Date },
): void {
  reply.setCookie((isSecure(request) ? '__Host-' : '') + SHARE, session.token, {
    path: '/',
    sameSite: 'lax',
    secure: isSecure(request),
    httpOnly: true,
    expires: session.expiresAt,
  });
}

export function clearShareCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie((isSecure(request) ? '__Host-' : '') + SHARE, {
    path: '/',
    sameSite: 'lax',
    secure: isSecure(request),
    httpOnly: true,
  });
}
