import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createUser,
  EmailTakenError,
  LastAdminError,
  listUsers,
  updateUser,
  USER_ROLES,
  type User,
} from '@ripple/db';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { ACCESS } from '../auth/access.js';
import { hashPassword, passwordProblems } from '../auth/passwords.js';
import { RowId } from '../schemas/common.js';

const ErrorRef = { $ref: 'ErrorResponse#' } as const;

const UserSchema = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    name: Type.String(),
    role: Type.Enum(USER_ROLES),
    disabled: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

const Email = Type.String({
  minLength: 3,
  maxLength: 320,
  pattern: '^[^\\s@]+@[^\\s@]+$',
  description: 'Sign-in address',
});
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Password = Type.String({ minLength: 1, maxLength: 1024 });

function toJson(user: User) {
  return { ...user, createdAt: user.createdAt.toISOString() };
}

function badPassword(reply: FastifyReply, problems: string[]) {
  return reply.status(400).send({
    statusCode: 400,
    error: 'Bad Request',
    message: `body/password: ${problems.join('; ')}`,
  });
}

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/users',
    {
      config: { access: ACCESS.admin },
      schema: {
        tags: ['accounts'],
        summary: 'Every account',
        response: { 200: Type.Array(UserSchema), 401: ErrorRef, 403: ErrorRef },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return (await listUsers(fastify.db)).map(toJson);
    },
  );

  fastify.post(
    '/users',
    {
      config: { access: ACCESS.admin },
      schema: {
        tags: ['accounts'],
        summary: 'Create an account',
        description: `Passwords: at least 12 characters, not among the 49,233 most common, not containing the email or name.`,
        body: Type.Object(
          { email: Email, name: Name, role: Type.Enum(USER_ROLES), password: Password },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema, 400: ErrorRef, 401: ErrorRef, 403: ErrorRef, 409: ErrorRef },
      },
    },
    async (request, reply) => {
      const { email, name, role, password } = request.body;
      const problems = passwordProblems(password, { email, name });
      if (problems.length > 0) return badPassword(reply, problems);
      try {
        const user = await createUser(fastify.db, {
          email,
          name,
          role,
          passwordHash: await hashPassword(password),
        });
        return reply.status(201).send(toJson(user));
      } catch (error) {
        if (error instanceof EmailTakenError) {
          return reply
            .status(409)
            .send({ statusCode: 409, error: 'Conflict', message: error.message });
        }
        throw error;
      }
    },
  );

  fastify.patch(
    '/users/:id',
    {
      config: { access: ACCESS.admin },
      schema: {
        tags: ['accounts'],
        summary: 'Change an account: name, role, disabled, or a new password',
        description:
          'Disabling an account or setting its password ends its sessions at once. The last active admin cannot be disabled or demoted.',
        params: Type.Object({ id: RowId }, { additionalProperties: false }),
        body: Type.Object(
          {
            name: Type.Optional(Name),
            role: Type.Optional(Type.Enum(USER_ROLES)),
            disabled: Type.Optional(Type.Boolean()),
            password: Type.Optional(Password),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: {
          200: UserSchema,
          400: ErrorRef,
          401: ErrorRef,
          403: ErrorRef,
          404: ErrorRef,
          409: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      const { password, ...changes } = request.body;
      let passwordHash: string | undefined;
      if (password !== undefined) {
        const problems = passwordProblems(password, { name: changes.name });
        if (problems.length > 0) return badPassword(reply, problems);
        passwordHash = await hashPassword(password);
      }
      try {
        const user = await updateUser(fastify.db, request.params.id, { ...changes, passwordHash });
        if (!user) {
          return reply.status(404).send({
            statusCode: 404,
            error: 'Not Found',
            message: `No account ${request.params.id}`,
          });
        }
        return toJson(user);
      } catch (error) {
        if (error instanceof LastAdminError) {
          return reply
            .status(409)
            .send({ statusCode: 409, error: 'Conflict', message: error.message });
        }
        throw error;
      }
    },
  );
};

export default routes;
