import type { Catalogue } from '../en';

// Strings of one dashboard page, in a file of its own so pages can grow independently.
export const topicsEn = {
  title: 'Topics',
};

export const topicsEs: Catalogue<typeof topicsEn> = {
  title: 'Temas',
};
