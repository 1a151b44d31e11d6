import { createRouter, createWebHistory } from 'vue-router';
import { currentUser, loadSession } from './session';

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true, title: '登录' } },
    { path: '/', redirect: '/overview' },
    { path: '/overview', name: 'overview', component: () => import('./pages/OverviewPage.vue'), meta: { title: '首页' } },
    { path: '/cases', name: 'cases', component: () => import('./pages/CasesPage.vue'), meta: { title: '案件' } },
    { path: '/cases/:id(\\d+)', name: 'case', component: () => import('./pages/CasePage.vue'), meta: { title: '案件详情' } },
    { path: '/cases/:id(\\d+)/print', name: 'case-print', component: () => import('./pages/CasePrintPage.vue'), meta: { title: '打印核查认定表' } },
    { path: '/publicity', name: 'publicity', component: () => import('./pages/PublicityPage.vue'), meta: { title: '公示' } },
    { path: '/village-qr', name: 'village-qr', component: () => import('./pages/VillageQrPage.vue'), meta: { title: '村二维码' } },
    { path: '/imports', name: 'imports', component: () => import('./pages/ImportsPage.vue'), meta: { title: '部门预警导入' } },
    { path: '/admin', name: 'admin', component: () => import('./pages/AdminPage.vue'), meta: { title: '管理' } },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue'), meta: { title: '没有找到' } },
  ],
});

router.beforeEach(async (to) => {
  const user = await loadSession().catch(() => currentUser.value);
  if (!to.meta.public && !user) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  if (to.name === 'login' && user) return { path: typeof to.query.next === 'string' ? to.query.next : '/overview' };
  return true;
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} · 申报通`;
});
