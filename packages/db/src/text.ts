/**
 * The key text is matched on: lower-cased, accents and punctuation folded, so "Côte d’Ivoire"
 * and "cote d'ivoire" meet. Shared by the importer and the mappings it remembers.
 */
export function foldKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
