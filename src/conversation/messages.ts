/**
 * Every sentence the bot says, in one place, so wording can be tuned without touching the
 * dialogue logic. Residents read 村干部 and 申报编号; every message a resident reads fits one
 * phone screen in 关怀模式, 12 lines of 14 characters (screenLines.ts), lists included.
 */
import { formatTrackingCode as spoken } from '../shared/trackingCode';
import { REPORT_RECEIVED } from '../domain/householdReport';

/** The code as typed after a word ("确认 23166026"): no spaces, no old "SB-". */
const typed = (code: string): string => code.replace(/^SB-?/i, '');

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
  villageNotFound: (text: string) => `没找到“${[...text].length > 8 ? `${[...text].slice(0, 8).join('')}…` : text}”。请按乡镇找：`,
  villageMatches: '找到这几个村，回复序号：',
  villageMore: '还有别的村，多写几个字再找。',
  villageMatchesFooter: '都不是？回复“乡镇”按乡镇找，0返回。',
  villagePicked: (name: string) => `好的，${name}。`,
  townsTitle: (page: number, pages: number) => `选乡镇，回复序号${pages > 1 ? `（${page}/${pages}页）` : ''}：`,
  villagesTitle: (town: string, page: number, pages: number) => `${town}的村，回复序号${pages > 1 ? `（${page}/${pages}页）` : ''}：`,
  pageFooter: (hasMore: boolean) => (hasMore ? '发“下一页”看更多，0返回。' : '0返回。'),
  lastPage: '已经是最后一页，从头再看：',
  pickFromPage: '请回复这一页上的序号。',
  noTowns: '暂时没有乡镇资料。请回复“人工”，村干部给您打电话。',
  noVillages: '这个乡镇还没有村的资料，请选别的乡镇。',

  // resident: everyday words for an option ("看病" for 1)
  guess: (words: string) => `您是说${words}吗？回复1是，2不是。`,
  guessAgain: '好的，请再选一下：',

  // resident: amounts and counts
  negativeAmount: '金额不能是负数。',
  tooLargeAmount: '这个数太大了，请核对一下。',
  outOfRange: '这个数不对，请核对一下。',

  // resident: summary and submit
  confirmHint: '请回复1确认提交，或回复2修改。',
  editWhich: '改哪一项？回复序号：',
  editFooter: '0返回核对。',
  editPickHint: '请回复上面列出的序号，0返回核对。',
  submitted: (code: string) => `已提交！申报号 ${spoken(code)}。`,
  urgentNote: '您家的情况紧急，已优先告诉村干部。',
  nextWithCadre: (name: string | null) => `村干部${name ?? ''}一般第二天就会联系您（赶上周末、放假就往后推几天）。回复“查询”看进度。`,
  nextWithTownship: '乡镇正在安排负责您村的村干部，会尽快联系您。回复“查询”看进度。',
  submitFailed: (message: string) => `没能提交：${message}`,
  submitFailedFooter: '回复“查询”看已有的申报，回复“人工”请村干部打电话，回复1再试一次。',
  invalidPayload: (message: string) => `还有一项不对：${message}`,

  // resident: the household's case is already open (同户再次申报) — only what that answer implies is said
  householdKnown: '这户的情况村干部已经知道了。您再说说遇到了什么困难，村干部会一并核实。',
  reportWordsAsk: '还有什么要告诉村干部的？用一句话说说。没有就回复“没有”。',
  reportReceived: `${REPORT_RECEIVED}。`,
  reportContinue: '请再回答几个问题，就能提交了。',

  // resident: 查询
  noCases: '您还没有申报。回复“申报”开始。',
  casesTitle: '您的申报：',

  // resident: 双签字 (confirming the visit record)
  confirmChoices: '回复1确认，回复2有不同意见。',
  confirmWords: '没问题回复“确认”，有不同意见回复“有不同意见”。',
  confirmWordsFor: (code: string) => `没问题回复“确认 ${typed(code)}”，有不同意见回复“有不同意见 ${typed(code)}”。`,
  toConfirm: '村干部记下的核查情况，请您看看对不对：',
  confirmed: (code: string, next: string) => `已确认核查情况（申报号 ${spoken(code)}），谢谢！${next}`,
  objectionAsk: '请说说哪里不对，村干部会再和您核实：',
  objectionTooShort: '请用一句话说说哪里不对；不说了请回复“取消”。',
  objectionNoted: (code: string) => `已把您的意见告诉村干部（申报号 ${spoken(code)}），村干部会再和您核实。`,
  objectionDropped: '好的，先不说了。核查情况没问题就回复“确认”。',
  severalToConfirm: (codes: string[]) => `有${codes.length}件核查等您确认：${codes.map(spoken).join('、')}。请回复“确认 申报号”或“有不同意见 申报号”，例如：确认 ${typed(codes[0])}`,
  noSuchConfirmation: '没有找到等您确认的这件申报，回复“查询”看看。',
  confirmFailed: (message: string) => `没办成：${message}`,
  confirmStale: '核查情况刚有变动，请回复“查询”看最新的，再确认。',

  // resident: 人工
  callbackAskPhone: '请留一个手机号，村干部给您打电话：',
  callbackPhoneHint: '请回复11位手机号，例如：13912345678。不留了请回复0。',
  callbackFiled: (code: string, officePhone: string | null) =>
    `已请村干部给您打电话，申报号 ${spoken(code)}。${officePhone ? `着急的话，也可以打村委会电话 ${officePhone}。` : ''}`,
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

  // cadre: commands
  cadreCommands: [
    '可以这样说（编号是8位数字，像 12345678；发过“待办”后也可以写序号，例如：详情 1，或只回复 1）：',
    '待办 · 详情 编号',
    '受理 编号 · 转交 编号 原因 · 结案 编号 无风险/不符合/重复/撤回',
    '核查 编号 · 已签字 编号 · 评议 编号',
    '公示 编号 · 异议 编号 · 答复 编号 序号 · 公示结束 编号',
    '退回 编号 原因 · 登记（排查到的困难户）',
    '绑定 绑定码',
  ].join('\n'),
  queueEmpty: '没有待办，辛苦了！',
  queueTitle: (count: number) => `待办${count}件：`,
  queueMore: (count: number) => `还有${count}件，请到电脑上看。`,
  queueFooter: '回复序号看详情（例如：1），“受理 1”受理第1件。',
  needCode: (command: string, example: string) => `请写上申报编号或待办里的序号，例如：${command} 12345678${example}`,
  badCode: '编号不对，应该是8位数字，像 12345678，或写待办里的序号。',
  noListYet: '请先回复“待办”看列表，再用序号。',
  notOnList: (n: number, count: number) => `待办里没有第${n}件（${count ? `只有${count}件` : '没有待办'}），回复“待办”再看一下。`,
  needTransferReason: '请写上转交原因，例如：转交 12345678 不是我负责的村',
  needSendBackReason: '请写上退回原因，例如：退回 12345678 需要重新核查',
  closeReasons: '结案原因请写：无风险、不符合、重复、撤回 中的一个，例如：结案 12345678 无风险',
  accepted: (code: string, state: string) => `已受理 ${code}，现在是“${state}”。请两人一组入户核查，回来后回复“核查 ${typed(code)}”录入。`,
  transferred: (code: string, state: string) => `已转交乡镇：${code}，现在是“${state}”。`,
  sentBack: (code: string, state: string, next: string) => `已退回：${code}，现在是“${state}”。${next}`,
  closed: (code: string, reason: string) => `已结案：${code}（${reason}）。`,
  publicityFinished: (code: string, state: string) => `公示结束：${code}，现在是“${state}”，等乡镇审核。`,
  actionFailed: (message: string) => `没办成：${message}`,
  notNow: (state: string) => `这件申报现在是“${state}”，不能这样办`,
  roomDialogue: '填表要说到户里的情况，请私聊我。',

  // cadre: 详情
  detailCommands: '现在可以回复：',
  detailAwaitingResident: '已发微信请户主确认核查情况。',
  detailAwaitingPaper: '户主没有用微信，请户主在纸质表上签字后回复“已签字”。',

  // cadre: guided dialogues (form.ts)
  formStart: (title: string) => `开始填写 ${title}。`,
  formFooter: '回复0返回上一步，“取消”不填了。',
  formFooterWordOnly: '回复“返回”上一步，“取消”不填了。',
  formNotUnderstood: '没看懂。',
  formPickOne: (count: number) => `请回复1到${count}中的一个数字。`,
  formPickSeveral: '请回复序号，几个就用空格隔开，例如：1 6。',
  formBadDay: '日期没看懂，请写成 11月24日 这样。',
  formDayInFuture: '这个日期还没到，请再看一下。',
  formDayTooEarly: (label: string, day: string) => `${label}不能早于${day}。`,
  formCountRange: (min: number, max: number) => `请回复${min}到${max}之间的数字。`,
  formAmountHint: '请回复一个数字（元），例如：12000 或 1万2；没有回复0。',
  formTextLength: (min: number, max: number) => `请写${min}到${max}个字。`,
  formCheck: '请核对：',
  formSubmitChoices: '1 提交\n2 修改',
  formConfirmHint: '请回复1提交，或回复2修改。',
  formCancelled: '好的，不填了，刚才填的没有保存。',
  formRetry: '回复1再试一次，回复2修改，“取消”不填了。',
  formBusy: (title: string) => `您正在填写 ${title}，填完或回复“取消”后再发别的。`,
  formStale: (code: string) => `没办成：您填写期间 ${code} 已被别人更新（可能在电脑上办了），刚才填的没有保存。请回复“详情 ${typed(code)}”看现在的情况。`,

  // cadre: 核查
  visitNames: '请写名字，几位就用空格隔开，例如：张明 李强。',
  visitTwoPeople: '入户核查要两人一组，请写另一位核查人的名字。',
  visitTooMany: '核查人最多4位。',
  visitProxyFormat: '请写名字和关系，中间空一格，例如：李明 儿子。',
  visitNoneAlone: '选了“无风险”就不能再选其他风险类型。',
  visitNoRiskEnds: '核实没有风险的，结论只能是核查结束。风险类型填错了的，请先回复1，核对时回复2修改“核实的风险”。',
  visitNoRiskHint: '（核实没有风险的只能核查结束；风险类型填错了，回复1后在核对时修改）',
  visitReadBack: '（提交后发给户主确认）',
  visitRecorded: (code: string, state: string, next: string, digits: string) => `已录入核查认定表：${code}，现在是“${state}”。${next}（回复“已签字 ${digits}”）`,
  signatureRecorded: (code: string, state: string) => `已录入纸质签字：${code}，现在是“${state}”。`,
  reviewNext: (digits: string) => `评议后回复“评议 ${digits}”录入。`,

  // cadre: 评议、公示、异议
  reviewPassed: (code: string, digits: string) => `已录入村级评议：${code}（通过）。开始公示请回复“公示 ${digits}”。`,
  reviewFailed: (code: string, state: string) => `已录入村级评议：${code}，评议没有通过，现在是“${state}”。`,
  publicityWindowNote: '公示期按工作日由系统算，提交后告诉您哪天期满。',
  publicityStarted: (code: string, ends: string, digits: string) => `已开始公示：${code}，${ends}期满。有异议回复“异议 ${digits}”登记；期满后回复“公示结束 ${digits}”。`,
  objectionRecorded: (code: string, no: number, digits: string) => `已登记第${no}条异议：${code}。核实后回复“答复 ${digits} ${no}”。`,
  answered: (code: string, no: number, digits: string) => `已答复第${no}条异议：${code}。公示期满、异议都答复后，回复“公示结束 ${digits}”。`,
  // A cadre cannot 结案 during publicity: a founded objection goes back to the review, whose 不通过 closes the case.
  answeredFounded: (code: string, no: number, digits: string) => `已答复第${no}条异议：${code}（属实）。不能直接结束公示：请回复“退回 ${digits} 原因”退回村级评议重新评议（评议不通过即结案）。`,
  answerWhich: '请回复上面列出的异议序号。',
  noSuchObjection: (given: string, open: number[]) => (open.length ? `没有要答复的第${given}条异议，还没答复的是：第${open.join('、')}条。` : '没有要答复的异议。'),

  // cadre: 登记
  registerNoVillages: '您还没有负责的村，不能登记。请找乡镇管理员。',
  registerNeedsConsent: '户主同意核实后才能登记。户主同意了回复1；不登记了回复“取消”。',
  registered: (code: string, digits: string) => `已登记 ${code}（基层干部排查），在您的待办里。入户核查后回复“核查 ${digits}”录入。`,

  // following an Official Account (a transport's greeting, see welcome.ts)
  welcomeVillage: (name: string) => `您扫的是${name}的码，申报时村子已经选好了。`,
  welcomeBack: '欢迎回来！',
  welcomeCadre: (name: string) => `${name}您好，欢迎回来！回复“待办”看要办的事。`,
  /**
   * A voice message WeChat could not turn into text, a picture, a sticker: one digit to press,
   * since whoever sends voice may not be able to type (关怀模式 reads this aloud).
   */
  voiceHelp: '没听清您的语音。回复1，村干部给您打电话。',
  pictureHelp: '我看不懂图片。回复1，村干部给您打电话。',
  /** The same to a cadre, who can type. */
  nonTextCadre: '我只能看懂文字，请打字。',

  /** For the caller: what to say when something unexpected failed (the engine rethrows those). */
  systemBusy: '系统忙，请过一会儿再发一次。',
} as const;
