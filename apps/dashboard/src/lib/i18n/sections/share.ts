import type { Catalogue } from '../en';

// Share links: the manager's page that makes them, the funder's shared view, and the pages a
// link shows when it no longer opens.
export const shareEn = {
  banner: {
    label: 'Shared view',
    text: 'Shared view: {{label}} — {{scope}}, until {{date}}.',
    readOnly:
      'Read only; counts of very few people are withheld, so that no one can be singled out.',
    close: 'Close shared view',
  },
  scope: {
    period: '{{from}} to {{to}}',
    allProgramme: 'the whole programme',
  },
  open: {
    title: 'Shared report',
    heading: 'This shared report has a password',
    intro: 'Enter the password you were given with the link.',
    password: 'Password',
    submit: 'Open',
    wrong: 'The password is wrong.',
    limited: 'Too many wrong passwords. Try again in {{minutes}} minutes.',
  },
  closed: {
    title: 'Shared report',
    revokedHeading: 'This link was revoked',
    revoked:
      'The person who shared it withdrew this link on {{date}}. Ask them for a new one if you still need the report.',
    expiredHeading: 'This link has expired',
    expired:
      'This link was valid until {{date}}. Ask the person who shared it for a new one if you still need the report.',
    notFoundHeading: 'This link does not exist',
    notFound:
      'No shared report has this address. Check that the link was copied whole, or ask the person who shared it.',
    endedHeading: 'This shared view has ended',
    ended:
      'The link was revoked or has expired, or this visit lasted its full day. Open the link again; if it no longer works, ask the person who shared it for a new one.',
    unavailableHeading: 'The report cannot be shown right now',
    unavailable: 'The service could not be reached. Please try again in a moment.',
    youClosedHeading: 'You closed the shared view',
    youClosed: 'Open the link again to come back to the report.',
  },
  manage: {
    title: 'Share links',
    heading: 'Share links',
    intro:
      'A share link lets a funder read the report and the aggregate pages for one period and scope, without an account. Counts of very few people are withheld for them, as for funders. Each page they open is logged.',
    create: {
      heading: 'New share link',
      label: 'For whom or what',
      labelHint: 'Shown to the reader and in the list below, e.g. “Board, annual report 2024”.',
      from: 'First quarter',
      to: 'Last quarter',
      periodHint: 'Whole calendar quarters: funders see figures for whole quarters or years only.',
      series: 'Series',
      topic: 'Topic',
      workingGroup: 'Working group',
      region: 'Region',
      any: 'All',
      expires: 'Valid until (end of the day, UTC)',
      expiresHint: 'At most a year from today.',
      password: 'Password (optional)',
      passwordHint:
        'At least 12 characters, not a common one. Send it to the reader separately from the link.',
      submit: 'Create link',
      created: 'Link created. Copy it now: it is not shown again.',
      createdLabel: 'The link',
      invalid: 'The link was not created:',
    },
    list: {
      heading: 'Links',
      empty: 'No share links yet.',
      label: 'For',
      scope: 'Period and scope',
      status: 'Status',
      expires: 'Valid until',
      views: 'Views',
      lastViewed: 'Last viewed',
      never: 'never',
      password: 'password',
      revoke: 'Revoke',
      revokeLabel: 'Revoke the link for {{label}}',
      viewLog: 'View log',
      statuses: { active: 'active', expired: 'expired', revoked: 'revoked' },
    },
    views: {
      title: 'Views of a share link',
      heading: 'Views of “{{label}}”',
      back: 'All share links',
      empty: 'Nobody has opened this link yet.',
      when: 'When (UTC)',
      page: 'Page',
      address: 'Network',
      browser: 'Browser',
      note: 'Addresses are kept as their network only (IPv4 /24, IPv6 /48). The latest 500 views.',
    },
  },
};

export const shareEs: Catalogue['share'] = {
  banner: {
    label: 'Vista compartida',
    text: 'Vista compartida: {{label}} — {{scope}}, hasta el {{date}}.',
    readOnly:
      'Solo lectura; las cifras de muy pocas personas se ocultan para que nadie pueda ser identificado.',
    close: 'Cerrar la vista compartida',
  },
  scope: {
    period: '{{from}} a {{to}}',
    allProgramme: 'todo el programa',
  },
  open: {
    title: 'Informe compartido',
    heading: 'Este informe compartido tiene contraseña',
    intro: 'Escriba la contraseña que recibió con el enlace.',
    password: 'Contraseña',
    submit: 'Abrir',
    wrong: 'La contraseña no es correcta.',
    limited:
      'Demasiadas contraseñas incorrectas. Vuelva a intentarlo dentro de {{minutes}} minutos.',
  },
  closed: {
    title: 'Informe compartido',
    revokedHeading: 'Este enlace fue revocado',
    revoked:
      'Quien lo compartió retiró este enlace el {{date}}. Pídale uno nuevo si todavía necesita el informe.',
    expiredHeading: 'Este enlace ha caducado',
    expired:
      'Este enlace era válido hasta el {{date}}. Pida uno nuevo a quien lo compartió si todavía necesita el informe.',
    notFoundHeading: 'Este enlace no existe',
    notFound:
      'Ningún informe compartido tiene esta dirección. Compruebe que copió el enlace completo o consulte a quien lo compartió.',
    endedHeading: 'Esta vista compartida ha terminado',
    ended:
      'El enlace fue revocado o ha caducado, o esta visita cumplió su día completo. Abra el enlace de nuevo; si ya no funciona, pida uno nuevo a quien lo compartió.',
    unavailableHeading: 'El informe no se puede mostrar ahora',
    unavailable: 'No se pudo contactar con el servicio. Vuelva a intentarlo en un momento.',
    youClosedHeading: 'Ha cerrado la vista compartida',
    youClosed: 'Abra el enlace de nuevo para volver al informe.',
  },
  manage: {
    title: 'Enlaces compartidos',
    heading: 'Enlaces compartidos',
    intro:
      'Un enlace compartido permite a un financiador leer el informe y las páginas agregadas de un periodo y un ámbito, sin cuenta. Para ellos se ocultan las cifras de muy pocas personas, como para los financiadores. Cada página que abren queda registrada.',
    create: {
      heading: 'Nuevo enlace compartido',
      label: 'Para quién o para qué',
      labelHint: 'Se muestra al lector y en la lista, p. ej. «Junta, informe anual 2024».',
      from: 'Primer trimestre',
      to: 'Último trimestre',
      periodHint:
        'Trimestres naturales completos: los financiadores solo ven cifras de trimestres o años completos.',
      series: 'Serie',
      topic: 'Tema',
      workingGroup: 'Grupo de trabajo',
      region: 'Región',
      any: 'Todos',
      expires: 'Válido hasta (fin del día, UTC)',
      expiresHint: 'Como mucho un año a partir de hoy.',
      password: 'Contraseña (opcional)',
      passwordHint:
        'Al menos 12 caracteres, que no sea una contraseña común. Envíela al lector aparte del enlace.',
      submit: 'Crear enlace',
      created: 'Enlace creado. Cópielo ahora: no se vuelve a mostrar.',
      createdLabel: 'El enlace',
      invalid: 'No se creó el enlace:',
    },
    list: {
      heading: 'Enlaces',
      empty: 'Todavía no hay enlaces compartidos.',
      label: 'Para',
      scope: 'Periodo y ámbito',
      status: 'Estado',
      expires: 'Válido hasta',
      views: 'Visitas',
      lastViewed: 'Última visita',
      never: 'nunca',
      password: 'contraseña',
      revoke: 'Revocar',
      revokeLabel: 'Revocar el enlace para {{label}}',
      viewLog: 'Registro de visitas',
      statuses: { active: 'activo', expired: 'caducado', revoked: 'revocado' },
    },
    views: {
      title: 'Visitas de un enlace compartido',
      heading: 'Visitas de «{{label}}»',
      back: 'Todos los enlaces compartidos',
      empty: 'Nadie ha abierto todavía este enlace.',
      when: 'Cuándo (UTC)',
      page: 'Página',
      address: 'Red',
      browser: 'Navegador',
      note: 'De las direcciones solo se guarda la red (IPv4 /24, IPv6 /48). Las últimas 500 visitas.',
    },
  },
};
