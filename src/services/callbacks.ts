import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { maskPhone, PHONE_PATTERN } from '../domain/idNumber';
import { normalizePhone, parsePhone, phoneProblem } from '../shared/phone';
import type { CaseChannel } from '../domain/workflow';
import { Case, StaffUser } from '../store/entities';
import { auditActor } from './audit';
import type { AppContext } from './context';
import { countyFigures } from './countySettings';
import { fileCase } from './fileCase';
import { CALLBACK_NOTE } from './noticeText';
import { findVillage } from './regions';
import { phoneCodeSchema, phoneFromWeChatCode } from './residentPhone';
import { villageOfficePhone } from './villageContacts';

export const UNNAMED_APPLICANT = '未留名';

export interface CallbackRequest {
  villageCode?: string;
  phone?: string;
  name?: string;
  /** Where the resident asked (the case's channel); chat unless said. */
  channel?: CaseChannel;
}

/** What the resident is told: the call-back's code, who will call, and the office line to ring meanwhile. */
export interface CallbackFiled {
  trackingCode: string;
  assignee: string | null;
  officePhone: string | null;
}

/**
 * What the call-back button shows before it is tapped: whether one tap is enough (a phone and a
 * village are on file or were just picked) and the office phone of that village.
 */
export async function callbackContact(app: AppContext, residentId: number, villageCode?: string): Promise<{ known: boolean; officePhone: string | null }> {
  const known = await knownContact(app, residentId);
  const village = villageCode ?? known?.villageCode;
  return { known: known !== null, officePhone: village ? await villageOfficePhone(app, village) : null };
}

/**
 * The number and village the household already gave, from its latest case: a resident who
 * says "人工" after submitting, or taps the call-back button, is not asked for them again.
 */
async function knownContact(app: AppContext, residentId: number): Promise<{ phone: string; villageCode: string; name: string } | null> {
  const latest = await app.db.getRepository(Case).findOne({
    select: { id: true, phoneEnc: true, villageCode: true, applicantName: true, proxyName: true, proxyPhoneEnc: true },
    where: { residentId },
    order: { createdAt: 'DESC', id: 'DESC' },
  });
  if (!latest) return null;
  // A relative who declared for the household is the one who asked now: call them back.
  const phoneEnc = latest.proxyPhoneEnc ?? latest.phoneEnc;
  return { phone: app.crypto.decrypt(phoneEnc), villageCode: latest.villageCode, name: latest.proxyName ?? latest.applicantName };
}

/**
 * "人工": a resident asks a cadre to call back. When the village is known, a case flagged
 * `callbackRequested` is filed there and routed like a declaration (assigned to the village's
 * cadre, else the township's routing queue) — without an ID number, so it never blocks the
 * household's real declaration. A phone or village not given is the one on the household's
 * latest case; with neither known nothing can be routed: null.
 * A resident who already has an open call-back case there gets that one back instead of a second.
 * The resident's own receipt notice is not sent in chat (they read the number in the reply).
 */
export async function requestCallback(app: AppContext, residentId: number, request: CallbackRequest): Promise<CallbackFiled | null> {
  const known = !request.phone || !request.villageCode ? await knownContact(app, residentId) : null;
  const phone = (request.phone ?? known?.phone)?.trim();
  const villageCode = request.villageCode ?? known?.villageCode;
  if (!villageCode || !phone || !PHONE_PATTERN.test(phone)) return null;
  const pending = await app.db.getRepository(Case).findOne({
    select: { trackingCode: true, assigneeId: true },
    where: { residentId, callbackRequested: true, isOpen: true, villageCode },
  });
  if (pending) {
    const cadre = pending.assigneeId ? await app.db.manager.findOne(StaffUser, { select: { displayName: true }, where: { id: pending.assigneeId } }) : null;
    return { trackingCode: pending.trackingCode, assignee: cadre?.displayName ?? null, officePhone: await villageOfficePhone(app, villageCode) };
  }

  const now = app.clock();
  const village = await findVillage(app.db.manager, villageCode);
  const figures = await countyFigures(app.db.manager, village.countyCode, now);
  const name = request.name?.trim() || known?.name || UNNAMED_APPLICANT;
  const channel = request.channel ?? 'chat';
  const { row, assignee } = await fileCase(
    app,
    { village, figures, now },
    {
      channel,
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
    { actor: auditActor({ kind: 'resident', id: residentId, channel: channel === 'miniprogram' ? 'miniprogram' : 'chat' }, name), note: CALLBACK_NOTE },
  );
  app.logger.info({ caseId: row.id, assigneeId: assignee?.id ?? null }, 'call-back request filed');
  return { trackingCode: row.trackingCode, assignee: assignee?.name ?? null, officePhone: await villageOfficePhone(app, villageCode) };
}

export const callbackBodySchema = z
  .object({
    villageCode: z.string({ error: '村代码应为12位' }).regex(/^\d{12}$/, { error: '村代码应为12位' }).optional(),
    phone: z
      .string({ error: '手机号只填数字，11位，例如：13912345678' })
      .max(30, { error: '手机号只填数字，11位，例如：13912345678' })
      .transform((raw, ctx) => {
        const phone = parsePhone(raw);
        if (!phone) ctx.addIssue({ code: 'custom', message: phoneProblem(normalizePhone(raw)) ?? '手机号不正确' });
        return phone ?? raw;
      })
      .optional(),
    /** getPhoneNumber's code instead of a typed phone. */
    phoneCode: phoneCodeSchema.shape.code.optional(),
  })
  .strict();

/**
 * The mini-program's "请村干部给我回电话": filed like the chat's 人工; a phone or village left
 * out is taken from the household's latest case. 422 when neither is known yet: the page then asks.
 */
export async function requestCallbackFromMiniProgram(app: AppContext, residentId: number, body: z.infer<typeof callbackBodySchema>): Promise<CallbackFiled> {
  const phone = body.phone ?? (body.phoneCode ? await phoneFromWeChatCode(app, body.phoneCode) : undefined);
  const filed = await requestCallback(app, residentId, { villageCode: body.villageCode, phone, channel: 'miniprogram' });
  if (!filed) throw new DomainError('callback_needs_contact', '请留一个手机号，再选一下您家是哪个村，村干部才能给您回电话', 422);
  return filed;
}
