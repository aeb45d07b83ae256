import { describe, expect, it } from 'vitest';
import { rampColour } from './colour';

describe('the colour ramp', () => {
  it('runs from light to dark blue through the middle stop', () => {
    expect(rampColour(0)).toBe('rgb(184, 211, 235)');
    expect(rampColour(0.5)).toBe('rgb(74, 152, 201)');
    expect(rampColour(1)).toBe('rgb(8, 48, 107)');
  });

  it('keeps values outside 0–1 on the ramp', () => {
    expect(rampColour(-1)).toBe(rampColour(0));
    expect(rampColour(2)).toBe(rampColour(1));
    expect(rampColour(Number.NaN)).toBe(rampColour(0));
  });
});
