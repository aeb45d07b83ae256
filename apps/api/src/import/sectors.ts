import type { SectorCode } from '@ripple/db';
import { foldKey } from './countries.js';

/** Registration questions that ask what kind of organisation someone works for. */
const SECTOR_QUESTION =
  /sector|organi[sz]ation type|type of organi[sz]ation|tipo de (organizacion|institucion|entidad)|organisation category|affiliation/i;

export function findSectorQuestion(questionHeaders: string[]): string | null {
  return questionHeaders.find((header) => SECTOR_QUESTION.test(foldKey(header))) ?? null;
}

// Built-in rules, first match wins, on the folded answer. A manager's own mapping (sector_mapping)
// is consulted first and overrides these.
const RULES: Array<[RegExp, SectorCode]> = [
  [
    /\b(international|multilateral|intergovernmental|united nations|world bank|undp|unicef|oecd|organismo internacional|organizacion internacional|banco mundial|naciones unidas|cooperacion internacional|donor|donante)\b/,
    'international_organisation',
  ],
  [
    /\b(government|gobierno|ministry|ministerio|minister|ministro|public sector|sector publico|public administration|administracion publica|parliament|parlamento|congress|congreso|legislature|legislative|legislativ[oa]|senate|senado|municipal|municipality|municipalidad|alcaldia|city council|local government|gobierno local|agency|agencia|judiciary|poder judicial|court|tribunal|ombudsman|defensoria|supreme audit|contraloria|auditor|state|estado|public official|funcionari[oa]|civil servant)\b/,
    'government',
  ],
  [
    /\b(civil society|sociedad civil|ngo|ngos|ong|non governmental|no gubernamental|non profit|nonprofit|sin fines de lucro|not for profit|foundation|fundacion|association|asociacion|charity|cso|osc|community|comunitari[oa]|activist|activista|think tank|advocacy)\b/,
    'civil_society',
  ],
  [
    /\b(media|medios|journalists?|journalism|periodistas?|periodismo|press|prensa|newspaper|periodico|radio|television|tv|broadcast|reporter|reportero)\b/,
    'media',
  ],
  [
    /\b(academia|academic|academico|university|universidad|research|investigacion|investigador|researcher|college|school|escuela|student|estudiante|professor|profesor|instituto de investigacion)\b/,
    'academia',
  ],
  [
    /\b(private|privado|privada|business|company|empresa|corporate|corporation|consultancy|consultants?|consulting|consultora?|consultoria|firm|industry|industria|sme|pyme|self employed|independiente|freelance)\b/,
    'private_sector',
  ],
  [/\b(other|otro|otra|otros)\b/, 'other'],
];

/** The sector an answer describes, or 'unknown' when nothing matches. */
export function sectorFromAnswer(
  answer: string,
  remembered: ReadonlyMap<string, SectorCode> = new Map(),
): SectorCode {
  const key = foldKey(answer);
  if (!key) return 'unknown';
  const mapped = remembered.get(key);
  if (mapped) return mapped;
  for (const [pattern, sector] of RULES) if (pattern.test(key)) return sector;
  return 'unknown';
}
