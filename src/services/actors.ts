import type { StaffRole } from '../domain/workflow';

/** Who is acting, as the audit trail records it. */
export interface StaffActor {
  kind: 'staff';
  id: number;
  name: string;
  role: StaffRole;
  /** Town code for township staff, county code for county staff, null otherwise. */
  regionCode: string | null;
  /** Villages a cadre is responsible for. */
  villageCodes: string[];
}

export interface ResidentActor {
  kind: 'resident';
  id: number;
  channel: 'miniprogram' | 'chat';
  /** False when the resident never asked for a call-back (read with the account); unknown means maybe. */
  mayHaveCallbacks?: boolean;
}

export type Actor = StaffActor | ResidentActor;
