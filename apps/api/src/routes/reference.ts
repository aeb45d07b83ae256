import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createSeries,
  deleteCountryAlias,
  deleteSectorMapping,
  listCountryAliases,
  listCountryClassification,
  listReference,
  listSectorMappings,
  saveCountryAlias,
  saveSectorMapping,
  SECTOR_CODES,
} from '@ripple/db';
import { Type } from 'typebox';
import { CountryCode } from '../schemas/webinars.js';
import { ACCESS } from '../auth/access.js';

const Labelled = { labelEn: Type.String(), labelEs: Type.String() };
const Reference = Type.Object({
  sectors: Type.Array(Type.Object({ code: Type.Enum(SECTOR_CODES), ...Labelled })),
  workingGroups: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), ...Labelled })),
  topics: Type.Array(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      ...Labelled,
      workingGroupId: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  series: Type.Array(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      defaultLanguage: Type.Union([Type.String(), Type.Null()]),
      defaultWorkingGroupId: Type.Union([Type.Integer(), Type.Null()]),
      defaultTimezone: Type.Union([Type.String(), Type.Null()]),
      defaultTopicIds: Type.Array(Type.Integer()),
    }),
  ),
});

const CountryListing = Type.Object({
  countries: Type.Array(
    Type.Object({
      code: Type.String(),
      region: Type.String(),
      incomeGroup: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  regions: Type.Array(Type.String()),
  incomeGroups: Type.Array(Type.String()),
  fiscalYear: Type.Union([Type.String(), Type.Null()]),
});

const CountryAlias = Type.Object(
  { alias: Type.String({ minLength: 1, maxLength: 200 }), country: CountryCode },
  { additionalProperties: false },
);
const SectorMapping = Type.Object(
  { answer: Type.String({ minLength: 1, maxLength: 300 }), sector: Type.Enum(SECTOR_CODES) },
  { additionalProperties: false },
);
const Deleted = { 204: Type.Null(), 404: { $ref: 'ErrorResponse#' } };

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/reference',
    {
      config: { access: ACCESS.aggregate },
      schema: {
        tags: ['reference'],
        summary: 'Sectors, working groups, topics and series, with English and Spanish labels',
        response: { 200: Reference },
      },
    },
    // Cached under the reach version, which every write to the tables it reads bumps.
    async (_request, reply) =>
      fastify.reachCached(reply, 'reference', {}, () => listReference(fastify.readDb)),
  );

  fastify.get(
    '/reference/countries',
    {
      // The World Bank's published classification, the same for everyone: caches may keep it.
      config: { access: ACCESS.public, storable: true },
      schema: {
        tags: ['reference'],
        summary: 'The World Bank country classification the region and income-group filters use',
        description:
          'ISO 3166-1 alpha-2 codes with their World Bank region and income group (null where the World Bank leaves an economy unclassified), and the distinct regions and income groups. Names are for the reader to render in their language (Intl.DisplayNames).',
        response: { 200: CountryListing },
      },
    },
    async (_request, reply) =>
      fastify.reachCached(reply, 'reference/countries', {}, () =>
        listCountryClassification(fastify.readDb),
      ),
  );

  fastify.post(
    '/series',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['reference'],
        summary: 'Create a series',
        body: Type.Object(
          {
            code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }),
          400: { $ref: 'ErrorResponse#' },
          409: { $ref: 'ErrorResponse#' },
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createSeries(fastify.db, request.body)),
  );

  fastify.get(
    '/country-aliases',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['imports'],
        summary: 'Country names mapped by hand, remembered for later imports',
        response: { 200: Type.Array(CountryAlias) },
      },
    },
    async () => listCountryAliases(fastify.db),
  );
  fastify.put(
    '/country-aliases',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['imports'],
        summary: 'Remember what an unrecognised country name means',
        body: CountryAlias,
        response: { 200: CountryAlias, 400: { $ref: 'ErrorResponse#' } },
      },
    },
    async (request) => {
      await saveCountryAlias(fastify.db, request.body.alias, request.body.country);
      return request.body;
    },
  );
  fastify.delete(
    '/country-aliases',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['imports'],
        summary: 'Forget a country alias',
        querystring: Type.Object(
          { alias: Type.String({ minLength: 1 }) },
          { additionalProperties: false },
        ),
        response: Deleted,
      },
    },
    async (request, reply) =>
      (await deleteCountryAlias(fastify.db, request.query.alias))
        ? reply.status(204).send(null)
        : reply.status(404).send({
            statusCode: 404,
            error: 'Not Found',
            message: `No alias "${request.query.alias}".`,
          }),
  );

  fastify.get(
    '/sector-mappings',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['imports'],
        summary:
          'Registration answers mapped to sectors by hand (they override the built-in rules)',
        response: { 200: Type.Array(SectorMapping) },
      },
    },
    async () => listSectorMappings(fastify.db),
  );
  fastify.put(
    '/sector-mappings',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['imports'],
        summary: 'Remember which sector an answer means, e.g. "Ministry of Finance" → government',
        body: SectorMapping,
        response: { 200: SectorMapping, 400: { $ref: 'ErrorResponse#' } },
      },
    },
    async (request) => {
      await saveSectorMapping(fastify.db, request.body.answer, request.body.sector);
      return request.body;
    },
  );
  fastify.delete(
    '/sector-mappings',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['imports'],
        summary: 'Forget a sector mapping',
        querystring: Type.Object(
          { answer: Type.String({ minLength: 1 }) },
          { additionalProperties: false },
        ),
        response: Deleted,
      },
    },
    async (request, reply) =>
      (await deleteSectorMapping(fastify.db, request.query.answer))
        ? reply.status(204).send(null)
        : reply.status(404).send({
            statusCode: 404,
            error: 'Not Found',
            message: `No mapping for "${request.query.answer}".`,
          }),
  );
};

export default routes;
