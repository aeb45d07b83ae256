/**
 * The world map's shapes (world-atlas, Natural Earth at 1:110m) and how our ISO alpha-2 country
 * codes find them. The atlas names its countries by ISO 3166-1 numeric code ("484" is Mexico);
 * i18n-iso-countries translates between the two from its code table, without any of its
 * name catalogues (nothing here registers a locale).
 *
 * Imported by the map component in the browser only, after the page has rendered: the shapes
 * (~100 kB) and the projection code then load as their own chunk, and server rendering never
 * parses them.
 */
import { topojson } from 'chartjs-chart-geo';
import { alpha2ToNumeric, numericToAlpha2 } from 'i18n-iso-countries';
import world from 'world-atlas/countries-110m.json';

/** A country's outline as GeoJSON, with the atlas' English name. */
export interface CountryShape {
  type: 'Feature';
  id?: string | number;
  properties: { name: string };
  geometry: unknown;
}

/** A value to colour one country by; `code` is ISO 3166-1 alpha-2. */
export interface CountryValue {
  code: string;
  value: number;
}

/** One shape of the choropleth: the country's code (when it has one) and its value, if any. */
export interface ChoroplethPoint {
  feature: CountryShape;
  code: string | undefined;
  value: number | null;
}

// Shapes without an ISO number in the atlas. Kosovo has none in ISO 3166-1, but our data (like
// the World Bank's) codes it XK, and i18n-iso-countries gives XK the user-assigned number 983.
// Northern Cyprus and Somaliland have no code of their own and stay uncoloured.
const numberByName: Record<string, string> = { Kosovo: '983' };

// Antarctica has no participants and would take a fifth of the map's height.
const ANTARCTICA = '010';

type Topology = Parameters<typeof topojson.feature>[0];
type GeometryCollection = Parameters<typeof topojson.feature>[1];

function loadShapes(): CountryShape[] {
  const collection = topojson.feature(
    world as unknown as Topology,
    world.objects.countries as unknown as GeometryCollection,
  ) as unknown as { features: CountryShape[] };
  return collection.features
    .map((feature) => ({
      ...feature,
      id: feature.id ?? numberByName[feature.properties.name],
    }))
    .filter((feature) => feature.id !== ANTARCTICA);
}

/** Every country shape of the world map (Antarctica left out), in the atlas' order. */
export const countryShapes: readonly CountryShape[] = loadShapes();

const shapeNumbers = new Set(countryShapes.map((feature) => String(feature.id)));

/** The ISO numeric code of an alpha-2 code ("MX" → "484"), if ISO has one. */
export function numericCode(alpha2: string): string | undefined {
  return alpha2ToNumeric(alpha2.toUpperCase());
}

/** The alpha-2 code of a shape, if it has an ISO number. */
export function shapeCode(feature: CountryShape): string | undefined {
  return feature.id === undefined ? undefined : numericToAlpha2(String(feature.id));
}

/** Whether a country has a shape on this map (small island states are below its scale). */
export function isOnMap(alpha2: string): boolean {
  const numeric = numericCode(alpha2);
  return numeric !== undefined && shapeNumbers.has(numeric);
}

/**
 * One point per shape of the map, carrying the value of its country; a country without a value
 * (or with zero, which a logarithmic colour scale cannot place) gets `null`, drawn as "none".
 */
export function choroplethPoints(values: readonly CountryValue[]): ChoroplethPoint[] {
  const byNumber = new Map<string, number>();
  for (const { code, value } of values) {
    const numeric = numericCode(code);
    if (numeric !== undefined && value > 0) byNumber.set(numeric, value);
  }
  return countryShapes.map((feature) => ({
    feature,
    code: shapeCode(feature),
    value: byNumber.get(String(feature.id)) ?? null,
  }));
}
