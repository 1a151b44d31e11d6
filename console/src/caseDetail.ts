import { ref, watch } from 'vue';
import { useRoute } from 'vue-router';
import { api, ApiError } from './api/client';
import type { CaseDetail } from './api/types';
import { latestOnly } from './latest';

/** The case the URL names, reloaded when it changes; out of scope reads like missing (the service answers 404 for both). */
export function useCaseDetail() {
  const route = useRoute();
  const detail = ref<CaseDetail | null>(null);
  const missing = ref(false);
  const error = ref('');
  const loading = ref(false);
  const begin = latestOnly();

  async function load() {
    const request = begin();
    loading.value = true;
    error.value = '';
    try {
      const found = await api<CaseDetail>('GET', `/api/cases/${String(route.params.id)}`);
      if (!request.current()) return;
      detail.value = found;
      missing.value = false;
    } catch (e) {
      if (!request.current()) return;
      if (e instanceof ApiError && e.status === 404) missing.value = true;
      else error.value = (e as Error).message;
    } finally {
      if (request.current()) loading.value = false;
    }
  }
  watch(() => route.params.id, () => void load(), { immediate: true });
  return { detail, missing, error, loading, load };
}
