/** What a cross-tabulation can count, chosen by the reader with `?measure=`. */
export const crossMeasures = ['participants', 'attendances'] as const;
export type CrossMeasure = (typeof crossMeasures)[number];

/** The measure a URL asks for; participants unless it names another one we offer. */
export function measureOf(url: URL): CrossMeasure {
  const value = url.searchParams.get('measure');
  return (crossMeasures as readonly string[]).includes(value ?? '')
    ? (value as CrossMeasure)
    : 'participants';
}
