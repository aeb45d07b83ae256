import type { Catalogue } from '../en';

// The admins' Accounts page.
export const accountsEn = {
  title: 'Accounts',
  lead: 'Who may sign in, and what they may see. Managers see everything about the programme; funders see the aggregate pages and the report, with small counts withheld.',
  list: 'Accounts',
  email: 'Email',
  name: 'Name',
  role: 'Role',
  since: 'Created',
  status: 'Status',
  active: 'Active',
  disabled: 'Disabled',
  enable: 'Enable',
  disable: 'Disable',
  save: 'Save',
  add: 'Add an account',
  create: 'Create account',
  created: 'Account {{email}} created. Give them their password by a channel other than email.',
  passwordRules:
    'Passwords: at least 12 characters, not a common password, not containing the email or name. A phrase of a few words works well.',
};

export const accountsEs: Catalogue['accounts'] = {
  title: 'Cuentas',
  lead: 'Quién puede iniciar sesión y qué puede ver. Los responsables ven todo el programa; los financiadores ven las páginas agregadas y el informe, sin las cifras pequeñas.',
  list: 'Cuentas',
  email: 'Correo electrónico',
  name: 'Nombre',
  role: 'Rol',
  since: 'Creada',
  status: 'Estado',
  active: 'Activa',
  disabled: 'Desactivada',
  enable: 'Activar',
  disable: 'Desactivar',
  save: 'Guardar',
  add: 'Añadir una cuenta',
  create: 'Crear cuenta',
  created:
    'Cuenta {{email}} creada. Comunique la contraseña por un canal distinto del correo electrónico.',
  passwordRules:
    'Contraseñas: al menos 12 caracteres, que no sea una contraseña común ni contenga el correo o el nombre. Una frase de unas pocas palabras funciona bien.',
};
