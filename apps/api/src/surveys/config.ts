import { RippleConfigError } from '@ripple/db';

/** How survey invitations reach people: their links' base URL and, optionally, SMTP. */
export interface SurveyConfig {
  /** RIPPLE_PUBLIC_URL without a trailing slash, or null (then the request's origin is used). */
  publicUrl: string | null;
  /** Null when SMTP_URL is not set: invitations then leave as a CSV export only. */
  mail: MailConfig | null;
}

export interface MailConfig {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  url: string;
  /** The From address, e.g. "Open Gov Webinars <webinars@example.org>". */
  from: string;
}

/** Reads RIPPLE_PUBLIC_URL, SMTP_URL and RIPPLE_MAIL_FROM; anything malformed is one clear error. */
export function surveyConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SurveyConfig {
  const publicUrl = env.RIPPLE_PUBLIC_URL?.trim() || null;
  if (publicUrl !== null && !isHttpUrl(publicUrl)) {
    throw new RippleConfigError(
      `RIPPLE_PUBLIC_URL must be an http(s) URL such as https://ripple.example.org, not "${publicUrl}"`,
    );
  }
  const smtpUrl = env.SMTP_URL?.trim() || null;
  const from = env.RIPPLE_MAIL_FROM?.trim() || null;
  if (smtpUrl === null) {
    if (from !== null) {
      throw new RippleConfigError(
        'RIPPLE_MAIL_FROM is set but SMTP_URL is not: set both or neither',
      );
    }
    return { publicUrl: publicUrl?.replace(/\/+$/, '') ?? null, mail: null };
  }
  let parsed: URL;
  try {
    parsed = new URL(smtpUrl);
  } catch {
    throw new RippleConfigError('SMTP_URL must look like smtp://user:pass@host:587');
  }
  if (!['smtp:', 'smtps:'].includes(parsed.protocol) || !parsed.hostname) {
    throw new RippleConfigError('SMTP_URL must look like smtp://user:pass@host:587 or smtps://…');
  }
  if (from === null || !/^[^@\s<>]+@[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>$/.test(from)) {
    throw new RippleConfigError(
      'RIPPLE_MAIL_FROM must be the sender address, e.g. "Webinars <webinars@example.org>", when SMTP_URL is set',
    );
  }
  return { publicUrl: publicUrl?.replace(/\/+$/, '') ?? null, mail: { url: smtpUrl, from } };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '';
  } catch {
    return false;
  }
}

/** A personal or open link: `<base>/s/<token>`. */
export function surveyLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/s/${token}`;
}
