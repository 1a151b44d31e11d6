import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { chinaDate } from '../domain/calendar';
import { hashPassword } from '../security/passwords';
import { CadreVillage, Region, StaffUser } from '../store/entities';
import { inTransaction } from '../store/transaction';
import type { AppContext } from './context';
import { EXAMPLE_FIGURES, saveCountySettings } from './countySettings';
import { importCounties } from './regionImport';
import { generatePassword } from './staffAdmin';

const DEMO_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];

export interface DemoLogins {
  password: string;
  county: string;
  township: { username: string; name: string };
  cadre: { username: string; name: string; village: string };
  villages: number;
}

/**
 * On an empty database, loads a real county with an account for the county, one per town and
 * one cadre per village, all sharing one generated password (hashed once: ~300 accounts start
 * in well under a second). Returns null when the database already has regions.
 */
export async function seedDemoCounty(app: AppContext, countyCode: string): Promise<DemoLogins | null> {
  if ((await app.db.getRepository(Region).count()) > 0) return null;
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const now = app.clock();
  return inTransaction(app.db, async (manager) => {
    await importCounties(manager, [countyCode]);
    await saveCountySettings(manager, { ...EXAMPLE_FIGURES, countyCode, year: Number(chinaDate(now).slice(0, 4)), isExample: true }, now);
    const towns = await manager.find(Region, { where: { parentCode: countyCode, level: 'town' }, order: { code: 'ASC' } });
    const villages = await manager.find(Region, { where: { countyCode, level: 'village' }, order: { code: 'ASC' } });
    const staff = (username: string, displayName: string, role: StaffUser['role'], regionCode: string | null) =>
      Object.assign(new StaffUser(), { username, displayName, role, regionCode, passwordHash, wechatId: null, active: true, createdAt: now });
    await manager.insert(StaffUser, [
      staff('county', '县乡村振兴局', 'county', countyCode),
      ...towns.map((t) => staff(`t${t.code}`, `${t.name}干部`, 'township', t.code)),
    ]);
    // Person-like names, so what residents read sounds like a person: "村干部王书记（联发嘎查）…".
    const cadres = villages.map((v, i) => staff(`c${v.code}`, `${DEMO_SURNAMES[i % DEMO_SURNAMES.length]}书记（${v.name}）`, 'cadre', null));
    for (let i = 0; i < cadres.length; i += 100) await manager.insert(StaffUser, cadres.slice(i, i + 100));
    const saved = await manager.find(StaffUser, { select: { id: true, username: true }, where: { role: 'cadre' } });
    const links = saved.map((u) => ({ staffId: u.id, villageCode: u.username.slice(1), isPrimary: true }));
    for (let i = 0; i < links.length; i += 100) await manager.insert(CadreVillage, links.slice(i, i + 100));
    const firstVillage = villages[0];
    return {
      password,
      county: 'county',
      township: { username: `t${towns[0].code}`, name: towns[0].name },
      cadre: { username: `c${firstVillage.code}`, name: `${DEMO_SURNAMES[0]}书记（${firstVillage.name}）`, village: firstVillage.name },
      villages: villages.length,
    };
  });
}

export function describeDemoLogins(logins: DemoLogins, baseUrl: string): string {
  return [
    `演示数据已载入：${logins.villages} 个村，每个村一名村干部。所有演示账号的密码：${logins.password}`,
    `  县级账号    county`,
    `  乡镇账号    ${logins.township.username}（${logins.township.name}；其他乡镇为 t+乡镇代码）`,
    `  村干部账号  ${logins.cadre.username}（${logins.cadre.village}；其他村为 c+村代码）`,
    `工作台：${baseUrl}/console/（用上面的账号登录）`,
    `接口登录：curl -X POST ${baseUrl}/api/auth/login -H 'content-type: application/json' -d '{"username":"county","password":"${logins.password}"}'`,
  ].join('\n');
}

/** Keeps the demo logins beside the database so they can be found after the console scrolls. */
export function saveDemoLogins(text: string, databasePath: string): string {
  const path = `${dirname(databasePath)}/demo-logins.txt`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${text}\n`, { mode: 0o600 });
  return path;
}
