import { describe, expect, it } from 'vitest';
import { choroplethPoints, countryShapes, isOnMap, numericCode, shapeCode } from './atlas';

describe('the world atlas', () => {
  it('has the countries of the world without Antarctica', () => {
    expect(countryShapes.length).toBeGreaterThan(170);
    expect(countryShapes.some((shape) => shape.properties.name === 'Antarctica')).toBe(false);
  });

  it('finds a country from its alpha-2 code through the ISO number', () => {
    expect(numericCode('MX')).toBe('484');
    expect(numericCode('mx')).toBe('484');
    const mexico = countryShapes.find((shape) => shape.id === '484');
    expect(mexico?.properties.name).toBe('Mexico');
    expect(mexico && shapeCode(mexico)).toBe('MX');
  });

  it('draws Kosovo, which the atlas leaves without a number', () => {
    expect(isOnMap('XK')).toBe(true);
    const kosovo = countryShapes.find((shape) => shape.properties.name === 'Kosovo');
    expect(kosovo && shapeCode(kosovo)).toBe('XK');
  });

  it('knows which small states are below the scale of the map', () => {
    expect(isOnMap('BR')).toBe(true);
    expect(isOnMap('SG')).toBe(false);
    expect(isOnMap('MT')).toBe(false);
    expect(isOnMap('KY')).toBe(false);
    expect(isOnMap('ZZ')).toBe(false);
  });

  it('gives every shape its value, and none to countries without participants', () => {
    const points = choroplethPoints([
      { code: 'MX', value: 242 },
      { code: 'SG', value: 3 },
      { code: 'PE', value: 0 },
    ]);
    expect(points).toHaveLength(countryShapes.length);
    const byCode = new Map(points.map((point) => [point.code, point.value]));
    expect(byCode.get('MX')).toBe(242);
    expect(byCode.get('PE')).toBeNull();
    expect(byCode.get('BR')).toBeNull();
    expect(points.filter((point) => point.value !== null)).toHaveLength(1);
  });
});
