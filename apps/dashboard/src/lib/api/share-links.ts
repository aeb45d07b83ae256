import { isRecord } from './client';
import type { ShareScope } from '$lib/share';

/** One row of `GET /api/share-links`. */
export interface ShareLinkRow {
  id: number;
  label: string;
  scope: ShareScope;
  hasPassword: boolean;
  status: 'active' | 'expired' | 'revoked';
  expiresAt: string;
  revokedAt: string | null;
  createdAt: string;
  createdBy: { id: number; name: string } | null;
  views: number;
  lastViewedAt: string | null;
}

export function isShareLink(row: unknown): row is ShareLinkRow {
  return (
    isRecord(row) &&
    typeof row.id === 'number' &&
    typeof row.label === 'string' &&
    isRecord(row.scope) &&
    typeof row.status === 'string' &&
    typeof row.views === 'number'
  );
}

export function isShareLinks(body: unknown): body is ShareLinkRow[] {
  return Array.isArray(body) && body.every(isShareLink);
}

/** `GET /api/share-links/:id/views` */
export interface ShareLinkViews {
  link: ShareLinkRow;
  views: { viewedAt: string; path: string; address: string | null; userAgent: string | null }[];
}

export function isShareLinkViews(body: unknown): body is ShareLinkViews {
  return isRecord(body) && isShareLink(body.link) && Array.isArray(body.views);
}
