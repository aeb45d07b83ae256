import type { Locale } from '$lib/i18n/locale';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      message: string;
      /** Catalogue key of a translated explanation, so the error page can render it in the reader's language. */
      messageKey?: string;
      /** The language the error page speaks when it is known better than negotiated (a survey's). */
      locale?: Locale;
      /** When a survey link expired, for its closed page. */
      expiresAt?: string;
      /** When a share link expired or was revoked, for its closed page. */
      at?: string;
    }
    interface Locals {
      locale: Locale;
    }
  }
}

export {};
