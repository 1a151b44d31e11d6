import { z } from 'zod';
import type { RouteSpec } from './route';

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string', description: '中文说明' } }, required: ['code', 'message'] } },
};

function jsonSchema(schema: unknown, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  return z.toJSONSchema(schema as z.ZodType, { io, unrepresentable: 'any' }) as Record<string, unknown>;
}

/** `/api/cases/:id` → `/api/cases/{id}` */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The OpenAPI 3.1 document, generated from the same route specs and zod schemas that validate. */
export function buildOpenApi(routes: RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
      if (!schema) continue;
      const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
      }
    }
    paths[openApiPath(spec.path)] ??= {};
    paths[openApiPath(spec.path)][spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.auth === 'resident' || spec.auth === 'staff' ? { security: [{ bearer: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ?? spec.bodyDoc ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body ?? spec.bodyDoc) } } } } : {}),
      responses: {
        ...(spec.responses
          ? Object.fromEntries(Object.entries(spec.responses).map(([status, r]) => [status, { description: r.description, content: { 'application/json': { schema: jsonSchema(r.body, 'output') } } }]))
          : { [String(spec.status ?? 200)]: { description: 'OK' } }),
        '4XX': { description: '请求有误；message 为中文说明', content: { 'application/json': { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: '申报通 Shenbao API', version, description: '防止返贫动态监测 群众自主申报' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
