import { z } from 'zod';
import { publicityNotice } from '../../services/publicityNotice';
import { QR_CHANNELS, villageQr, type QrChannel } from '../../services/villageQr';
import { enterVillageOfficePhone, officePhoneBodySchema, villageOfficePhone } from '../../services/villageContacts';
import { route } from '../route';

/** What staff print and post: the village board's publicity notice (the 核查认定表 prints from the case detail). */
export const printRoutes = [
  route({
    method: 'get',
    path: '/api/publicity-notice',
    summary: '村级公示：一个村正在公示的拟纳入监测对象名单（户主、人口数、拟认定类型、公示起止日期、异议联系人），不含身份证号和电话；范围外的村返回404',
    tag: 'staff',
    auth: 'staff',
    query: z.object({ village: z.string({ error: '请选择村' }).regex(/^\d{12}$/, { error: '村代码应为12位' }) }),
    handler: ({ app, actor, query }) => publicityNotice(app.db.manager, actor, query.village),
  }),
  route({
    method: 'get',
    path: '/api/village-qr',
    summary: '村二维码（张贴用）：小程序码（scene=村代码）或公众号带参数二维码（qrscene_村代码），群众扫码后村已选好；范围外的村返回404',
    tag: 'staff',
    auth: 'staff',
    query: z.object({
      village: z.string({ error: '请选择村' }).regex(/^\d{12}$/, { error: '村代码应为12位' }),
      channel: z.enum(Object.keys(QR_CHANNELS) as [QrChannel, ...QrChannel[]], { error: '请选择小程序或公众号' }).default('miniprogram'),
    }),
    handler: async ({ app, actor, query }) => {
      const qr = await villageQr(app, query.village, query.channel, actor);
      const officePhone = await villageOfficePhone(app, qr.village.code);
      return { village: qr.village, channel: qr.channel, caption: qr.caption, officePhone, image: `data:image/png;base64,${qr.png.toString('base64')}` };
    },
  }),
  route({
    method: 'put',
    path: '/api/villages/:code/office-phone',
    summary: '县里录入村委会电话 {officePhone}（null 删除）：群众在“请村干部给我回电话”旁边看到；只填办公电话，村干部本人手机须本人同意',
    tag: 'staff',
    auth: 'staff',
    params: z.object({ code: z.string().regex(/^\d{12}$/, { error: '村代码应为12位' }) }),
    body: officePhoneBodySchema,
    handler: ({ app, actor, params, body }) => enterVillageOfficePhone(app, actor, params.code, body.officePhone),
  }),
];
