import type { Catalogue } from '../en';

// Signing in and out, and who is signed in.
export const accountEn = {
  signIn: {
    title: 'Sign in',
    heading: 'Sign in to Ripple',
    intro:
      'Programme managers, administrators and funders sign in with the email their account was made with.',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    invalid: 'The email or password is wrong.',
    limited: 'Too many failed attempts. Try again in {{minutes}} minutes.',
    signedOut: 'You have signed out.',
    expired: 'Your session has ended. Please sign in again.',
    noAccount:
      'No account? An administrator creates them (pnpm ripple user add, or the Accounts page).',
  },
  signedInAs: 'Signed in as {{name}}',
  signOut: 'Sign out',
  roles: { admin: 'admin', manager: 'manager', funder: 'funder' },
};

export const accountEs: Catalogue['account'] = {
  signIn: {
    title: 'Iniciar sesión',
    heading: 'Iniciar sesión en Ripple',
    intro:
      'Responsables de programa, administradores y financiadores inician sesión con el correo de su cuenta.',
    email: 'Correo electrónico',
    password: 'Contraseña',
    submit: 'Iniciar sesión',
    invalid: 'El correo o la contraseña no son correctos.',
    limited: 'Demasiados intentos fallidos. Vuelva a intentarlo dentro de {{minutes}} minutos.',
    signedOut: 'Ha cerrado la sesión.',
    expired: 'Su sesión ha terminado. Inicie sesión de nuevo.',
    noAccount:
      '¿No tiene cuenta? Las crea un administrador (pnpm ripple user add, o la página Cuentas).',
  },
  signedInAs: 'Sesión de {{name}}',
  signOut: 'Cerrar sesión',
  roles: { admin: 'administrador', manager: 'responsable', funder: 'financiador' },
};
