import { findHeaderRow, mapColumns, matchVillage, riskTypesOfReason, villageNames, warningKeyParts, type VillagePlace } from '../../src/domain/warnings';

const place = (code: string, name: string, townName: string): VillagePlace => ({ code, name, townCode: code.slice(0, 9), townName, names: villageNames(name) });
const VILLAGES = [
  place('152221100001', '兴科居委会', '科尔沁镇'),
  place('152221101201', '联发嘎查', '索伦镇'),
  place('152221101202', '联合嘎查', '索伦镇'),
  place('152221106204', '联合嘎查', '察尔森镇'),
  place('152221102210', '远征村委会', '德伯斯镇'),
  place('152221102211', '征村委会', '德伯斯镇'),
  place('152221200001', '跃进马场一队居民委员会', '跃进马场'),
];

describe('部门筛查预警 rules', () => {
  it.each([
    ['医保自费支出1万元以上人员', ['illness']],
    ['大病户', ['illness']],
    ['新增残疾人', ['disability']],
    ['危房户或当前饮水不安全户', ['housing', 'water']],
    ['教育资助对象', ['schooling']],
    ['务工就业受影响家庭', ['employment']],
    ['产业发展失败户', ['industry']],
    ['因灾因意外事故刚性支出较大', ['disaster', 'accident']],
    ['因病、因残', ['illness', 'disability']],
    ['缺劳动力', ['labor']],
    ['新增低保和特困供养户', ['other']],
    ['收入不增反降的脱贫户', ['other']],
  ])('reads “%s” as %j', (reason, types) => {
    expect(riskTypesOfReason(reason)).toEqual(types);
  });

  it('knows a village by code, official name, everyday short form or address, the longest name first', () => {
    const at = (text: string) => {
      const match = matchVillage(text, VILLAGES);
      return 'village' in match ? match.village.code : match.problem;
    };
    expect(at('152221101201')).toBe('152221101201');
    expect(at('兴科居委会')).toBe('152221100001');
    expect(at('科尔沁镇兴科社区3号楼')).toBe('152221100001');
    expect(at('索伦镇联发嘎查3组')).toBe('152221101201');
    expect(at('德伯斯镇远征村二组')).toBe('152221102210');
    expect(at('跃进马场一队')).toBe('152221200001');
    expect(at('索伦镇联合嘎查')).toBe('152221101202');
    expect(at('联合嘎查')).toBe('“联合嘎查”有2个同名的村（索伦镇联合嘎查、察尔森镇联合嘎查），请写上乡镇名或村代码');
    expect(at('152222100001')).toBe('村代码152222100001不是本县的村');
    expect(at('桃花源村')).toBe('本县没有找到“桃花源村”这个村，请写村名或12位村代码');
    expect(at(' ')).toBe('没有写村');
  });

  it('finds the header row under titles, by the names departments use', () => {
    const rows = [['2026年新增残疾人名单'], [], ['序号', ' 姓 名 ', '身份证号码（18位）*', '村(社区)', '残疾类别', '来源单位']];
    expect(findHeaderRow(rows)).toEqual({
      at: 2,
      map: { name: { index: 1, header: '姓 名' }, idNumber: { index: 2, header: '身份证号码（18位）*' }, village: { index: 3, header: '村(社区)' }, department: { index: 5, header: '来源单位' } },
    });
    // 残疾类别 is not a reason column: the list says what is missing instead of guessing.
    expect(mapColumns(rows[2]).reason).toBeUndefined();
    expect(findHeaderRow([['名单'], ['张三', '152221']])).toBeNull();
  });

  it('keys a warning by county, year, person, department and reason, spaces and punctuation aside', () => {
    const key = (department: string, reason: string, year = 2026) => warningKeyParts({ countyCode: '152221', year, idNumberHash: 'h', department, reason });
    expect(key('县医保局', '医保自费支出1万元以上。')).toBe(key(' 县医保局', '医保自费支出 1万元以上'));
    expect(key('县医保局', '大病户')).not.toBe(key('县民政局', '大病户'));
    expect(key('县医保局', '大病户')).not.toBe(key('县医保局', '大病户', 2027));
  });
});
