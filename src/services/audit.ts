import type { EntityManager } from 'typeorm';
import { STAFF_ROLE_LABELS } from '../domain/workflow';
import { CaseEvent } from '../store/entities';
import type { JsonObject } from '../store/entities/columns';
import { insertRow } from '../store/transaction';
import type { Actor } from './actors';

export interface AuditEntry {
  caseId: number;
  action: string;
  fromState: string | null;
  toState: string;
  note?: string | null;
  data?: JsonObject | null;
}

/** Who did it, as the audit row names them. A declaration without a login is the applicant's own. */
export interface AuditActor {
  type: 'resident' | 'staff' | 'system';
  id: number | null;
  name: string;
  role: string;
}

export function auditActor(actor: Actor | null, fallbackName: string): AuditActor {
  if (!actor) return { type: 'resident', id: null, name: fallbackName, role: 'resident' };
  if (actor.kind === 'resident') return { type: 'resident', id: actor.id, name: fallbackName, role: 'resident' };
  return { type: 'staff', id: actor.id, name: actor.name, role: actor.role };
}

export const actorRoleLabel = (role: string): string => (role in STAFF_ROLE_LABELS ? STAFF_ROLE_LABELS[role as keyof typeof STAFF_ROLE_LABELS] : role === 'resident' ? '群众' : '系统');

/** Writes one audit row in the caller's transaction and returns its id. */
export async function recordEvent(manager: EntityManager, actor: AuditActor, entry: AuditEntry, now: Date): Promise<number> {
  const row = Object.assign(new CaseEvent(), {
    caseId: entry.caseId,
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
    actorRole: actor.role,
    action: entry.action,
    fromState: entry.fromState,
    toState: entry.toState,
    note: entry.note ?? null,
    data: entry.data ?? null,
    createdAt: now,
  });
  return insertRow(manager, CaseEvent, row);
}
