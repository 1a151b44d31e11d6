import { maskPhone, PHONE_PATTERN } from '../domain/idNumber';
import { Case } from '../store/entities';
import { auditActor } from './audit';
import type { AppContext } from './context';
import { countyFigures } from './countySettings';
import { fileCase } from './fileCase';
import { CALLBACK_NOTE } from './noticeText';
import { findVillage } from './regions';

export const UNNAMED_APPLICANT = '未留名';

export interface CallbackRequest {
  villageCode?: string;
  phone?: string;
  name?: string;
}

/**
 * "人工": a resident asks a cadre to call back. When the village is known, a case flagged
 * `callbackRequested` is filed there and routed like a declaration (assigned to the village's
 * cadre, else the township's routing queue) — without an ID number, so it never blocks the
 * household's real declaration. Without a village (or a phone) nothing can be routed: null.
 * A resident who already has an open call-back case there gets that one back instead of a second.
 * The resident's own receipt notice is not sent in chat (they read the number in the reply).
 */
export async function requestCallback(app: AppContext, residentId: number, request: CallbackRequest): Promise<{ trackingCode: string } | null> {
  const phone = request.phone?.trim();
  if (!request.villageCode || !phone || !PHONE_PATTERN.test(phone)) return null;
  const pending = await app.db.getRepository(Case).findOne({
    select: { trackingCode: true },
    where: { residentId, callbackRequested: true, isOpen: true, villageCode: request.villageCode },
  });
  if (pending) return { trackingCode: pending.trackingCode };

  const now = app.clock();
  const village = await findVillage(app.db.manager, request.villageCode);
  const figures = await countyFigures(app.db.manager, village.countyCode, now);
  const name = request.name?.trim() || UNNAMED_APPLICANT;
  const { row, assignee } = await fileCase(
    app,
    { village, figures, now },
    {
      channel: 'chat',
      intakeMethod: 'self_declared',
      residentId,
      applicantName: name,
      phoneEnc: app.crypto.encrypt(phone),
      phoneMasked: maskPhone(phone),
      idNumberEnc: null,
      idNumberMasked: null,
      idNumberHash: null,
      openIdHash: null,
      proxyName: null,
      proxyRelation: null,
      proxyPhoneEnc: null,
      householdSize: 0,
      hardships: [],
      details: {},
      annualIncome: 0,
      perCapitaIncome: 0,
      incomeLine: figures.incomeLine,
      riskTypes: [],
      flags: [],
      urgent: false,
      urgencyReasons: [],
      callbackRequested: true,
    },
    { actor: auditActor({ kind: 'resident', id: residentId, channel: 'chat' }, name), note: CALLBACK_NOTE },
  );
  app.logger.info({ caseId: row.id, assigneeId: assignee?.id ?? null }, 'call-back request filed');
  return { trackingCode: row.trackingCode };
}
