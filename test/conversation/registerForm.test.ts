import { declarationSchema } from '../../src/domain/declaration';
import { DomainError } from '../../src/domain/errors';
import { FakePorts, VALID_ID } from './fakePorts';
import { cadreChat } from './procedure';

/** 登记 (基层干部排查): a cadre files a case for a household found while screening, in one of their villages. */

const HOUSEHOLD = ['巴特尔', VALID_ID, '13912345678', '5', '1 6', '2', '1'];

describe('登记', () => {
  it('asks the household\'s details with the questionnaire\'s own questions, reads them back masked, and files the case', async () => {
    const ports = new FakePorts();
    const chat = cadreChat(ports);
    expect(await chat.sayAll('登记')).toBe('开始填写 基层干部排查登记。\n【1/7】户主姓名是？（身份证上的名字）\n回复0返回上一步，“取消”不填了。');
    expect(await chat.sayAll('巴特尔')).toBe('【2/7】户主身份证号是？（18位）');
    expect(await chat.sayAll('152201196503120013')).toMatch(/^身份证号不对，请再看一下.*\n【2\/7】户主身份证号是？/);
    await chat.sayAll(...HOUSEHOLD.slice(1, 6));
    expect(chat.last).toBe('【7/7】户主是否已经口头同意：申报的情况只用于核实和帮扶，并同意村里核实家庭收入和财产？\n1 已同意\n2 没同意');
    expect(await chat.sayAll('1')).toBe(
      ['请核对：', '户主巴特尔（1522**********0012），联发嘎查，5口人，电话139****5678', '困难：看病花钱多、遭了灾', '去年收入：1万到2万', '户主已口头同意核实', '1 提交', '2 修改'].join('\n'),
    );
    expect(await chat.sayAll('1')).toBe('已登记 20000001（基层干部排查），在您的待办里。入户核查后回复“核查 20000001”录入。');

    const payload = declarationSchema.parse(ports.registrations[0].payload);
    expect(payload).toMatchObject({ applicant: { name: '巴特尔', idNumber: VALID_ID, phone: '13912345678', villageCode: '152201100001' }, householdSize: 5, hardships: ['illness', 'disaster'], consent: true });
    // The ID number the cadre typed is never written back in full.
    const replies = chat.transcript.flatMap((t) => t.replies).join('\n');
    expect(replies).not.toContain(VALID_ID);
    expect(chat.state).toBeNull();
  });

  it('without the household\'s consent nothing is filed', async () => {
    const ports = new FakePorts();
    const chat = cadreChat(ports);
    await chat.sayAll('登记', ...HOUSEHOLD.slice(0, 6));
    expect(await chat.sayAll('2')).toBe(
      '户主同意核实后才能登记。户主同意了回复1；不登记了回复“取消”。\n【7/7】户主是否已经口头同意：申报的情况只用于核实和帮扶，并同意村里核实家庭收入和财产？\n1 已同意\n2 没同意\n回复0返回上一步，“取消”不填了。',
    );
    expect(await chat.sayAll('取消')).toBe('好的，不填了，刚才填的没有保存。');
    expect(ports.registrations).toEqual([]);
  });

  it('a cadre of several villages picks one; "其他困难" asks what it is, numbered with its question', async () => {
    const ports = new FakePorts();
    ports.villagesOfCadre.push({ code: '152201100002', name: '联合村' });
    const chat = cadreChat(ports);
    expect(await chat.sayAll('登记')).toContain('【1/8】这户在哪个村？回复序号：\n1 联发嘎查\n2 联合村');
    await chat.sayAll('2', '巴特尔', VALID_ID, '13912345678', '5');
    expect(await chat.sayAll('11')).toBe('【6/8 补充】请用一句话说说是什么困难');
    await chat.sayAll('羊得了传染病', '2', '1', '1');
    const payload = declarationSchema.parse(ports.registrations[0].payload);
    expect(payload.applicant.villageCode).toBe('152201100002');
    expect(payload.details).toMatchObject({ otherText: '羊得了传染病' });
  });

  it('a household with an open case is refused and the dialogue stays to correct it; no villages, no 登记', async () => {
    const ports = new FakePorts();
    ports.cadreRegister = async () => {
      throw new DomainError('duplicate_open_case', '这户已有一件正在办理的申报（11110000）', 409);
    };
    const chat = cadreChat(ports);
    await chat.sayAll('登记', ...HOUSEHOLD);
    expect(await chat.sayAll('1')).toBe('没办成：这户已有一件正在办理的申报（11110000）\n回复1再试一次，回复2修改，“取消”不填了。');
    expect(chat.state).toMatchObject({ cadre: { form: { kind: 'register', phase: 'confirm' } } });

    const none = new FakePorts();
    none.villagesOfCadre.length = 0;
    expect(await cadreChat(none).sayAll('登记')).toBe('您还没有负责的村，不能登记。请找乡镇管理员。');
  });
});
