import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

export const DOCS_PREFIX = '/api/docs';

/** The OpenAPI document (from the routes' TypeBox schemas) and its UI under /api/docs. */
export default fp(
  async (fastify) => {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Ripple API',
          description: 'Reach and impact analytics for peer-learning webinar programmes.',
          version: '0.1.0',
        },
        tags: [
          { name: 'system', description: 'Health and documentation' },
          { name: 'reach', description: 'Who came, from where, and how reach grew' },
          { name: 'loyalty', description: 'Who came back' },
          { name: 'imports', description: 'Attendance exports from Zoom, Teams, Webex and GoTo' },
          { name: 'webinars', description: 'Webinars, their details and speakers' },
          { name: 'participants', description: 'People and their records (managers only)' },
          { name: 'reference', description: 'Sectors, topics, working groups and series' },
        ],
      },
    });
    await fastify.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  },
  { name: 'docs' },
);
