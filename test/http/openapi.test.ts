import { CASE_ACTIONS } from '../../src/domain/workflow';
import { API_ROUTES } from '../../src/http/app';
import { createTestApp, type TestApp } from '../support/testApp';

describe('GET /api/openapi.json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('documents every route with the schemas that validate it', async () => {
    const { body } = await t.http.get('/api/openapi.json').expect(200);
    expect(body.openapi).toBe('3.1.0');
    for (const spec of API_ROUTES) {
      expect(body.paths[spec.path.replace(/:(\w+)/g, '{$1}')]?.[spec.method]).toBeDefined();
    }
    const declare = body.paths['/api/declarations'].post.requestBody.content['application/json'].schema;
    expect(declare.required).toEqual(expect.arrayContaining(['applicant', 'householdSize', 'hardships', 'annualIncome', 'consent']));
    expect(declare.properties.hardships.items.enum).toContain('disaster');
    expect(declare.additionalProperties).toBe(false);
    // The case actions: one documented shape per row of the rule table, each asking for the version.
    const actions = body.paths['/api/cases/{id}/actions'].post.requestBody.content['application/json'].schema.anyOf;
    const documented = actions as { properties: { action: { const: string } }; required: string[] }[];
    expect(documented.map((a) => a.properties.action.const).sort()).toEqual([...CASE_ACTIONS].sort());
    for (const a of documented) expect(a.required).toEqual(expect.arrayContaining(['action', 'version']));
    expect(documented.find((a) => a.properties.action.const === 'record_visit')?.required).toEqual(expect.arrayContaining(['visitedOn', 'visitors', 'income', 'assets']));
    const cases = body.paths['/api/cases'].get;
    expect(cases.security).toEqual([{ bearer: [] }]);
    expect(cases.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['state', 'town', 'village', 'riskType', 'urgent', 'cursor']));
  });

  it('answers an unknown path with the one error shape', async () => {
    const { body } = await t.http.get('/api/nothing-here').expect(404);
    expect(body).toEqual({ error: { code: 'not_found', message: '没有这个接口' } });
  });
});
