import { describe, expect, it } from 'vitest';
import { wrapLabel } from './labels';

describe('wrapping an axis label', () => {
  it('leaves a short name on one line', () => {
    expect(wrapLabel('South Asia')).toEqual(['South Asia']);
  });

  it('breaks a long name at spaces', () => {
    expect(wrapLabel('Middle East, North Africa, Afghanistan & Pakistan')).toEqual([
      'Middle East, North',
      'Africa, Afghanistan &',
      'Pakistan',
    ]);
  });

  it('keeps a word longer than the width whole', () => {
    expect(wrapLabel('Extraordinarily-long-name here', 10)).toEqual([
      'Extraordinarily-long-name',
      'here',
    ]);
  });
});
