import { ref } from 'vue';
import { api, ApiError, onSignedOut } from './api/client';
import type { StaffUser } from './api/types';

/** Who is signed in (null: nobody), as the service says; `load` asks once per page load. */
export const currentUser = ref<StaffUser | null>(null);
let loaded: Promise<StaffUser | null> | null = null;

export function loadSession(): Promise<StaffUser | null> {
  loaded ??= api<{ user: StaffUser }>('GET', '/api/auth/session').then(
    (r) => (currentUser.value = r.user),
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) return (currentUser.value = null);
      loaded = null;
      throw error;
    },
  );
  return loaded;
}

export async function signIn(username: string, password: string): Promise<StaffUser> {
  const { user } = await api<{ user: StaffUser }>('POST', '/api/auth/session', { username, password });
  currentUser.value = user;
  loaded = Promise.resolve(user);
  return user;
}

export async function signOut(): Promise<void> {
  await api('DELETE', '/api/auth/session');
  currentUser.value = null;
  loaded = Promise.resolve(null);
}

onSignedOut(() => {
  currentUser.value = null;
  loaded = Promise.resolve(null);
});
