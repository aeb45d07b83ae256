import { describe, expect, it } from 'vitest';
import type { InstrumentQuestion } from '$lib/api/instruments';
import { moved, newChoice, problemsByPath, saveBody, toDraft } from './draft';

const questions: InstrumentQuestion[] = [
  {
    id: 11,
    position: 1,
    key: 'satisfaction',
    type: 'rating5',
    required: true,
    text_en: 'Satisfied?',
    text_es: '¿Satisfecho?',
    choices: null,
    allowOther: false,
  },
  {
    id: 12,
    position: 2,
    key: 'uses',
    type: 'multi',
    required: false,
    text_en: 'Uses?',
    text_es: '¿Usos?',
    choices: [
      { value: 'share', label_en: 'Share', label_es: 'Compartir' },
      { value: 'other', label_en: 'Other', label_es: 'Otro' },
    ],
    allowOther: true,
  },
];

describe('the instrument draft', () => {
  it('sends back what it was given, without ids or positions', () => {
    expect(saveBody(toDraft(questions), 3)).toEqual({
      baseVersion: 3,
      questions: questions.map(({ id: _id, position: _position, ...q }) => q),
    });
  });

  it('drops choices and "other" from a question switched to a type without choices', () => {
    const draft = toDraft(questions);
    draft[1]!.type = 'text';
    expect(saveBody(draft, 1).questions[1]).toMatchObject({ choices: null, allowOther: false });
    draft[1]!.type = 'single';
    expect(saveBody(draft, 1).questions[1]!.choices).toHaveLength(2);
    draft[1]!.choices.push({ ...newChoice(), value: ' train ' });
    expect(saveBody(draft, 1).questions[1]!.choices![2]!.value).toBe('train');
  });

  it('moves an item up or down, and leaves the list alone at its ends', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('groups problems by their path', () => {
    const byPath = problemsByPath([
      { path: 'questions[0].key', code: 'bad_key', message: 'a' },
      { path: 'questions[1].choices[0].label_es', code: 'empty_text', message: 'b' },
      { path: 'questions[0].key', code: 'duplicate_key', message: 'c' },
    ]);
    expect(byPath.get('questions[0].key')!.map((p) => p.code)).toEqual([
      'bad_key',
      'duplicate_key',
    ]);
    expect(byPath.get('questions[1].choices[0].label_es')).toHaveLength(1);
  });
});
