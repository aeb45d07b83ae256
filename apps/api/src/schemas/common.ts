import { Type } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
  },
  { $id: 'ErrorResponse', description: 'What was wrong, in a sentence' },
);

/**
 * A row id as the database stores it (PostgreSQL `integer`): anything larger cannot exist, and
 * would otherwise reach the database and fail there as a 500 instead of a 400.
 */
export const RowId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
