import { describe, expect, it } from 'vitest';
import type { ParticipantAnswer } from '$lib/api/participants';
import { createI18n } from '$lib/i18n';
import { answerText, displayName, languageName } from './record';

const answer = (fields: Partial<ParticipantAnswer>): ParticipantAnswer => ({
  questionId: 1,
  key: 'k',
  type: 'text',
  question: 'Q?',
  number: null,
  text: null,
  choices: null,
  ...fields,
});

describe('answerText', () => {
  const en = createI18n('en');
  const es = createI18n('es');

  it('gives ratings out of their scale', () => {
    expect(answerText(en, answer({ type: 'rating5', number: 4 }))).toBe('4 of 5');
    expect(answerText(es, answer({ type: 'nps', number: 9 }))).toBe('9 de 10');
  });

  it('translates yes / partly / no and consent', () => {
    expect(answerText(es, answer({ type: 'yes_partly_no', text: 'partly' }))).toBe('En parte');
    expect(answerText(en, answer({ type: 'consent', text: 'no' }))).toBe('No');
  });

  it('lists choices by label, with what was written for "other"', () => {
    const multi = answer({
      type: 'multi',
      text: 'draft a decree',
      choices: [
        { value: 'inform_policy', label: 'Inform a policy' },
        { value: 'other', label: 'Other' },
      ],
    });
    expect(answerText(en, multi)).toBe('Inform a policy; Other: draft a decree');
    expect(answerText(en, answer({ type: 'single', choices: [{ value: 'a', label: 'A' }] }))).toBe(
      'A',
    );
  });

  it('gives text as written', () => {
    expect(answerText(en, answer({ text: 'Fue útil' }))).toBe('Fue útil');
  });
});

describe('displayName and languageName', () => {
  const en = createI18n('en');
  it('falls back from the name to the email to the number', () => {
    expect(displayName(en, { id: 7, name: 'Ana', email: 'a@x.org' })).toBe('Ana');
    expect(displayName(en, { id: 7, name: null, email: 'a@x.org' })).toBe('a@x.org');
    expect(displayName(en, { id: 7, name: null, email: null })).toBe('Participant #7');
  });
  it('names languages in the reader’s language', () => {
    expect(languageName('es', 'en')).toBe('inglés');
    expect(languageName('en', null)).toBe('');
  });
});
