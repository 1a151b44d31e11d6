import { chooseAssignee, type RoutingCandidate } from '../../src/domain/routing';

const c = (staffId: number, primary: boolean, openCases: number): RoutingCandidate => ({ staffId, primary, openCases });

describe('chooseAssignee', () => {
  it('returns null without candidates', () => {
    expect(chooseAssignee([])).toBeNull();
  });

  it('prefers the primary cadre even when others carry less', () => {
    expect(chooseAssignee([c(1, false, 0), c(2, true, 9), c(3, false, 1)])?.staffId).toBe(2);
  });

  it('picks the least loaded of several primaries', () => {
    expect(chooseAssignee([c(1, true, 5), c(2, false, 0), c(3, true, 2), c(4, true, 7)])?.staffId).toBe(3);
  });

  it('picks the least loaded candidate when none is primary', () => {
    expect(chooseAssignee([c(1, false, 4), c(2, false, 1), c(3, false, 3)])?.staffId).toBe(2);
  });

  it('breaks ties by the lowest staff id, whatever the input order', () => {
    expect(chooseAssignee([c(9, false, 2), c(4, false, 2), c(7, false, 2)])?.staffId).toBe(4);
    expect(chooseAssignee([c(9, true, 1), c(5, true, 1), c(2, false, 0)])?.staffId).toBe(5);
  });

  it('returns the candidate itself and leaves the input untouched', () => {
    const list = [c(3, false, 2), c(1, false, 1)];
    const copy = list.map((x) => ({ ...x }));
    expect(chooseAssignee(list)).toBe(list[1]);
    expect(list).toEqual(copy);
  });
});
