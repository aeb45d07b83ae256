import type { SectorCode } from '../schema.js';
import type { DemoLanguage, NamePool } from './geography.js';

// Invented vocabulary for the demo programme. Nothing here names a real person.

const words = (text: string): readonly string[] => text.trim().split(/\s+/);

export interface NameLists {
  female: readonly string[];
  male: readonly string[];
  family: readonly string[];
}

export const NAMES: Record<NamePool, NameLists> = {
  hispanic: {
    female: words(
      'Ana María Lucía Carmen Sofía Valentina Gabriela Paula Daniela Andrea Camila Laura Mariana Patricia Rosa Elena Fernanda Natalia',
    ),
    male: words(
      'José Carlos Luis Juan Miguel Diego Javier Andrés Alejandro Fernando Ricardo Pablo Sergio Jorge Raúl Mateo Gonzalo Esteban',
    ),
    family: words(
      'García Rodríguez Martínez López González Hernández Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz Reyes Morales Cruz Ortiz Castillo Vargas Romero Mendoza Herrera Aguilar Medina Rojas Núñez Salazar',
    ),
  },
  lusophone: {
    female: words('Ana Beatriz Juliana Mariana Fernanda Camila Larissa Helena Joana Rita'),
    male: words('João Pedro Lucas Gabriel Rafael Tiago Bruno Felipe Rodrigo Miguel'),
    family: words(
      'Silva Santos Oliveira Souza Costa Pereira Almeida Ferreira Carvalho Gomes Ribeiro Martins Rocha Lima',
    ),
  },
  anglo: {
    female: words(
      'Sarah Emily Jessica Hannah Rachel Laura Megan Claire Olivia Rebecca Grace Alice Karen Linda',
    ),
    male: words(
      'James Michael David John Robert Daniel Matthew Andrew Thomas Christopher Mark Peter Samuel Ryan',
    ),
    family: words(
      'Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas Moore Martin Clark Walker Hall Young Allen Wright Scott',
    ),
  },
  european: {
    female: words(
      'Anna Marie Sophie Elena Katarina Ingrid Olga Irina Nino Ana Marta Eva Lena Claire Giulia',
    ),
    male: words(
      'Peter Jan Lukas Giorgi Andrei Nikola Marco Stefan Pierre Mikhail Tomas Erik Aram Luca Oleksandr',
    ),
    family: words(
      'Müller Novak Kowalski Horvat Petrov Ivanova Rossi Bernard Jansen Andersen Popescu Nagy Beridze Hakobyan Shevchenko Dubois Lindqvist Berg',
    ),
  },
  african: {
    female: words(
      'Amina Grace Fatoumata Wanjiru Ngozi Aisha Chipo Abena Thandiwe Esther Mercy Zainab Nana Halima Joyce Adaeze',
    ),
    male: words(
      'Kwame Samuel Emmanuel Oluwaseun Moses Ibrahim Tendai Kofi Joseph Abdoulaye Peter Chinedu Musa Daniel Jean Thabo',
    ),
    family: words(
      'Okafor Mensah Otieno Diallo Mwangi Banda Nkosi Adeyemi Kamau Traoré Boateng Mutua Phiri Ndlovu Osei Abubakar Kariuki Mbeki Sow Asante',
    ),
  },
  southasian: {
    female: words(
      'Priya Anjali Fatima Ayesha Sunita Deepa Nasrin Kavya Meera Shreya Sadia Lakshmi',
    ),
    male: words('Rahul Amit Arjun Imran Sanjay Vikram Rajesh Farhan Anil Suresh Tariq Nikhil'),
    family: words(
      'Sharma Patel Singh Khan Gupta Rahman Kumar Ahmed Iyer Hossain Perera Reddy Chowdhury Joshi Malik Shrestha',
    ),
  },
  eastasian: {
    female: words(
      'Mei Siti Maria Thu Lan Yuki Ji-yeon Dewi Putri Angelica Hana Lin Rosalinda Bolormaa',
    ),
    male: words(
      'Wei Budi Jose Minh Hiroshi Min-jun Agus Rizal Kenji Somchai Bayar Paolo Tuan Dong',
    ),
    family: words(
      'Wang Santoso Reyes Tran Lee Kim Tanaka Wijaya Cruz Chen Lim Garcia Pham Sato Batbayar Suzuki Hidayat Bautista',
    ),
  },
  arabic: {
    female: words('Fatima Leila Mariam Nour Salma Yasmine Rania Huda Amal Sara Dina Hana'),
    male: words('Mohamed Ahmed Omar Youssef Karim Hassan Ali Khaled Tarek Rami Sami Walid'),
    family: words(
      'Haddad Mansour Benali Khalil Nasser Saleh Hamdan Aziz Farouk Ibrahim Bakr Toumi Jaber Rahal',
    ),
  },
};

export const ORGANISATIONS: Record<DemoLanguage, Record<SectorCode, readonly string[]>> = {
  en: {
    government: [
      'Ministry of Finance',
      'Ministry of Planning',
      'Office of the President',
      'Ministry of Justice',
      'National Audit Office',
      'Information Commission',
      'Ministry of Public Administration',
      'National Assembly',
      'City Council',
      'Ministry of Mines and Energy',
      'Open Government Unit',
      'National Statistics Office',
    ],
    civil_society: [
      'Transparency Network',
      'Open Budget Coalition',
      "Citizens' Rights Forum",
      'Right to Know Campaign',
      'Community Monitoring Trust',
      'Natural Resource Watch',
      'Civic Tech Lab',
      'Women in Governance Association',
      'Youth for Accountability',
    ],
    private_sector: [
      'Civic Data Consulting',
      'Governance Advisory Partners',
      'Open Systems Ltd',
      'Digital Public Services Group',
    ],
    international_organisation: [
      'World Bank',
      'UNDP',
      'OECD',
      'African Development Bank',
      'Open Government Partnership',
      'European Commission',
      'Asian Development Bank',
    ],
    media: [
      'The Daily Ledger',
      'Investigative Reporting Centre',
      'Community Radio Network',
      'Data Journalism Desk',
    ],
    academia: [
      'National University',
      'Institute of Public Policy',
      'School of Governance',
      'Centre for Development Studies',
      'Faculty of Law',
    ],
    other: ['Independent consultant', 'Retired public servant'],
    unknown: [],
  },
  es: {
    government: [
      'Ministerio de Hacienda',
      'Secretaría de la Función Pública',
      'Presidencia de la República',
      'Contraloría General',
      'Instituto de Acceso a la Información',
      'Congreso Nacional',
      'Municipalidad',
      'Ministerio de Energía y Minas',
      'Secretaría de Gobierno Digital',
      'Oficina de Gobierno Abierto',
    ],
    civil_society: [
      'Fundación Ciudadanía Activa',
      'Red por la Rendición de Cuentas',
      'Observatorio Fiscal',
      'Asociación Datos Abiertos',
      'Colectivo Transparencia',
      'Foro Ciudadano',
      'Laboratorio Cívico',
    ],
    private_sector: [
      'Consultora Gobierno Abierto',
      'Datos y Análisis S.A.',
      'Soluciones Cívicas Digitales',
    ],
    international_organisation: [
      'Banco Mundial',
      'PNUD',
      'Banco Interamericano de Desarrollo',
      'CEPAL',
      'OEA',
      'Alianza para el Gobierno Abierto',
    ],
    media: [
      'Diario Regional',
      'Radio Comunitaria',
      'Unidad de Periodismo de Datos',
      'Semanario Independiente',
    ],
    academia: [
      'Universidad Nacional',
      'Instituto de Políticas Públicas',
      'Facultad de Ciencias Sociales',
      'Centro de Estudios de Gobierno',
    ],
    other: ['Consultor independiente', 'Funcionario jubilado'],
    unknown: [],
  },
};

export const WORKING_GROUPS = [
  { code: 'access-to-information', en: 'Access to Information', es: 'Acceso a la Información' },
  { code: 'fiscal-openness', en: 'Fiscal Openness', es: 'Apertura Fiscal' },
  { code: 'open-data', en: 'Open Data', es: 'Datos Abiertos' },
  { code: 'legislative-openness', en: 'Legislative Openness', es: 'Apertura Legislativa' },
  {
    code: 'natural-resources',
    en: 'Openness in Natural Resources',
    es: 'Apertura en Recursos Naturales',
  },
] as const;

export interface DemoTopic {
  code: string;
  en: string;
  es: string;
  /** Code of the working group the topic belongs to, if any. */
  workingGroup: string | null;
  /** Subjects a title can be built from, as noun phrases: [en, es] (es with its article). */
  subjects: ReadonlyArray<readonly [en: string, es: string]>;
}

export const TOPICS: readonly DemoTopic[] = [
  {
    code: 'access-to-information',
    en: 'Access to information',
    es: 'Acceso a la información',
    workingGroup: 'access-to-information',
    subjects: [
      [
        'implementing access to information laws',
        'la implementación de leyes de acceso a la información',
      ],
      ['proactive disclosure of public information', 'la transparencia activa'],
      ['information commissions and appeals', 'los órganos garantes del acceso a la información'],
    ],
  },
  {
    code: 'fiscal-openness',
    en: 'Fiscal openness and budget transparency',
    es: 'Apertura fiscal y transparencia presupuestaria',
    workingGroup: 'fiscal-openness',
    subjects: [
      [
        'budget transparency and citizen budgets',
        'la transparencia presupuestaria y los presupuestos ciudadanos',
      ],
      [
        'public participation in the budget cycle',
        'la participación ciudadana en el ciclo presupuestario',
      ],
      ['open fiscal data', 'los datos fiscales abiertos'],
    ],
  },
  {
    code: 'open-data',
    en: 'Open data',
    es: 'Datos abiertos',
    workingGroup: 'open-data',
    subjects: [
      [
        'building a national open data portal',
        'la construcción de un portal nacional de datos abiertos',
      ],
      [
        'open data for better public services',
        'los datos abiertos para mejores servicios públicos',
      ],
      ['open data standards and reuse', 'los estándares y la reutilización de datos abiertos'],
    ],
  },
  {
    code: 'legislative-openness',
    en: 'Legislative openness',
    es: 'Apertura legislativa',
    workingGroup: 'legislative-openness',
    subjects: [
      ['opening parliaments to citizens', 'la apertura de los parlamentos a la ciudadanía'],
      ['parliamentary monitoring organisations', 'el monitoreo parlamentario'],
      [
        'legislative commitments in OGP action plans',
        'los compromisos legislativos en los planes de acción',
      ],
    ],
  },
  {
    code: 'natural-resources',
    en: 'Natural resources and extractives',
    es: 'Recursos naturales e industrias extractivas',
    workingGroup: 'natural-resources',
    subjects: [
      [
        'transparency in the extractive industries',
        'la transparencia en las industrias extractivas',
      ],
      [
        'beneficial ownership in the extractives sector',
        'los beneficiarios finales en el sector extractivo',
      ],
      ['publishing mining and oil revenues', 'la publicación de los ingresos mineros y petroleros'],
    ],
  },
  {
    code: 'citizen-engagement',
    en: 'Citizen engagement',
    es: 'Participación ciudadana',
    workingGroup: null,
    subjects: [
      [
        'citizen feedback on public services',
        'la retroalimentación ciudadana sobre los servicios públicos',
      ],
      [
        'co-creating action plans with civil society',
        'la co-creación de planes de acción con la sociedad civil',
      ],
      ['participatory monitoring', 'el monitoreo participativo'],
    ],
  },
  {
    code: 'accountability-institutions',
    en: 'Accountability institutions',
    es: 'Instituciones de rendición de cuentas',
    workingGroup: 'fiscal-openness',
    subjects: [
      [
        'audit institutions and citizen participation',
        'las entidades fiscalizadoras y la participación ciudadana',
      ],
      ['ombudsman offices and open government', 'las defensorías del pueblo y el gobierno abierto'],
      ['social audits', 'las auditorías sociales'],
    ],
  },
  {
    code: 'open-contracting',
    en: 'Open contracting',
    es: 'Contrataciones abiertas',
    workingGroup: 'fiscal-openness',
    subjects: [
      [
        'open contracting in public procurement',
        'las contrataciones abiertas en las compras públicas',
      ],
      ['publishing contract data', 'la publicación de datos de contratos'],
      ['monitoring public works contracts', 'el monitoreo de contratos de obra pública'],
    ],
  },
  {
    code: 'anti-corruption',
    en: 'Anti-corruption',
    es: 'Lucha contra la corrupción',
    workingGroup: null,
    subjects: [
      [
        'asset declarations of public officials',
        'las declaraciones patrimoniales de los funcionarios',
      ],
      ['protecting whistleblowers', 'la protección de denunciantes'],
      ['lobbying transparency', 'la transparencia del cabildeo'],
    ],
  },
];

/** Title patterns: {S} the subject capitalised, {s} as is, {C} a case-study country. */
export const TITLE_PATTERNS: Record<DemoLanguage, readonly string[]> = {
  en: [
    '{S}',
    '{S}: lessons from {C}',
    '{S}: the experience of {C}',
    'Peer learning on {s}',
    'From commitment to practice: {s}',
    '{S}: what works?',
    'How {C} is advancing {s}',
  ],
  es: [
    '{S}',
    '{S}: lecciones de {C}',
    '{S}: la experiencia de {C}',
    'Aprendizaje entre pares sobre {s}',
    'Del compromiso a la práctica: {s}',
    '¿Qué funciona en {s}?',
    'Cómo avanza {C} en {s}',
  ],
};

export const DESCRIPTIONS: Record<DemoLanguage, string> = {
  en: 'A peer-learning session for government and civil society reformers on {s}.',
  es: 'Una sesión de aprendizaje entre pares para reformadores del gobierno y la sociedad civil sobre {s}.',
};

/** Post-webinar comments; {topic} is the webinar's topic in the response language, lower-cased. */
export const POST_COMMENTS: Record<DemoLanguage, readonly string[]> = {
  en: [
    'Very practical examples, thank you.',
    'The case study on {topic} was exactly what our team needed.',
    'Please share the slides and the recording.',
    'Too short for the questions we had; consider 90 minutes.',
    'Great mix of government and civil society voices.',
    'I would like more detail on how the reforms were funded.',
    'The chat discussion was as useful as the presentations.',
    'Audio quality was poor for the second speaker.',
    'We are drafting our action plan and this helped us frame the {topic} commitment.',
    'Useful, but the time slot is difficult for Asia.',
    'More examples from smaller countries, please.',
    'Clear and well moderated.',
    'I will follow up with one of the presenters directly.',
    'It would help to have a short reading list before the session.',
    'Interesting, though some of it was too general for practitioners.',
    'Excellent session on {topic}; looking forward to the next one.',
  ],
  es: [
    'Ejemplos muy prácticos, gracias.',
    'El caso presentado sobre {topic} era justo lo que necesitaba nuestro equipo.',
    'Por favor compartan las presentaciones y la grabación.',
    'Faltó tiempo para las preguntas; sugiero 90 minutos.',
    'Muy buena combinación de voces del gobierno y de la sociedad civil.',
    'Me gustaría conocer más sobre cómo se financiaron las reformas.',
    'La conversación en el chat fue tan útil como las presentaciones.',
    'El audio del segundo ponente no se escuchaba bien.',
    'Estamos preparando el plan de acción y esto nos ayudó a formular el compromiso sobre {topic}.',
    'Muy útil; ojalá hubiera más sesiones en español.',
    'Más ejemplos de municipios y gobiernos locales, por favor.',
    'Claro y bien moderado.',
    'Voy a contactar directamente a uno de los ponentes.',
    'Sería útil recibir materiales de lectura antes de la sesión.',
    'Interesante, aunque algunas partes fueron demasiado generales.',
    'Excelente sesión sobre {topic}; espero la próxima.',
  ],
};

export const OTHER_USES: Record<DemoLanguage, readonly string[]> = {
  en: [
    'Use it in my university course',
    'Write an article about it',
    'Include it in a donor report',
  ],
  es: [
    'Usarlo en mi curso universitario',
    'Escribir un artículo al respecto',
    'Incluirlo en un informe para donantes',
  ],
};

export const CHANGES: Record<DemoLanguage, readonly string[]> = {
  en: [
    'We added a {topic} commitment to our national action plan.',
    'I briefed my minister and we changed how we publish {topic} information.',
    'Our organisation started monitoring {topic} with a method shown in the webinar.',
    'We set up a working session with the agency that presented.',
    'I trained colleagues in two regional offices.',
    'We used the examples to argue for a new regulation.',
  ],
  es: [
    'Incluimos un compromiso sobre {topic} en el plan de acción nacional.',
    'Informé a mi ministra y cambiamos la forma de publicar información sobre {topic}.',
    'Nuestra organización empezó a monitorear {topic} con una metodología presentada en el seminario.',
    'Organizamos una reunión de trabajo con la institución que presentó.',
    'Capacité a colegas de dos oficinas regionales.',
    'Usamos los ejemplos para impulsar una nueva normativa.',
  ],
};

export const BARRIERS: Record<DemoLanguage, readonly string[]> = {
  en: [
    'A change of government stalled the reform.',
    'No budget to follow up this year.',
    'Leadership was not convinced yet.',
    'I changed jobs shortly after the webinar.',
    'We lacked the technical staff to adapt the approach.',
  ],
  es: [
    'Un cambio de gobierno detuvo la reforma.',
    'No hubo presupuesto para dar seguimiento este año.',
    'Las autoridades aún no están convencidas.',
    'Cambié de trabajo poco después del seminario.',
    'Nos faltó personal técnico para adaptar el enfoque.',
  ],
};
