import type { ParticipantAnswer, ParticipantRecord } from '$lib/api/participants';
import type { I18n } from '$lib/i18n';

/** The name a record goes by: the person's name, else their email, else their number. */
export function displayName(i18n: I18n, person: Pick<ParticipantRecord, 'id' | 'name' | 'email'>) {
  return person.name ?? person.email ?? i18n.t('participants.record.unnamed', { id: person.id });
}

/** A language code ("es", "pt-BR") named in the reader's language; the code when unknown. */
export function languageName(locale: string, code: string | null): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** One answer as a reader reads it, in the reader's language (labels come from the API). */
export function answerText(i18n: I18n, answer: ParticipantAnswer): string {
  switch (answer.type) {
    case 'rating5':
    case 'nps':
      return answer.number === null
        ? ''
        : i18n.t('participants.answers.outOf', {
            value: i18n.formatNumber(answer.number),
            max: answer.type === 'nps' ? 10 : 5,
          });
    case 'yes_partly_no':
      return answer.text === 'yes' || answer.text === 'partly' || answer.text === 'no'
        ? i18n.t(`survey.yesPartlyNo.${answer.text}`)
        : (answer.text ?? '');
    case 'consent':
      return answer.text === 'yes' || answer.text === 'no'
        ? i18n.t(`survey.consent.${answer.text}`)
        : (answer.text ?? '');
    case 'single':
    case 'multi':
      return (answer.choices ?? [])
        .map((c) =>
          c.value === 'other' && answer.text
            ? i18n.t('participants.answers.other', { text: answer.text })
            : c.label,
        )
        .join('; ');
    case 'text':
      return answer.text ?? '';
  }
}
