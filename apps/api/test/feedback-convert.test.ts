import type { InstrumentQuestion } from '@ripple/db';
import { describe, expect, it } from 'vitest';
import { convertAnswer } from '../src/feedback/convert.js';

// Cell text → stored answer, by question type (pure: no database).

const uses: InstrumentQuestion = {
  id: 7,
  key: 'intended_use',
  type: 'multi',
  textEn: 'How do you plan to use what you learned?',
  textEs: '¿Cómo piensa utilizar lo que aprendió?',
  allowOther: true,
  choices: [
    {
      value: 'inform_policy',
      label_en: 'Inform a policy, law or action plan',
      label_es: 'Orientar una política, ley o plan de acción',
    },
    {
      value: 'share_colleagues',
      label_en: 'Share with colleagues',
      label_es: 'Compartir con colegas',
    },
    { value: 'other', label_en: 'Other', label_es: 'Otro' },
  ],
};
const question = (type: InstrumentQuestion['type'], extra: Partial<InstrumentQuestion> = {}) => ({
  ...uses,
  type,
  choices: null,
  allowOther: false,
  ...extra,
});
const one = (q: InstrumentQuestion, text: string) => convertAnswer(q, [text], [null]);

describe('convertAnswer', () => {
  it('reads ratings and scores from numbers or the number a label starts with', () => {
    expect(one(question('rating5'), '5 - Very satisfied')).toMatchObject({
      ok: true,
      answer: { number: 5 },
    });
    expect(one(question('rating5'), ' 4 ')).toMatchObject({ ok: true, answer: { number: 4 } });
    expect(one(question('rating5'), '4.0')).toMatchObject({ ok: true, answer: { number: 4 } });
    expect(one(question('nps'), '0 (Not at all likely)')).toMatchObject({
      ok: true,
      answer: { number: 0 },
    });
    expect(one(question('rating5'), '4.5')).toEqual({
      ok: false,
      reason: "'4.5' is not a rating from 1 to 5",
    });
    expect(one(question('rating5'), '6')).toEqual({
      ok: false,
      reason: "'6' is not a rating from 1 to 5",
    });
    expect(one(question('nps'), 'diez')).toEqual({
      ok: false,
      reason: "'diez' is not a score from 0 to 10",
    });
    expect(one(question('nps'), '')).toEqual({ ok: true, answer: null });
  });

  it('reads yes/partly/no and consent in English and Spanish', () => {
    const ypn = question('yes_partly_no');
    expect(
      ['Yes', 'sí', 'SI', 'Partly', 'En parte', 'parcialmente', 'No', 'no, not yet'].map((t) => {
        const r = one(ypn, t);
        return r.ok ? r.answer?.text : r.reason;
      }),
    ).toEqual(['yes', 'yes', 'yes', 'partly', 'partly', 'partly', 'no', 'no']);
    expect(one(ypn, 'maybe')).toEqual({ ok: false, reason: "'maybe' is not yes, partly or no" });
    expect(one(question('consent'), 'Sí, acepto')).toMatchObject({
      ok: true,
      answer: { text: 'yes' },
    });
    expect(one(question('consent'), 'partly')).toEqual({
      ok: false,
      reason: "'partly' is not yes or no",
    });
  });

  it('splits Google Forms checkboxes on ", " without breaking labels that hold commas', () => {
    expect(one(uses, 'Inform a policy, law or action plan, Share with colleagues')).toEqual({
      ok: true,
      answer: {
        questionId: 7,
        number: null,
        text: null,
        choices: ['inform_policy', 'share_colleagues'],
      },
    });
    expect(
      one(uses, 'Orientar una política, ley o plan de acción, Un blog, un podcast'),
    ).toMatchObject({
      ok: true,
      answer: { text: 'Un blog, un podcast', choices: ['inform_policy', 'other'] },
    });
  });

  it('takes Kobo select_multiple names and refuses unknown choices where there is no other', () => {
    expect(one(uses, 'share_colleagues inform_policy')).toMatchObject({
      ok: true,
      answer: { choices: ['inform_policy', 'share_colleagues'], text: null },
    });
    const noOther = { ...uses, allowOther: false };
    expect(one(noOther, 'Share with colleagues, Dance')).toEqual({
      ok: false,
      reason:
        "'Dance' is not one of the choices (Inform a policy, law or action plan; Share with colleagues; Other)",
    });
  });

  it('stores a single choice as the form does: its value, or other with the text', () => {
    const single = { ...uses, type: 'single' as const };
    expect(one(single, 'compartir con colegas')).toMatchObject({
      ok: true,
      answer: { text: 'share_colleagues', choices: null },
    });
    expect(one(single, 'A podcast')).toMatchObject({
      ok: true,
      answer: { text: 'A podcast', choices: ['other'] },
    });
  });

  it('reads a SurveyMonkey question spread over columns, its "other" by the second-row label', () => {
    const result = convertAnswer(
      uses,
      ['', 'Share with colleagues', 'Radio show'],
      ['Inform a policy, law or action plan', 'Share with colleagues', 'Other (please specify)'],
    );
    expect(result).toMatchObject({
      ok: true,
      answer: { choices: ['other', 'share_colleagues'], text: 'Radio show' },
    });
  });
});
