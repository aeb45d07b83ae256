import type { ShareLinkScope } from '@ripple/db';

// Who may call what. Every API route declares `config: { access }` with one of the entries of
// ACCESS (or a list of its own); the auth plugin refuses a route registered without one, and
// test/access.test.ts calls every route as every role and as nobody and compares the outcome with
// these declarations.

export const ROLES = ['admin', 'manager', 'funder'] as const;
export type Role = (typeof ROLES)[number];

/** A role, or someone holding a manager's share link (a read-only, scoped, aggregate view). */
export type Audience = Role | 'share';

/** `'public'`: anyone, signed in or not. Otherwise the audiences that may call the route. */
export type Access = 'public' | readonly Audience[];

export const ACCESS = {
  /** The survey form, sign-in, health, reference lists: no account needed. */
  public: 'public',
  /** Users and settings. */
  admin: ['admin'],
  /** Everything about the programme: people, imports, surveys, exact figures. */
  manage: ['admin', 'manager'],
  /** Aggregate figures and the report; small cells are withheld for funders and share links. */
  aggregate: ['admin', 'manager', 'funder', 'share'],
  /** Any signed-in user (their own session). */
  signedIn: ['admin', 'manager', 'funder'],
} as const satisfies Record<string, Access>;

/** The period and scope a share link is locked to; every filter it does not name stays open. */
export type ShareScope = ShareLinkScope;

export type Viewer =
  | {
      kind: 'user';
      userId: number;
      role: Role;
      email: string;
      name: string;
      /** The session's database key (a hash of the cookie's value, never the value itself). */
      sessionId: string;
      csrfToken: string;
    }
  | {
      kind: 'share';
      linkId: number;
      scope: ShareScope;
      label: string;
      /** When the share session ends (never after the link's own expiry). */
      expiresAt: Date;
      /** The share session's database key (a hash of the cookie's value). */
      sessionId: string;
    };

export function audienceOf(viewer: Viewer | null): Audience | null {
  if (!viewer) return null;
  return viewer.kind === 'share' ? 'share' : viewer.role;
}

export function isAllowed(access: Access, viewer: Viewer | null): boolean {
  if (access === 'public') return true;
  const audience = audienceOf(viewer);
  return audience !== null && access.includes(audience);
}

/**
 * Whether the viewer sees exact figures (admins and managers) or figures with small cells
 * withheld (funders and share links).
 */
export function seesExactFigures(viewer: Viewer | null): boolean {
  return viewer?.kind === 'user' && (viewer.role === 'admin' || viewer.role === 'manager');
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** Who is asking: a signed-in user, a share link, or null. Set before any handler runs. */
    viewer: Viewer | null;
    /**
     * The smallest count of people shown as it is to this viewer: null for exact figures
     * (managers), k (RIPPLE_MIN_CELL_SIZE, default 5) for funders and share links.
     */
    minCellSize: number | null;
  }
}
