import { userMessage } from '../../services/http/apiError';
import { listRegions } from '../../services/regions/listRegions';
import { searchVillages } from '../../services/regions/searchVillages';
import type { Region } from '../../services/regions/types';

/**
 * Picks a village two ways, because residents know their village but not always how it is
 * written: type part of its name, or tap the town (苏木) and then the village (嘎查).
 * Fires `pick` with {code, name}; the page decides what the answer means.
 */
Component({
  properties: {
    countyCode: { type: String, value: '' },
    /** Name of the village already picked, shown so the resident can keep it. */
    picked: { type: String, value: '' },
  },

  data: {
    step: 'towns' as 'towns' | 'villages',
    towns: [] as Region[],
    villages: [] as Region[],
    townName: '',
    searchText: '',
    results: [] as Region[],
    searched: false,
    hint: '',
    error: '',
  },

  lifetimes: {
    attached() {
      if (this.data.countyCode) this.loadTowns();
    },
  },

  methods: {
    async loadTowns(): Promise<void> {
      try {
        this.setData({ towns: await listRegions(this.data.countyCode), error: '' });
      } catch (err) {
        this.setData({ error: userMessage(err) });
      }
    },

    async onPickTown(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const { code, name } = e.currentTarget.dataset as { code: string; name: string };
      try {
        const villages = await listRegions(code);
        this.setData({ step: 'villages', townName: name, villages, error: '' });
      } catch (err) {
        this.setData({ error: userMessage(err) });
      }
    },

    onChangeTown(): void {
      this.setData({ step: 'towns', villages: [] });
    },

    onPickVillage(e: WechatMiniprogram.TouchEvent): void {
      const { code, name } = e.currentTarget.dataset as { code: string; name: string };
      this.triggerEvent('pick', { code: String(code), name: String(name) });
    },

    onSearchInput(e: WechatMiniprogram.Input): void {
      this.setData({ searchText: e.detail.value, hint: '' });
    },

    async onSearch(): Promise<void> {
      const text = this.data.searchText.trim();
      if (!text) {
        this.setData({ hint: '请写村名里的一两个字，例如：联发' });
        return;
      }
      try {
        this.setData({ results: await searchVillages(text), searched: true, error: '' });
      } catch (err) {
        this.setData({ error: userMessage(err) });
      }
    },
  },
});
