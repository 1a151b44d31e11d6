import { DomainError } from '../domain/errors';
import { SavedFilter } from '../store/entities';
import { isUniqueViolation } from '../store/transaction';
import type { StaffActor } from './actors';
import type { AppContext } from './context';

/** Enough for a desk's standing questions; a list of fifty names is no longer a shortcut. */
export const SAVED_FILTER_LIMIT = 20;

const view = (f: SavedFilter) => ({ id: f.id, name: f.name, query: f.query });

export async function savedFilters(app: AppContext, staff: StaffActor) {
  const rows = await app.db.getRepository(SavedFilter).find({ where: { staffId: staff.id }, order: { name: 'ASC' } });
  return { items: rows.map(view) };
}

/** Saves (or, by the same name, replaces) one of the user's filters; `query` is already checked. */
export async function saveFilter(app: AppContext, staff: StaffActor, name: string, query: string) {
  const repo = app.db.getRepository(SavedFilter);
  const same = await repo.findOne({ where: { staffId: staff.id, name } });
  if (same) return view(await repo.save(Object.assign(same, { query })));
  if ((await repo.count({ where: { staffId: staff.id } })) >= SAVED_FILTER_LIMIT) throw new DomainError('validation_failed', `常用筛选最多${SAVED_FILTER_LIMIT}个，请先删掉不用的`, 400, { field: 'name' });
  try {
    return view(await repo.save(Object.assign(new SavedFilter(), { staffId: staff.id, name, query, createdAt: app.clock() })));
  } catch (error) {
    // Saved twice at once from two tabs: the first one stands.
    if (isUniqueViolation(error, 'uq_saved_filters_name', 'saved_filters.staffId, saved_filters.name')) throw new DomainError('conflict', '已有同名的常用筛选，请换个名字', 409, { field: 'name' });
    throw error;
  }
}

/** Someone else's filter reads as missing. */
export async function deleteFilter(app: AppContext, staff: StaffActor, id: number): Promise<void> {
  const result = await app.db.getRepository(SavedFilter).delete({ id, staffId: staff.id });
  if (!result.affected) throw new DomainError('not_found', '没有这个常用筛选', 404);
}
