import { declarationSchema } from '../../src/domain/declaration';
import { householdReportSchema, reportFromDeclaration, reportFromShortPath, reporterLabel } from '../../src/domain/householdReport';
import { reportedAgain } from '../../src/domain/workflow';
import { validIdNumber } from '../support/ids';

const ID = validIdNumber(1);

describe('同户再次申报 in the domain', () => {
  it('tells whoever holds the step: the cadre, or the township while the case waits to be routed', () => {
    expect(reportedAgain({ assigneeId: 5 }, '李四（儿子）').notices).toEqual([{ to: 'assignee', kind: 'case_reported_again', note: '李四（儿子）' }]);
    expect(reportedAgain({ assigneeId: null }, '李四（儿子）').notices).toEqual([{ to: 'township', kind: 'case_reported_again', note: '李四（儿子）' }]);
  });

  it('a full declaration reports as the relative when one declared, else as the head', () => {
    const base = { applicant: { name: '巴特尔', phone: '13912345678', idNumber: ID, villageCode: '152221100001' }, householdSize: 3, hardships: ['water'], details: { waterProblem: 1 }, annualIncome: 9000.4, consent: true };
    const own = reportFromDeclaration(declarationSchema.parse(base));
    expect(own).toEqual({ reporterName: '巴特尔', relation: null, phone: '13912345678', applicantName: '巴特尔', hardships: ['water'], details: { waterProblem: 1 }, words: null, householdSize: 3, annualIncome: 9000 });
    expect(reporterLabel(own)).toBe('巴特尔（户主本人）');
    const byRelative = reportFromDeclaration(declarationSchema.parse({ ...base, proxy: { name: '李四', relation: '儿子', phone: '13800001111' } }));
    expect(byRelative).toMatchObject({ reporterName: '李四', relation: '儿子', phone: '13800001111', applicantName: '巴特尔' });
    expect(reporterLabel(byRelative)).toBe('李四（儿子）');
  });

  it('the short path needs a phone from someone, and 其他 needs its words', () => {
    const short = { applicant: { name: '巴特尔', idNumber: ID }, hardships: ['illness'] };
    expect(householdReportSchema.safeParse(short).error?.issues[0].message).toBe('请填写联系电话');
    const withPhone = householdReportSchema.parse({ ...short, applicant: { ...short.applicant, phone: '13912345678' } });
    expect(reportFromShortPath(withPhone)).toMatchObject({ reporterName: '巴特尔', relation: null, phone: '13912345678', words: null, householdSize: null });
    expect(householdReportSchema.safeParse({ ...short, proxy: { name: '李四', relation: '儿子', phone: '13800001111' } }).success).toBe(true);
    expect(householdReportSchema.safeParse({ ...short, applicant: { ...short.applicant, phone: '13912345678' }, hardships: ['other'] }).error?.issues[0].message).toMatch(/其他困难/);
    expect(householdReportSchema.safeParse({ ...short, applicant: { ...short.applicant, idNumber: '110105194912310021', phone: '13912345678' } }).error?.issues[0].message).toMatch(/身份证号不正确/);
  });
});
