import { FakeServer } from './fakeServer';

/** The wx.* calls the mini-program makes, as jest mocks over an in-memory storage and a FakeServer. */
export interface FakeWx {
  storage: Map<string, unknown>;
  request: jest.Mock;
  login: jest.Mock;
  getStorageSync: jest.Mock;
  setStorageSync: jest.Mock;
  removeStorageSync: jest.Mock;
  navigateTo: jest.Mock;
  redirectTo: jest.Mock;
  reLaunch: jest.Mock;
  navigateBack: jest.Mock;
  makePhoneCall: jest.Mock;
  pageScrollTo: jest.Mock;
  requestSubscribeMessage: jest.Mock;
  stopPullDownRefresh: jest.Mock;
  getAccountInfoSync: jest.Mock;
  /** fontSizeScaleFactor 1 (WeChat's standard size) unless a test sets another. */
  getAppBaseInfo: jest.Mock;
}

type Callbacks = { success?: (res: unknown) => void; fail?: (err: unknown) => void };

export function createFakeWx(server: FakeServer): FakeWx {
  const storage = new Map<string, unknown>();
  let loginCount = 0;
  const ok = (options: Callbacks = {}) => setTimeout(() => options.success?.({ errMsg: 'ok' }), 0);
  return {
    storage,
    request: jest.fn(server.wxRequest),
    // Each login gets a new code, as WeChat's do.
    login: jest.fn((options: Callbacks) => {
      loginCount += 1;
      const code = `code-${loginCount}`;
      setTimeout(() => options.success?.({ code, errMsg: 'login:ok' }), 0);
    }),
    getStorageSync: jest.fn((key: string) => (storage.has(key) ? JSON.parse(JSON.stringify(storage.get(key))) : '')),
    setStorageSync: jest.fn((key: string, value: unknown) => void storage.set(key, JSON.parse(JSON.stringify(value)))),
    removeStorageSync: jest.fn((key: string) => void storage.delete(key)),
    navigateTo: jest.fn(ok),
    redirectTo: jest.fn(ok),
    reLaunch: jest.fn(ok),
    navigateBack: jest.fn(ok),
    makePhoneCall: jest.fn(ok),
    pageScrollTo: jest.fn(ok),
    requestSubscribeMessage: jest.fn(ok),
    stopPullDownRefresh: jest.fn(),
    getAccountInfoSync: jest.fn(() => ({ miniProgram: { envVersion: 'develop', appId: 'touristappid' } })),
    getAppBaseInfo: jest.fn(() => ({ fontSizeScaleFactor: 1, SDKVersion: '3.6.0' })),
  };
}

/** The global `wx` as the code under test sees it (typed here so the root tsconfig needs no wx typings). */
export function installWx(fake: FakeWx): void {
  const g = globalThis as unknown as { wx?: Record<string, unknown> };
  g.wx = Object.assign(g.wx ?? {}, fake);
}
