import type { Catalogue } from '../en';

// Strings of one dashboard page, in a file of its own so pages can grow independently.
export const loyaltyEn = {
  title: 'Loyalty',
};

export const loyaltyEs: Catalogue<typeof loyaltyEn> = {
  title: 'Fidelidad',
};
