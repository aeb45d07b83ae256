import type { Catalogue } from '../en';

// Strings of one dashboard page, in a file of its own so pages can grow independently.
export const reachEn = {
  title: 'Reach',
};

export const reachEs: Catalogue<typeof reachEn> = {
  title: 'Alcance',
};
