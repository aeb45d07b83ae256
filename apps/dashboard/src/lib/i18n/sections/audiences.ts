import type { Catalogue } from '../en';

// Strings of one dashboard page, in a file of its own so pages can grow independently.
export const audiencesEn = {
  title: 'Audiences',
};

export const audiencesEs: Catalogue<typeof audiencesEn> = {
  title: 'Audiencias',
};
