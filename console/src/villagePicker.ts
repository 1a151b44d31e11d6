import { computed, onMounted, ref, watch, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { Place } from './api/types';
import { loadChildren } from './catalogues';
import { currentUser } from './session';

/**
 * The town-then-village choice of the pages printed for one village (the 公示 notice, the village
 * QR code). The village lives in the URL, so a page can be reloaded or sent on; a village code
 * begins with its town's, so the town follows the URL; a cadre of one village has nothing to choose.
 */
export function useVillagePicker(options: { routeName: string; query?: () => Record<string, string>; error: Ref<string> }) {
  const route = useRoute();
  const router = useRouter();
  const user = computed(() => currentUser.value);
  const village = computed(() => (typeof route.query.village === 'string' ? route.query.village : ''));
  const pickedTown = ref('');
  const town = computed(() => (village.value ? village.value.slice(0, 9) : pickedTown.value));
  const towns = ref<Place[]>([]);
  const villages = ref<Place[]>([]);
  const wide = computed(() => user.value?.role === 'county' || user.value?.role === 'admin');
  const villageChoices = computed(() => (user.value?.role === 'cadre' ? user.value.villages : villages.value));

  async function loadVillages() {
    const u = user.value;
    if (!u || u.role === 'cadre') return;
    const parent = u.role === 'township' ? u.town?.code : town.value;
    villages.value = parent ? await loadChildren(parent) : [];
  }
  const queryFor = (code: string) => ({ ...(code ? { village: code } : {}), ...options.query?.() });
  const pickVillage = (code: string) => void router.push({ name: options.routeName, query: queryFor(code) });
  function pickTown(code: string) {
    pickedTown.value = code;
    // The town's villages load as `town` changes (the watcher below).
    if (village.value) pickVillage('');
  }

  onMounted(async () => {
    try {
      const u = user.value;
      if (wide.value && u?.county) towns.value = await loadChildren(u.county.code);
      await loadVillages();
      if (!village.value && villageChoices.value.length === 1) await router.replace({ name: options.routeName, query: queryFor(villageChoices.value[0].code) });
    } catch (e) {
      options.error.value = (e as Error).message;
    }
  });
  watch(town, (next, before) => {
    if (next !== before) void loadVillages().catch((e: Error) => (options.error.value = e.message));
  });
  return { user, village, town, towns, wide, villageChoices, pickTown, pickVillage };
}
