import type { Catalogue } from '../en';

// Strings of one dashboard page, in a file of its own so pages can grow independently.
export const webinarStatsEn = {
  title: 'WebinarStats',
};

export const webinarStatsEs: Catalogue<typeof webinarStatsEn> = {
  title: 'Estadísticas del webinario',
};
