import type { RegisteredRoute } from './helpers.js';

// Walks a route table (TestApp.routes): every enumerated value of a route's path and query
// parameters, its other path parameters filled with real ids. For tests that must reach
// everything a caller may reach, whatever routes are added later.

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** The values an enumerated parameter (or a list of them) takes; null when it is not one. */
function enumerated(schema: JsonSchema | undefined): unknown[] | null {
  if (!schema) return null;
  if (schema.enum) return schema.enum;
  if (schema.type === 'array' && schema.items?.enum) return schema.items.enum;
  return null;
}

/**
 * Path parameters that are not enumerated, by `${url} ${name}`, e.g. '/api/webinars/:id id'
 * ('*' for a wildcard).
 */
export type PathValues = Record<string, string | number>;
/** Required query parameters that are not enumerated, by `${url} ${name}`. */
export type QueryValues = Record<string, string>;

export interface WalkStep {
  route: RegisteredRoute;
  /** The URL called, parameters filled in. */
  url: string;
}

/**
 * Every URL a route is walked with: each combination of its enumerated path parameters, and for
 * each enumerated query parameter (required or not) each of its values, one parameter at a time,
 * so a value that opens more (`status=all`, `lang=es`) is tried. Throws for a parameter it has
 * no value for, so a new route with a new kind of parameter fails the walk rather than being
 * skipped.
 */
export function stepsOf(
  route: RegisteredRoute,
  paths: PathValues,
  queries: QueryValues,
): WalkStep[] {
  const params = route.schema?.params as JsonSchema | undefined;
  const querystring = route.schema?.querystring as JsonSchema | undefined;
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  let urls = [route.url];
  for (const name of names) {
    const values = enumerated(params?.properties?.[name]) ?? [
      paths[`${route.url} ${name}`] ??
        (() => {
          throw new Error(`no value for :${name} of ${route.method} ${route.url}`);
        })(),
    ];
    urls = urls.flatMap((url) =>
      values.map((v) => url.replace(`:${name}`, encodeURIComponent(String(v)))),
    );
  }

  if (route.url.includes('*')) {
    const rest = paths[`${route.url} *`];
    if (rest === undefined) throw new Error(`no value for * of ${route.method} ${route.url}`);
    urls = urls.map((url) => url.replace('*', String(rest)));
  }

  const properties = querystring?.properties ?? {};
  const required = new URLSearchParams();
  for (const name of querystring?.required ?? []) {
    const values = enumerated(properties[name]);
    const value = values ? String(values[0]) : queries[`${route.url} ${name}`];
    if (value === undefined) {
      throw new Error(`no value for the query parameter ${name} of ${route.method} ${route.url}`);
    }
    required.set(name, value);
  }
  const queries_: string[] = [required.toString()];
  for (const [name, schema] of Object.entries(properties)) {
    for (const value of enumerated(schema) ?? []) {
      const q = new URLSearchParams(required);
      q.set(name, String(value));
      queries_.push(q.toString());
    }
  }
  const unique = [...new Set(queries_)];
  return urls.flatMap((url) => unique.map((q) => ({ route, url: q ? `${url}?${q}` : url })));
}
