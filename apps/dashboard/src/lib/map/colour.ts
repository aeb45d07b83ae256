/**
 * The choropleth's colour ramp, light to dark blue (three stops of ColorBrewer's Blues). It starts
 * at a visible blue rather than white so that the fewest participants still differ from the grey
 * of "no participants".
 */
const stops: readonly [number, number, number][] = [
  [0xb8, 0xd3, 0xeb],
  [0x4a, 0x98, 0xc9],
  [0x08, 0x30, 0x6b],
];

/** Grey of the countries without participants in the view. */
export const noneColour = '#e5e7eb';

/** The colour of a normalised value (0 = fewest, 1 = most), as `rgb(r, g, b)`. */
export function rampColour(t: number): string {
  const clamped = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const scaled = clamped * (stops.length - 1);
  const index = Math.min(stops.length - 2, Math.floor(scaled));
  const local = scaled - index;
  const [from, to] = [stops[index]!, stops[index + 1]!];
  const channel = (i: number) => Math.round(from[i]! + (to[i]! - from[i]!) * local);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}
