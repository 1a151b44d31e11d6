/**
 * For a screen that reloads as its URL changes: each load asks `begin()` and shows its answer
 * only while `current()` holds, so an earlier, slower answer never overwrites a newer one.
 */
export function latestOnly(): () => { current: () => boolean } {
  let asked = 0;
  return () => {
    const mine = ++asked;
    return { current: () => mine === asked };
  };
}
