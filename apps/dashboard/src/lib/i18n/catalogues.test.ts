import { describe, expect, it } from 'vitest';
import { en } from './en';
import { es } from './es';

/** Every leaf of a catalogue as `[dotted key, value]`. */
function leaves(tree: object, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]): [string, unknown][] =>
    typeof value === 'object' && value !== null
      ? leaves(value, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value]],
  );
}

describe('message catalogues', () => {
  it('es has exactly the keys of en', () => {
    const enKeys = leaves(en)
      .map(([key]) => key)
      .sort();
    const esKeys = leaves(es)
      .map(([key]) => key)
      .sort();
    expect(esKeys).toEqual(enKeys);
  });

  it.each([
    ['en', en],
    ['es', es],
  ])('%s has no empty or non-string messages', (_, catalogue) => {
    for (const [key, value] of leaves(catalogue)) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
  });

  it('es uses the same interpolation placeholders as en', () => {
    const placeholders = (text: unknown) =>
      String(text)
        .match(/{{\s*\w+\s*}}/g)
        ?.sort() ?? [];
    const esByKey = new Map(leaves(es));
    for (const [key, value] of leaves(en)) {
      expect(placeholders(esByKey.get(key)), key).toEqual(placeholders(value));
    }
  });
});
