import { In } from 'typeorm';
import { STAFF_ROLE_LABELS } from '../domain/workflow';
import { Region } from '../store/entities';
import type { StaffActor } from './actors';
import type { AppContext } from './context';

type Place = { code: string; name: string };

/**
 * Who is signed in and the area they see: the console's header and the choices its filters
 * offer (a county user picks among towns, a township user among its villages, a cadre among
 * theirs). The same scope `CaseFinder` applies; this only names it.
 */
export async function staffProfile(app: AppContext, staff: StaffActor) {
  const codes = new Set<string>(staff.villageCodes);
  if (staff.regionCode) codes.add(staff.regionCode);
  const own = codes.size ? await app.db.manager.find(Region, { where: { code: In([...codes]) } }) : [];
  const byCode = new Map(own.map((r) => [r.code, r]));
  const countyCode = staff.regionCode?.slice(0, 6) ?? own[0]?.countyCode ?? null;
  const county = countyCode ? (byCode.get(countyCode) ?? (await app.db.manager.findOne(Region, { where: { code: countyCode } }))) : null;
  const town = staff.role === 'township' && staff.regionCode ? byCode.get(staff.regionCode) : null;
  const place = (r: Region | null | undefined): Place | null => (r ? { code: r.code, name: r.name } : null);
  return {
    id: staff.id,
    name: staff.name,
    role: staff.role,
    roleLabel: STAFF_ROLE_LABELS[staff.role],
    county: place(county),
    town: place(town),
    villages: staff.villageCodes.map((code) => ({ code, name: byCode.get(code)?.name ?? code })),
  };
}
