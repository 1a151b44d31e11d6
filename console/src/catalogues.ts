import { api } from './api/client';
import type { BulkActionOffer, Place } from './api/types';

export interface Catalogues {
  states: { code: string; label: string; owner: string }[];
  riskTypes: { code: string; label: string }[];
  channels: { code: string; label: string }[];
  intakeMethods: { code: string; label: string }[];
  bulkActions: BulkActionOffer[];
}

let catalogues: Promise<Catalogues> | null = null;
/** State and risk-type words, asked once per page load. */
export function loadCatalogues(): Promise<Catalogues> {
  catalogues ??= api<Catalogues>('GET', '/api/catalogues').catch((error: unknown) => {
    catalogues = null;
    throw error;
  });
  return catalogues;
}

const children = new Map<string, Promise<Place[]>>();
/** A county's towns or a town's villages. */
export function loadChildren(parent: string): Promise<Place[]> {
  let found = children.get(parent);
  if (!found) {
    found = api<{ items: Place[] }>('GET', `/api/regions?parent=${encodeURIComponent(parent)}`).then((r) => r.items);
    found.catch(() => children.delete(parent));
    children.set(parent, found);
  }
  return found;
}
