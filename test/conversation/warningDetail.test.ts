import { FakePorts } from './fakePorts';
import { caseAt, cadreChat, MONDAY } from './procedure';

/** 详情 of a case from a department's warning list: the household's figures were never given, and the chat says so. */
it('says the household size and income are not known yet, rather than "0口人，收入0元"', async () => {
  const ports = new FakePorts();
  const fake = ports.addCase({ householdSize: 0, intakeMethod: 'department_warning' });
  fake.declared = { ...fake.declared, intakeLabel: '部门筛查预警', details: {}, annualIncome: 0, perCapitaIncome: 0 };
  const detail = await cadreChat(ports, MONDAY).sayAll('详情 12345678');
  expect(detail).toContain('家庭人口和收入未提供，入户核查时登记');
  expect(detail).toContain('部门筛查预警');
  expect(detail).not.toMatch(/0口人|收入约0元/);
});

it('asks the household size at the visit without claiming one was declared', async () => {
  const ports = new FakePorts();
  const fake = await caseAt(ports, 'investigating');
  fake.c.householdSize = 0;
  const chat = cadreChat(ports);
  await chat.say('核查 12345678');
  expect(await chat.sayAll('1', '张明', '1', '1')).toBe('【5/16】家里几口人？');
});
