import type { EntityManager } from 'typeorm';
import type { AppContext } from '../../services/context';
import { workCalendar } from '../../services/workCalendar';
import { JobLease, OutboxMessage, Reminder } from '../../store/entities';
import { inTransaction, insertRows, isUniqueViolation } from '../../store/transaction';
import { REMINDER_KIND } from '../../domain/reminders';
import { compose, type ComposedMessage } from './compose';
import { knownKeys, planInParts, planReminders, type PlannedReminder } from './plan';

export const REMINDER_JOB = 'reminders';
/** A first tick (no watermark yet) looks back this far: today's 09:00 is not missed by a restart. */
const FIRST_LOOK_BACK_MS = 24 * 3_600_000;
/** However long every process was down, a tick never plans further back than this. */
export const CATCH_UP_LIMIT_MS = 14 * 24 * 3_600_000;
const BATCH = 200;
/**
 * A batch also ends before it passes this many reminders: a county's digest can carry
 * thousands, and 200 such messages in one statement are tens of megabytes of SQL held at once.
 */
const BATCH_REMINDERS = 2000;

/** The messages in order, cut into batches of at most BATCH messages and (unless one alone is bigger) BATCH_REMINDERS reminders. */
function* batches(messages: ComposedMessage[]): Generator<ComposedMessage[]> {
  let batch: ComposedMessage[] = [];
  let reminders = 0;
  for (const m of messages) {
    if (batch.length > 0 && (batch.length >= BATCH || reminders + m.reminders.length > BATCH_REMINDERS)) {
      yield batch;
      batch = [];
      reminders = 0;
    }
    batch.push(m);
    reminders += m.reminders.length;
  }
  if (batch.length > 0) yield batch;
}

export interface TickReport {
  from: Date;
  to: Date;
  /** Reminders found due in the window (including ones already recorded). */
  planned: number;
  /** Reminders newly recorded, and the messages they went out in. */
  recorded: number;
  messages: number;
}

/** The window a tick at `now` covers: from the watermark (bounded), to now. */
export async function tickWindow(manager: EntityManager, now: Date): Promise<{ from: Date; to: Date }> {
  const lease = await manager.findOne(JobLease, { where: { name: REMINDER_JOB } });
  const start = lease?.watermark ?? new Date(now.getTime() - FIRST_LOOK_BACK_MS);
  return { from: new Date(Math.max(start.getTime(), now.getTime() - CATCH_UP_LIMIT_MS)), to: now };
}

/** What a tick at `now` would send (the dry run): the composed messages, none written. */
export async function previewTick(app: AppContext, now: Date): Promise<{ from: Date; to: Date; messages: ComposedMessage[]; alreadySent: number }> {
  const { from, to } = await tickWindow(app.db.manager, now);
  const planned = await planReminders(app.db.manager, from, to, await workCalendar(app.db.manager));
  const known = await knownKeys(app.db.manager, planned.map((p) => p.key));
  return { from, to, messages: compose(planned.filter((p) => !known.has(p.key)), now), alreadySent: known.size };
}

function rows(messages: ComposedMessage[], now: Date): { reminders: Reminder[]; outbox: OutboxMessage[] } {
  const reminders = messages.flatMap((m) =>
    m.reminders.map((r: PlannedReminder) => Object.assign(new Reminder(), { uniqueKey: r.key, rule: r.rule, caseId: r.caseId, recipientType: r.recipientType, recipientId: r.recipientId, dueAt: r.dueAt, firesAt: r.firesAt, createdAt: now })),
  );
  const outbox = messages.map((m) =>
    Object.assign(new OutboxMessage(), {
      channel: m.channel,
      recipientType: m.recipientType,
      recipientId: m.recipientId,
      kind: REMINDER_KIND,
      payload: m.payload,
      state: 'pending',
      attempts: 0,
      uniqueKey: m.uniqueKey,
      caseId: m.caseId,
      availableAt: m.availableAt,
      leaseUntil: null,
      lastError: null,
      createdAt: now,
      sentAt: null,
    }),
  );
  return { reminders, outbox };
}

const duplicate = (error: unknown) => isUniqueViolation(error, 'uq_reminders_key', 'reminders.uniqueKey') || isUniqueViolation(error, 'uq_outbox_key', 'outbox.uniqueKey');

/**
 * Records the reminders and their messages together: a reminder row exists exactly when its
 * message is in the outbox. A batch that meets a key another tick wrote first is redone one
 * message at a time, and the messages already written by that tick are left to it.
 */
async function write(app: AppContext, messages: ComposedMessage[], now: Date): Promise<ComposedMessage[]> {
  const written: ComposedMessage[] = [];
  const save = (batch: ComposedMessage[]) =>
    inTransaction(app.db, async (manager) => {
      const { reminders, outbox } = rows(batch, now);
      await insertRows(manager, Reminder, reminders);
      await insertRows(manager, OutboxMessage, outbox);
    });
  for (const batch of batches(messages)) {
    try {
      await save(batch);
      written.push(...batch);
    } catch (error) {
      if (!duplicate(error)) throw error;
      for (const one of batch) {
        try {
          await save([one]);
          written.push(one);
        } catch (inner) {
          if (!duplicate(inner)) throw inner;
        }
      }
    }
  }
  return written;
}

/**
 * One tick: plan the reminders due since the watermark, record the new ones with their messages,
 * move the watermark. Safe to run twice or concurrently: the reminder keys make the second add
 * nothing.
 */
export async function runReminderTick(app: AppContext, now: Date = app.clock()): Promise<TickReport> {
  const { from, to } = await tickWindow(app.db.manager, now);
  const calendar = await workCalendar(app.db.manager);
  const report: TickReport = { from, to, planned: 0, recorded: 0, messages: 0 };
  // Part by part (whole counties): a person's digest is whole within one part, and memory stays that of one part.
  for await (const planned of planInParts(app.db.manager, from, to, calendar)) {
    const known = await knownKeys(app.db.manager, planned.map((p) => p.key));
    const written = await write(app, compose(planned.filter((p) => !known.has(p.key)), now), now);
    report.planned += planned.length;
    report.recorded += written.reduce((n, m) => n + m.reminders.length, 0);
    report.messages += written.length;
  }
  await moveWatermark(app, to);
  return report;
}

async function moveWatermark(app: AppContext, to: Date): Promise<void> {
  const repo = app.db.getRepository(JobLease);
  await ensureJobRow(app, REMINDER_JOB);
  await repo.createQueryBuilder().update(JobLease).set({ watermark: to }).where('name = :name AND (watermark IS NULL OR watermark < :to)', { name: REMINDER_JOB, to }).execute();
}

/** The job's row, created on first use (concurrent creators: one wins, the other finds it). */
export async function ensureJobRow(app: AppContext, name: string): Promise<void> {
  const repo = app.db.getRepository(JobLease);
  if (await repo.exists({ where: { name } })) return;
  try {
    await repo.insert({ name, slotKey: null, holder: null, leaseUntil: null, watermark: null, lastStartedAt: null, lastFinishedAt: null, lastError: null });
  } catch (error) {
    if (!(await repo.exists({ where: { name } }))) throw error;
  }
}
