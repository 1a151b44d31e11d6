import { login, savedToken } from './services/auth/session';

App({
  onLaunch() {
    // Log in early so the first tap on 我的申报 or 提交 does not wait for it; a failure here is
    // harmless because every call that needs a token logs in again on its own.
    if (!savedToken()) login().catch(() => undefined);
  },
});
