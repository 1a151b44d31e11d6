import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { VillageContact } from '../store/entities';
import type { StaffActor } from './actors';
import type { AppContext } from './context';
import { findVillage } from './regions';
import { reachableVillage } from './villageScope';

/** A landline with its area code (0482-8821234) or a mobile: what a resident can dial from the page. */
const OFFICE_PHONE = /^(0\d{2,3}-?\d{7,8}|1[3-9]\d{9})$/;

export const officePhoneSchema = z
  .string({ error: '请填村委会电话' })
  .transform((raw) => raw.normalize('NFKC').replace(/[\s()（）]/g, ''))
  .pipe(z.string().regex(OFFICE_PHONE, { error: '村委会电话应为带区号的座机（例如 0482-8821234）或11位手机号' }));

/** The village's office phone as the county entered it, or null. */
export async function villageOfficePhone(app: AppContext, villageCode: string): Promise<string | null> {
  const row = await app.db.manager.findOne(VillageContact, { where: { villageCode } });
  return row?.officePhone ?? null;
}

/**
 * Enters (or, with null, removes) the phone residents of a village are shown next to
 * "请村干部给我回电话". Only an office line, or a cadre's own number the cadre agreed to show.
 */
export async function setVillageOfficePhone(app: AppContext, villageCode: string, phone: string | null): Promise<{ villageName: string; officePhone: string | null }> {
  const village = await findVillage(app.db.manager, villageCode);
  const repo = app.db.getRepository(VillageContact);
  if (phone === null) await repo.delete({ villageCode });
  else await repo.save(Object.assign(new VillageContact(), { villageCode, officePhone: phone, updatedAt: app.clock() }));
  return { villageName: village.name, officePhone: phone };
}

export const officePhoneBodySchema = z.object({ officePhone: officePhoneSchema.nullable() }).strict();

/** The console's entry: a county account (or admin), for a village of its county. */
export async function enterVillageOfficePhone(app: AppContext, staff: StaffActor, villageCode: string, phone: string | null): Promise<{ villageName: string; officePhone: string | null }> {
  await reachableVillage(app.db.manager, staff, villageCode);
  if (staff.role !== 'county' && staff.role !== 'admin') throw new DomainError('forbidden', '村委会电话由县里录入', 403);
  const saved = await setVillageOfficePhone(app, villageCode, phone);
  app.logger.info({ villageCode, staffId: staff.id, cleared: phone === null }, 'village office phone entered');
  return saved;
}
