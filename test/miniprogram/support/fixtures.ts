import { QUESTIONNAIRE } from '../../../src/domain/questionnaire';
import { RISK_TYPE_CATALOGUE } from '../../../src/domain/riskTypes';
import type { FakeServer } from './fakeServer';

export type ServedDefinition = typeof QUESTIONNAIRE & {
  thresholds: { year: number; incomeLine: number; medicalThreshold: number; rigidSpendingThreshold: number };
  county: { code: string; name: string };
  riskTypes: { code: string; label: string }[];
};

/**
 * The definition as GET /api/questionnaire serves it: the server's own, plus county data and the
 * risk-type catalogue. A fresh copy each call.
 */
export function servedDefinition(): ServedDefinition {
  return {
    ...(JSON.parse(JSON.stringify(QUESTIONNAIRE)) as typeof QUESTIONNAIRE),
    thresholds: { year: 2026, incomeLine: 8000, medicalThreshold: 10000, rigidSpendingThreshold: 20000 },
    county: { code: '152223', name: '扎赉特旗' },
    riskTypes: RISK_TYPE_CATALOGUE.map((r) => ({ ...r })),
  };
}

export const TOWN = { code: '152223100', name: '音德尔镇', level: 'town' };
export const VILLAGE = { code: '152223100201', name: '联发嘎查', level: 'village' };
export const OTHER_VILLAGE = { code: '152223100202', name: '富强村', level: 'village' };

/** Checksum-valid numbers from a real 扎赉特旗 area code (the server also checks the area). */
export const VALID_ID = '152223196803150019';
export const VALID_ID_WITH_X = '15222319900101123X';

/** The routes a declaration needs: login, the definition, regions, and submission. */
export function serveDeclarationApi(server: FakeServer, definition: object = servedDefinition()): FakeServer {
  return server
    .on('POST', '/api/auth/wechat', { status: 200, body: { token: 'token-1', resident: { id: 7 } } })
    .on('GET', '/api/questionnaire', { status: 200, body: definition })
    .on('GET', '/api/regions', (req) => {
      if (req.query.parent === '152223') return { status: 200, body: { items: [TOWN] } };
      if (req.query.parent === TOWN.code) return { status: 200, body: { items: [VILLAGE, OTHER_VILLAGE] } };
      if (req.query.q) {
        const items = [VILLAGE, OTHER_VILLAGE].filter((v) => v.name.includes(req.query.q)).map((v) => ({ ...v, townName: TOWN.name }));
        return { status: 200, body: { items } };
      }
      return { status: 200, body: { items: [] } };
    })
    .on('POST', '/api/declarations', {
      status: 201,
      body: { outcome: 'filed', id: 41, trackingCode: '20260041', state: 'assigned', riskTypes: ['illness'], urgency: 'normal', assignee: { name: '王芳' } },
    });
}
