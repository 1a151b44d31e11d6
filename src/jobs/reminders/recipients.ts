import { In, type EntityManager } from 'typeorm';
import { Region, Resident, StaffUser } from '../../store/entities';

/**
 * Who the area's staff are, and what places are called, looked up once per tick for exactly the
 * towns, counties and villages the due reminders touch.
 */
export class RecipientBook {
  private readonly staffByRegion = new Map<string, number[]>();
  private readonly names = new Map<string, string>();
  private readonly residentChannels = new Map<number, 'chat' | 'subscribe'>();

  constructor(private readonly manager: EntityManager) {}

  async load(regions: { towns: Iterable<string>; counties: Iterable<string>; places: Iterable<string>; residents: Iterable<number> }): Promise<void> {
    const towns = [...new Set(regions.towns)];
    const counties = [...new Set(regions.counties)];
    const codes = [...new Set([...towns, ...counties])].filter((c) => !this.staffByRegion.has(c));
    for (const chunk of chunks(codes)) {
      const rows = await this.manager.find(StaffUser, { select: { id: true, regionCode: true, role: true }, where: { regionCode: In(chunk), role: In(['township', 'county']), active: true } });
      for (const code of chunk) this.staffByRegion.set(code, []);
      for (const r of rows) {
        // A county code is 6 digits and a town 9: the role tells which area a row speaks for.
        if ((r.role === 'township' && r.regionCode?.length === 9) || (r.role === 'county' && r.regionCode?.length === 6)) this.staffByRegion.get(r.regionCode)!.push(r.id);
      }
    }
    const places = [...new Set(regions.places)].filter((c) => !this.names.has(c));
    for (const chunk of chunks(places)) {
      const rows = await this.manager.find(Region, { select: { code: true, name: true }, where: { code: In(chunk) } });
      for (const r of rows) this.names.set(r.code, r.name);
    }
    const residents = [...new Set(regions.residents)].filter((id) => !this.residentChannels.has(id));
    for (const chunk of chunks(residents)) {
      const rows = await this.manager.find(Resident, { select: { id: true, channel: true }, where: { id: In(chunk) } });
      for (const r of rows) this.residentChannels.set(r.id, r.channel === 'chat' ? 'chat' : 'subscribe');
    }
  }

  /** Households are many and each is in one county's part of a tick: dropped between parts. */
  forgetResidents(): void {
    this.residentChannels.clear();
  }

  staffOf(regionCode: string): number[] {
    return this.staffByRegion.get(regionCode) ?? [];
  }

  nameOf(code: string): string {
    return this.names.get(code) ?? code;
  }

  residentChannel(id: number): 'chat' | 'subscribe' | null {
    return this.residentChannels.get(id) ?? null;
  }
}

export function* chunks<T>(items: readonly T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
