import { loadStaffActor, loginSchema, staffLogin } from '../../services/auth';
import { DomainError } from '../../domain/errors';
import { staffProfile } from '../../services/staffProfile';
import { route } from '../route';
import { clearSessionCookie, setSessionCookie } from '../staffSession';

/** The console's sign-in: the token goes into an HttpOnly cookie, never into the page (see staffSession). */
export const sessionRoutes = [
  route({
    method: 'post',
    path: '/api/auth/session',
    summary: '控制台登录：凭证写入仅限接口使用的 HttpOnly Cookie，不返回给页面（同一地址连续输错5次后须等待，等待逐次加长）',
    tag: 'staff',
    auth: 'none',
    body: loginSchema,
    handler: async ({ app, body, koa }) => {
      const { token, user } = await staffLogin(app, body, koa.ip);
      const staff = await loadStaffActor(app, user.id);
      if (!staff) throw new DomainError('unauthorized', '用户名或密码不正确', 401);
      setSessionCookie(app, koa, token);
      return { user: await staffProfile(app, staff) };
    },
  }),
  route({
    method: 'get',
    path: '/api/auth/session',
    summary: '当前登录的工作人员和可见范围',
    tag: 'staff',
    auth: 'staff',
    handler: async ({ app, actor }) => ({ user: await staffProfile(app, actor) }),
  }),
  route({
    method: 'delete',
    path: '/api/auth/session',
    summary: '控制台退出登录',
    tag: 'staff',
    auth: 'none',
    status: 204,
    handler: async ({ koa }) => {
      clearSessionCookie(koa);
      return undefined;
    },
  }),
];
