import type { Catalogue } from '../en';

// The respondents' survey form at /s/<token>: people answering on a phone, without an account.
export const surveyEn = {
  title: 'Survey',
  heading: {
    post: 'Your feedback on the webinar',
    followup: 'Following up: did the webinar help?',
  },
  about: '{{title}}, {{date}}',
  intro: {
    post: 'It takes about two minutes. Questions marked “required” need an answer; the others are optional.',
    followup:
      'A few months ago you took part in this webinar. We would like to know whether what you learned has been useful. It takes about two minutes.',
  },
  planned: {
    heading: 'What you planned',
    said: 'On {{date}} you said you planned to:',
    other: 'Other: {{text}}',
  },
  languageLabel: 'Language of the survey',
  required: 'required',
  optional: 'optional',
  scale: {
    rating5: '1 means not at all, 5 means very much.',
    nps: '0 means not at all likely, 10 means extremely likely.',
    low5: 'not at all',
    high5: 'very much',
    low10: 'not at all likely',
    high10: 'extremely likely',
  },
  yesPartlyNo: { yes: 'Yes', partly: 'Partly', no: 'No' },
  consent: { yes: 'Yes', no: 'No' },
  otherLabel: 'Please say what',
  quote: {
    heading: 'How to quote you',
    name: 'Name to quote you by',
    nameHint: 'Your first name and the initial of your surname, for example “Ana P.”',
    country: 'Country',
    countryNone: 'Do not show a country',
  },
  honeypot: 'Leave this field empty',
  submit: 'Send my answers',
  sending: 'Sending…',
  errorSummary: {
    heading: 'Some answers need your attention',
    conflict:
      'This link has already been used to send different answers. Each link takes one response, so these answers were not recorded.',
    expired: 'This survey closed before your answers arrived, so they were not recorded.',
    notFound: 'This survey link is no longer valid, so your answers were not recorded.',
    unavailable:
      'Your answers could not be sent just now. They are still in the form: please try again in a moment.',
    rateLimited:
      'Many answers have come from your network through this link in the last few minutes. Your answers are still in the form: please send them again in a few minutes.',
  },
  errors: {
    required: 'This question needs an answer.',
    not_a_number: 'Choose a number.',
    out_of_range: 'Choose a number on the scale.',
    unknown_choice: 'Choose one of the options.',
    other_text_missing: 'You chose “Other”: please say what.',
    too_long: 'This answer is too long: please shorten it.',
    wrong_type: 'This answer could not be read: please answer again.',
    unknown_question: 'This form is out of date: please reload the page.',
    display_name_missing:
      'You agreed to be quoted: give the name to quote you by, or answer “No” to the question above.',
    bad_country: 'Choose a country from the list.',
  },
  thanks: {
    heading: 'Thank you',
    stored: 'Your answers are recorded. You can close this page.',
    answered:
      'This survey has already been answered with this link. Thank you: your answers are recorded.',
  },
  closed: {
    expiredHeading: 'This survey has closed',
    expired: 'The link expired on {{date}} without an answer, so it no longer takes responses.',
    notFoundHeading: 'This survey link is not valid',
    notFound:
      'Check that the whole link was copied from the message you received. If it still does not open, the survey may have been withdrawn.',
    unavailableHeading: 'The survey could not be opened',
    unavailable: 'Please try again in a moment.',
  },
};

export const surveyEs: Catalogue['survey'] = {
  title: 'Encuesta',
  heading: {
    post: 'Su opinión sobre el seminario web',
    followup: 'Seguimiento: ¿le sirvió el seminario web?',
  },
  about: '{{title}}, {{date}}',
  intro: {
    post: 'Le tomará unos dos minutos. Las preguntas marcadas como «obligatoria» necesitan respuesta; las demás son opcionales.',
    followup:
      'Hace unos meses usted participó en este seminario web. Queremos saber si lo que aprendió le ha sido útil. Le tomará unos dos minutos.',
  },
  planned: {
    heading: 'Lo que usted planeaba',
    said: 'El {{date}} usted dijo que planeaba:',
    other: 'Otro: {{text}}',
  },
  languageLabel: 'Idioma de la encuesta',
  required: 'obligatoria',
  optional: 'opcional',
  scale: {
    rating5: '1 significa nada, 5 significa mucho.',
    nps: '0 significa nada probable, 10 significa extremadamente probable.',
    low5: 'nada',
    high5: 'mucho',
    low10: 'nada probable',
    high10: 'extremadamente probable',
  },
  yesPartlyNo: { yes: 'Sí', partly: 'En parte', no: 'No' },
  consent: { yes: 'Sí', no: 'No' },
  otherLabel: 'Indique cuál',
  quote: {
    heading: 'Cómo citarle',
    name: 'Nombre con el que podemos citarle',
    nameHint: 'Su nombre y la inicial de su apellido, por ejemplo «Ana P.»',
    country: 'País',
    countryNone: 'No mostrar un país',
  },
  honeypot: 'Deje este campo vacío',
  submit: 'Enviar mis respuestas',
  sending: 'Enviando…',
  errorSummary: {
    heading: 'Algunas respuestas necesitan su atención',
    conflict:
      'Este enlace ya se usó para enviar otras respuestas. Cada enlace admite una sola respuesta, así que estas respuestas no se registraron.',
    expired:
      'La encuesta se cerró antes de que llegaran sus respuestas, así que no se registraron.',
    notFound:
      'Este enlace de la encuesta ya no es válido, así que sus respuestas no se registraron.',
    unavailable:
      'Sus respuestas no se pudieron enviar en este momento. Siguen en el formulario: inténtelo de nuevo en un momento.',
    rateLimited:
      'En los últimos minutos llegaron muchas respuestas desde su red por este enlace. Sus respuestas siguen en el formulario: envíelas de nuevo en unos minutos.',
  },
  errors: {
    required: 'Esta pregunta necesita una respuesta.',
    not_a_number: 'Elija un número.',
    out_of_range: 'Elija un número de la escala.',
    unknown_choice: 'Elija una de las opciones.',
    other_text_missing: 'Eligió «Otro»: indique cuál.',
    too_long: 'Esta respuesta es demasiado larga: acórtela, por favor.',
    wrong_type: 'No se pudo leer esta respuesta: respóndala de nuevo.',
    unknown_question: 'Este formulario está desactualizado: vuelva a cargar la página.',
    display_name_missing:
      'Aceptó que le citemos: indique el nombre con el que podemos citarle, o responda «No» a la pregunta anterior.',
    bad_country: 'Elija un país de la lista.',
  },
  thanks: {
    heading: 'Gracias',
    stored: 'Sus respuestas quedaron registradas. Puede cerrar esta página.',
    answered:
      'Esta encuesta ya se respondió con este enlace. Gracias: sus respuestas quedaron registradas.',
  },
  closed: {
    expiredHeading: 'Esta encuesta está cerrada',
    expired: 'El enlace venció el {{date}} sin respuesta, así que ya no admite respuestas.',
    notFoundHeading: 'Este enlace de la encuesta no es válido',
    notFound:
      'Compruebe que copió el enlace completo del mensaje que recibió. Si aun así no se abre, es posible que la encuesta se haya retirado.',
    unavailableHeading: 'No se pudo abrir la encuesta',
    unavailable: 'Inténtelo de nuevo en un momento.',
  },
};
