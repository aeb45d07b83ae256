import { describe, expect, it } from 'vitest';
import {
  errorsByField,
  fieldValues,
  isSurveyForm,
  submissionFrom,
  type SurveyQuestion,
} from './form';

const questions: SurveyQuestion[] = [
  {
    id: 1,
    key: 'satisfaction',
    type: 'rating5',
    required: true,
    text: 'S',
    choices: null,
    allowOther: false,
  },
  {
    id: 2,
    key: 'recommend',
    type: 'nps',
    required: false,
    text: 'R',
    choices: null,
    allowOther: false,
  },
  {
    id: 3,
    key: 'intended_use',
    type: 'multi',
    required: false,
    text: 'U',
    choices: [
      { value: 'share_colleagues', label: 'Share' },
      { value: 'other', label: 'Other' },
    ],
    allowOther: true,
  },
  {
    id: 4,
    key: 'role',
    type: 'single',
    required: false,
    text: 'Role',
    choices: [
      { value: 'a', label: 'A' },
      { value: 'other', label: 'Other' },
    ],
    allowOther: true,
  },
  {
    id: 5,
    key: 'applied',
    type: 'yes_partly_no',
    required: false,
    text: 'A',
    choices: null,
    allowOther: false,
  },
  {
    id: 6,
    key: 'comments',
    type: 'text',
    required: false,
    text: 'C',
    choices: null,
    allowOther: false,
  },
  {
    id: 7,
    key: 'consent_quote',
    type: 'consent',
    required: false,
    text: 'Q',
    choices: null,
    allowOther: false,
  },
];

function formData(entries: Array<[string, string]>): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe('submissionFrom', () => {
  it('turns every kind of field into the answer the API takes', () => {
    const data = formData([
      ['q1', '4'],
      ['q2', '10'],
      ['q3', 'share_colleagues'],
      ['q3', 'other'],
      ['q3_other', '  Write a note  '],
      ['q4', 'other'],
      ['q4_other', 'Analyst'],
      ['q5', 'partly'],
      ['q6', 'Muy útil'],
      ['q7', 'yes'],
      ['quote_name', ' Ana P. '],
      ['quote_country', 'MX'],
      ['website', ''],
    ]);
    expect(submissionFrom(questions, data, 'es')).toEqual({
      language: 'es',
      answers: {
        1: 4,
        2: 10,
        3: { choices: ['share_colleagues', 'other'], other: 'Write a note' },
        4: { choice: 'other', other: 'Analyst' },
        5: 'partly',
        6: 'Muy útil',
        7: true,
      },
      quote: { displayName: 'Ana P.', country: 'MX' },
    });
  });

  it('leaves unanswered questions out and sends no quote without consent', () => {
    const data = formData([
      ['q1', ''],
      ['q6', '   '],
      ['q7', 'no'],
      ['quote_name', 'Ana P.'],
    ]);
    expect(submissionFrom(questions, data, 'en')).toEqual({
      language: 'en',
      answers: { 7: false },
    });
  });

  it('passes what is not a number as it is, for the API to refuse', () => {
    expect(submissionFrom(questions, formData([['q1', 'five']]), 'en').answers).toEqual({
      1: 'five',
    });
  });

  it('sends the honeypot only when something filled it in', () => {
    expect(submissionFrom(questions, formData([['website', 'http://spam']]), 'en').website).toBe(
      'http://spam',
    );
  });
});

describe('fieldValues', () => {
  it('keeps every field as typed, several values for multiple choice', () => {
    const data = formData([
      ['q1', '3'],
      ['q3', 'share_colleagues'],
      ['q3', 'other'],
      ['q3_other', 'x'],
      ['q6', 'text '],
      ['quote_name', 'Ana'],
    ]);
    expect(fieldValues(questions, data)).toMatchObject({
      q1: '3',
      q2: '',
      q3: ['share_colleagues', 'other'],
      q3_other: 'x',
      q4_other: '',
      q6: 'text ',
      quote_name: 'Ana',
      quote_country: '',
    });
  });
});

describe('errorsByField', () => {
  it('files errors under their question, and how-to-quote errors under those fields', () => {
    expect(
      errorsByField([
        { questionId: 1, code: 'required' },
        { questionId: 1, code: 'out_of_range' },
        { questionId: 7, code: 'display_name_missing' },
        { questionId: 7, code: 'bad_country' },
        { questionId: 3, code: 'something_new' },
        { questionId: null, code: 'unknown_question' },
      ]),
    ).toEqual({
      q1: 'required',
      quote_name: 'display_name_missing',
      quote_country: 'bad_country',
      q3: 'wrong_type',
      form: 'unknown_question',
    });
  });
});

describe('isSurveyForm', () => {
  const form = {
    state: 'open',
    wave: 'followup',
    language: 'es',
    expiresAt: '2026-12-01T00:00:00.000Z',
    webinar: { id: 1, title: 'T', startsAt: '2026-09-01T15:00:00.000Z' },
    questions,
    planned: {
      answeredAt: '2026-09-02T10:00:00.000Z',
      uses: [{ value: 'x', label: 'X' }],
      other: null,
    },
  };
  it('accepts the API form and refuses a changed shape', () => {
    expect(isSurveyForm(form)).toBe(true);
    expect(isSurveyForm({ ...form, language: 'fr' })).toBe(false);
    expect(isSurveyForm({ ...form, questions: [{ ...questions[0], type: 'slider' }] })).toBe(false);
    expect(isSurveyForm({ ...form, planned: { uses: 'x' } })).toBe(false);
  });
});
