import type { Catalogue } from '../en';

// Strings of the Surveys page (instruments, invitation waves, sending, open links).
export const surveysEn = {
  title: 'Surveys',
  heading: 'Surveys',
  intro:
    'The survey instruments, and where each webinar’s post-webinar and follow-up waves stand: invitations made, sent, reminded and answered.',
  instruments: {
    heading: 'Instruments',
    name: 'Name',
    kind: 'Wave',
    version: 'Current version',
    questions: 'Questions',
    responses: 'Responses',
    inUse: 'Used for new invitations',
    empty: 'There is no survey instrument yet.',
  },
  waves: {
    post: 'Post-webinar',
    followup: 'Follow-up',
  },
  actions: {
    heading: 'Invite, export and send',
    webinar: 'Webinar',
    wave: 'Wave',
    create: 'Create invitations',
    download: 'Download invitations (CSV)',
    downloadHint:
      'One row per invitation with its personal link, for a mail merge; keep the file private.',
    send: 'Send due invitations',
    remind: 'Send reminders',
    openLink: 'Create open link',
    openLinkHint:
      'For a webinar whose attendees are unknown: one link anyone can answer, several times; rate-limited per address.',
    openLinkLabel: 'Open link to share',
    mailOff:
      'Email is not configured (SMTP_URL and RIPPLE_MAIL_FROM): download the CSV and send the links yourself.',
    mailOn: 'Email is configured: due invitations and reminders go out from the server.',
    working: 'Working…',
    created:
      '{{created}} invitations created, {{existing}} already existed ({{attendees}} attendees).',
    sent: '{{sent}} sent, {{failed}} failed.',
    failedList: 'Not delivered: {{emails}}',
    linkCreated: 'Open link created; it takes answers until {{date}}.',
    failed: 'That did not work: {{message}}',
  },
  table: {
    heading: 'Waves',
    caption: 'Survey waves per webinar',
    webinar: 'Webinar',
    wave: 'Wave',
    status: 'Status',
    attendees: 'Attendees',
    invited: 'Invited',
    sent: 'Sent',
    reminded: 'Reminded',
    answered: 'Answered',
    expired: 'Expired',
    rate: 'Response rate',
    openLink: 'Via open link',
    scheduled: 'Due',
    empty: 'No held webinar yet.',
  },
  status: {
    not_invited: 'Not invited',
    scheduled: 'Scheduled',
    due: 'Due to send',
    in_progress: 'In progress',
    closed: 'Closed',
  },
  chart: {
    heading: 'Response rates',
    label:
      'Bar chart of the response rate of the {{count}} most recent waves with invitations; the highest: {{name}}, {{rate}}.',
    axis: 'Response rate (%)',
    waveAxis: 'Webinar and wave',
    empty: 'No invitations yet: response rates appear once a wave is invited.',
  },
  openLinks: {
    heading: 'Open links',
    link: 'Link',
    state: 'State',
    responses: 'Responses',
    expires: 'Expires',
    revoke: 'Revoke',
    states: { open: 'Open', expired: 'Expired', revoked: 'Revoked' },
    empty: 'No open link yet.',
  },
};

export const surveysEs: Catalogue<typeof surveysEn> = {
  title: 'Encuestas',
  heading: 'Encuestas',
  intro:
    'Los instrumentos de encuesta y la situación de las olas posteriores y de seguimiento de cada seminario web: invitaciones creadas, enviadas, recordadas y respondidas.',
  instruments: {
    heading: 'Instrumentos',
    name: 'Nombre',
    kind: 'Ola',
    version: 'Versión vigente',
    questions: 'Preguntas',
    responses: 'Respuestas',
    inUse: 'Se usa en las nuevas invitaciones',
    empty: 'Todavía no hay ningún instrumento de encuesta.',
  },
  waves: {
    post: 'Posterior al seminario',
    followup: 'Seguimiento',
  },
  actions: {
    heading: 'Invitar, exportar y enviar',
    webinar: 'Seminario web',
    wave: 'Ola',
    create: 'Crear invitaciones',
    download: 'Descargar invitaciones (CSV)',
    downloadHint:
      'Una fila por invitación con su enlace personal, para una combinación de correspondencia; guarde el archivo en privado.',
    send: 'Enviar invitaciones pendientes',
    remind: 'Enviar recordatorios',
    openLink: 'Crear enlace abierto',
    openLinkHint:
      'Para un seminario cuyos asistentes se desconocen: un enlace que cualquiera puede responder, varias veces; con límite por dirección.',
    openLinkLabel: 'Enlace abierto para compartir',
    mailOff:
      'El correo no está configurado (SMTP_URL y RIPPLE_MAIL_FROM): descargue el CSV y envíe los enlaces usted.',
    mailOn:
      'El correo está configurado: las invitaciones pendientes y los recordatorios salen desde el servidor.',
    working: 'Procesando…',
    created:
      '{{created}} invitaciones creadas, {{existing}} ya existían ({{attendees}} asistentes).',
    sent: '{{sent}} enviadas, {{failed}} fallidas.',
    failedList: 'No entregadas: {{emails}}',
    linkCreated: 'Enlace abierto creado; acepta respuestas hasta el {{date}}.',
    failed: 'No funcionó: {{message}}',
  },
  table: {
    heading: 'Olas',
    caption: 'Olas de encuesta por seminario web',
    webinar: 'Seminario web',
    wave: 'Ola',
    status: 'Estado',
    attendees: 'Asistentes',
    invited: 'Invitados',
    sent: 'Enviadas',
    reminded: 'Recordadas',
    answered: 'Respondidas',
    expired: 'Vencidas',
    rate: 'Tasa de respuesta',
    openLink: 'Por enlace abierto',
    scheduled: 'Fecha prevista',
    empty: 'Todavía no hay seminarios realizados.',
  },
  status: {
    not_invited: 'Sin invitar',
    scheduled: 'Programada',
    due: 'Pendiente de envío',
    in_progress: 'En curso',
    closed: 'Cerrada',
  },
  chart: {
    heading: 'Tasas de respuesta',
    label:
      'Gráfico de barras de la tasa de respuesta de las {{count}} olas más recientes con invitaciones; la más alta: {{name}}, {{rate}}.',
    axis: 'Tasa de respuesta (%)',
    waveAxis: 'Seminario web y ola',
    empty: 'Aún no hay invitaciones: las tasas aparecen cuando se invita a una ola.',
  },
  openLinks: {
    heading: 'Enlaces abiertos',
    link: 'Enlace',
    state: 'Estado',
    responses: 'Respuestas',
    expires: 'Vence',
    revoke: 'Revocar',
    states: { open: 'Abierto', expired: 'Vencido', revoked: 'Revocado' },
    empty: 'Todavía no hay enlaces abiertos.',
  },
};
