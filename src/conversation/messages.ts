/**
 * Every sentence the bot says, in one place, so wording can be tuned without touching the
 * dialogue logic. Residents read 村干部 and 申报编号; each message fits one phone screen
 * (about 80 characters) except numbered lists.
 */
export const MSG = {
  // resident: general
  startAgain: '好的，从头开始。',
  proxyStart: '好的，帮家人申报。',
  proxyConsent: '您说的情况只用于核实和帮扶，继续填写就是同意村里核实家庭收入和财产。不同意请回复“取消”。',
  cancelled: '好的，不报了。以后家里有困难，随时发“申报”。',
  idleMenu: '回复“申报”开始申报，“查询”看进度，“人工”请村干部给您打电话。',
  help:
    '回复“申报”开始申报，“帮家人申报”替家人报，“查询”看进度，“人工”请村干部打电话。填写中回复0返回上一步，“重新开始”从头来。',
  backFooter: '回复0返回上一步，回复“人工”请村干部给您打电话。',
  backFooterWordOnly: '回复“返回”上一步，回复“人工”请村干部给您打电话。',
  atFirstStep: '已经是第一步了。',
  resume: (step: number) => `您上次申报到第${step}步，回复1继续，回复2重新开始。`,
  resumeHint: '请回复1继续，或回复2重新开始。',

  // resident: village
  villageTownHelp: '不会写就回复“乡镇”，按乡镇一个个选。',
  villageNeedName: '请写村名里的一两个字，例如：联发。',
  villageNotFound: (text: string) => `没找到“${text}”。请按乡镇找：`,
  villageMatches: '找到这几个村，回复序号：',
  villageMore: '还有别的村，可以多写几个字再找。',
  villageMatchesFooter: '都不是？回复“乡镇”按乡镇找，0返回。',
  villagePicked: (name: string) => `好的，${name}。`,
  townsTitle: (page: number, pages: number) => `请选乡镇${pages > 1 ? `（第${page}/${pages}页）` : ''}，回复序号：`,
  villagesTitle: (town: string, page: number, pages: number) =>
    `${town}的村${pages > 1 ? `（第${page}/${pages}页）` : ''}，回复序号：`,
  pageFooter: (hasMore: boolean) => (hasMore ? '回复“下一页”看更多，0返回。' : '0返回。'),
  lastPage: '已经是最后一页，从头再看：',
  pickFromPage: '请回复这一页上的序号。',
  noTowns: '暂时没有乡镇资料。请回复“人工”，村干部给您打电话。',
  noVillages: '这个乡镇还没有村的资料，请选别的乡镇。',

  // resident: amounts and counts
  negativeAmount: '金额不能是负数。',
  tooLargeAmount: '这个数太大了，请核对一下。',
  outOfRange: '这个数不对，请核对一下。',

  // resident: summary and submit
  confirmHint: '请回复1确认提交，或回复2修改。',
  editWhich: '改哪一项？回复序号：',
  editFooter: '0返回核对。',
  submitted: (code: string) => `已提交！申报编号 ${code}。`,
  urgentNote: '您家的情况紧急，已优先告诉村干部。',
  nextWithCadre: (name: string | null) => `村干部${name ?? ''}一般1个工作日内联系您。回复“查询”看进度。`,
  nextWithTownship: '乡镇正在安排负责您村的村干部，会尽快联系您。回复“查询”看进度。',
  submitFailed: (message: string) => `没能提交：${message}`,
  submitFailedFooter: '回复“查询”看已有的申报，回复“人工”请村干部打电话，回复1再试一次。',
  invalidPayload: (message: string) => `还有一项不对：${message}`,

  // resident: 查询
  noCases: '您还没有申报。回复“申报”开始。',
  casesTitle: '您的申报：',

  // resident: 人工
  callbackAskPhone: '请留一个手机号，村干部给您打电话：',
  callbackPhoneHint: '请回复11位手机号，例如：13912345678。不留了请回复0。',
  callbackFiled: (code: string) => `已请村干部给您打电话，编号 ${code}。`,
  callbackNoted: '已记下，工作人员会尽快给您打电话。',
  callbackFailed: (message: string) => `没能转告：${message}`,

  // rooms
  roomResident: '请私聊我申报：点我的头像，发“申报”就行。',
  roomResidentQuery: '请私聊我查进度：点我的头像，发“查询”。',
  roomBind: '绑定请私聊我，不要在群里发绑定码。',
  roomDetail: '详情里有个人信息，请私聊我查看。',

  // binding
  bound: (name: string) => `绑定成功，${name}您好！回复“待办”看要办的事。`,
  bindNeedCode: '请写上绑定码，例如：绑定 123456',
  bindFailed: (message: string) => `绑定没成功：${message}`,

  // cadre
  cadreCommands:
    '可以这样说：\n待办\n详情 编号\n受理 编号\n转交 编号 原因\n结案 编号 原因（无风险/不符合/重复/撤回）\n绑定 绑定码\n编号像 SB-12345678，SB可以不写。',
  queueEmpty: '没有待办，辛苦了！',
  queueTitle: (count: number) => `待办${count}件：`,
  queueMore: (count: number) => `还有${count}件，请到电脑上看。`,
  queueFooter: '回复“详情 编号”看详情，“受理 编号”受理。',
  needCode: (command: string, example: string) => `请写上申报编号，例如：${command} SB-12345678${example}`,
  badCode: '编号不对，应该像 SB-12345678（SB可以不写）。',
  needTransferReason: '请写上转交原因，例如：转交 SB-12345678 不是我负责的村',
  closeReasons: '结案原因请写：无风险、不符合、重复、撤回 中的一个，例如：结案 SB-12345678 无风险',
  accepted: (code: string, state: string) => `已受理 ${code}，现在是“${state}”。请两人一组入户核查。`,
  transferred: (code: string, state: string) => `已转交乡镇：${code}，现在是“${state}”。`,
  closed: (code: string, reason: string) => `已结案：${code}（${reason}）。`,
  actionFailed: (message: string) => `没办成：${message}`,
  detailFooter: (code: string) => `受理请回复：受理 ${code}`,

  /** For the caller: what to say when something unexpected failed (the engine rethrows those). */
  systemBusy: '系统忙，请过一会儿再发一次。',
} as const;
