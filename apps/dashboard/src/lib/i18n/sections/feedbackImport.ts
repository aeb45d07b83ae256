import type { Catalogue } from '../en';

// The past-feedback import page (surveys/import).
export const feedbackImportEn = {
  title: 'Import past feedback',
  heading: 'Import past feedback',
  intro:
    'Bring answers collected with Google Forms, KoboToolbox or SurveyMonkey (or any CSV or Excel file with a header row) into a webinar’s post-webinar or follow-up survey. Answers are linked to participants by email where it matches.',
  noScript:
    'Uploading files on this page needs JavaScript. Without it, import from the command line:',
  file: 'Export file',
  webinar: 'Webinar',
  chooseWebinar: 'Choose a webinar',
  wave: 'Survey',
  waves: { post: 'Post-webinar survey', followup: 'Follow-up survey' },
  language: 'Language of the answers',
  languages: { en: 'English', es: 'Spanish' },
  timeZone: 'Time zone of the export’s times',
  timeZoneHint: 'Leave empty for the webinar’s time zone (KoboToolbox writes UTC).',
  preview: 'Read the file',
  import: 'Import answers',
  working: 'Working…',
  detected: 'Detected: {{tool}}, {{rows}} rows. Mapping to {{survey}} (version {{version}}).',
  tools: {
    google_forms: 'Google Forms',
    kobo: 'KoboToolbox',
    surveymonkey: 'SurveyMonkey',
    csv: 'CSV or spreadsheet',
  },
  mappingHeading: 'Which column answers which question',
  mappingHint:
    'The suggestion compares the column titles with the questions in English and Spanish. Check it, change what is wrong, and leave out columns that answer nothing.',
  column: 'Column in the file',
  samples: 'Examples',
  question: 'Question',
  notImported: '— not imported —',
  emailColumn: 'Email column (links answers to participants)',
  submittedAtColumn: 'Date and time column',
  none: '— none —',
  result:
    'Imported: {{stored}} responses stored, {{already}} already imported earlier, {{linked}} linked to participants by email.',
  emptyRows: '{{count}} rows answered none of the mapped questions and were skipped.',
  problemsHeading: 'Nothing was imported: {{count}} problems to fix in the file or the mapping',
  row: 'Row',
  value: 'Value',
  problem: 'Problem',
  failed: 'The import failed: {{message}}',
};

export const feedbackImportEs: Catalogue<typeof feedbackImportEn> = {
  title: 'Importar opiniones anteriores',
  heading: 'Importar opiniones anteriores',
  intro:
    'Incorpore respuestas recogidas con Google Forms, KoboToolbox o SurveyMonkey (o cualquier archivo CSV o Excel con una fila de encabezados) a la encuesta posterior o de seguimiento de un seminario web. Las respuestas se vinculan a los participantes por su correo electrónico cuando coincide.',
  noScript:
    'Para subir archivos en esta página se necesita JavaScript. Sin él, importe desde la línea de comandos:',
  file: 'Archivo exportado',
  webinar: 'Seminario web',
  chooseWebinar: 'Elija un seminario web',
  wave: 'Encuesta',
  waves: { post: 'Encuesta posterior al seminario', followup: 'Encuesta de seguimiento' },
  language: 'Idioma de las respuestas',
  languages: { en: 'Inglés', es: 'Español' },
  timeZone: 'Zona horaria de las horas del archivo',
  timeZoneHint: 'Déjelo vacío para usar la del seminario web (KoboToolbox escribe en UTC).',
  preview: 'Leer el archivo',
  import: 'Importar respuestas',
  working: 'Procesando…',
  detected: 'Detectado: {{tool}}, {{rows}} filas. Se asigna a {{survey}} (versión {{version}}).',
  tools: {
    google_forms: 'Google Forms',
    kobo: 'KoboToolbox',
    surveymonkey: 'SurveyMonkey',
    csv: 'CSV u hoja de cálculo',
  },
  mappingHeading: 'Qué columna responde a qué pregunta',
  mappingHint:
    'La sugerencia compara los títulos de las columnas con las preguntas en inglés y en español. Revísela, corrija lo que no esté bien y deje fuera las columnas que no responden a ninguna pregunta.',
  column: 'Columna del archivo',
  samples: 'Ejemplos',
  question: 'Pregunta',
  notImported: '— no se importa —',
  emailColumn: 'Columna de correo electrónico (vincula las respuestas a los participantes)',
  submittedAtColumn: 'Columna de fecha y hora',
  none: '— ninguna —',
  result:
    'Importado: {{stored}} respuestas guardadas, {{already}} ya importadas antes, {{linked}} vinculadas a participantes por correo electrónico.',
  emptyRows: '{{count}} filas no respondían a ninguna de las preguntas asignadas y se omitieron.',
  problemsHeading:
    'No se importó nada: {{count}} problemas que corregir en el archivo o en la asignación',
  row: 'Fila',
  value: 'Valor',
  problem: 'Problema',
  failed: 'La importación falló: {{message}}',
};
