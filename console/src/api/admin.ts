import { api } from './client';
import type { CaseItem, Place } from './types';

/** The administration screens' shapes (src/http/routes/adminRoutes.ts, calendarRoutes.ts, reminderRoutes.ts). */
export interface Labelled {
  code: string;
  label: string;
}

export interface AdminCatalogues {
  clock: Labelled[];
  reminderTriggers: Labelled[];
  reminderRecipients: Labelled[];
  milestoneMeasures: Labelled[];
  campaignKinds: Labelled[];
  openStates: Labelled[];
}

export interface AccountVillage extends Place {
  townCode: string;
  townName: string;
  primary: boolean;
}

export interface StaffAccount {
  id: number;
  username: string;
  name: string;
  role: 'cadre' | 'township';
  roleLabel: string;
  active: boolean;
  chatBound: boolean;
  openCases: number;
  town: Place | null;
  villages: AccountVillage[];
  createdAt: string;
}

export interface OpenCases {
  total: number;
  items: (CaseItem & { reassignable: boolean })[];
}

export interface Clock {
  acceptDays: number;
  visitDays: number;
  confirmDays: number;
  villageReviewDays: number;
  townshipDays: number;
  countyDays: number;
  procedureDays: number;
  publicityDays: number;
  publicityUnit: 'working' | 'calendar';
}

export interface CountyFigures {
  year: number;
  incomeLine: number;
  medicalThreshold: number;
  rigidSpendingThreshold: number;
  isExample: boolean;
  clock: Clock;
}

export interface Holiday {
  name: string;
  off: string[];
  workdays: string[];
}

export interface CalendarYear {
  year: number;
  source: 'official' | 'entered' | 'missing';
  enteredBy: string | null;
  enteredAt: string | null;
  notice: { year: number; holidays: Holiday[] } | null;
}

export interface Milestone {
  key: string;
  name: string;
  from?: string;
  date: string;
  towns?: string[];
  measure?: string;
}

export interface Campaign {
  year: number;
  kind: string;
  name: string;
  milestones: Milestone[];
  updatedBy?: string;
  updatedAt?: string;
}

export interface ReminderRule {
  id: string;
  on: string;
  days: number;
  to: string[];
  states?: string[];
  enabled: boolean;
}

export interface Ladder {
  isDefault: boolean;
  rules: ReminderRule[];
}

export interface DeadLetter {
  id: number;
  kind: string;
  channel: string;
  recipientType: string;
  recipientName: string | null;
  trackingCode: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export const accountPath = (username: string, what: string) => `/api/staff/${encodeURIComponent(username)}/${what}`;
export const countyPath = (county: string, what: string) => `/api/counties/${county}/${what}`;

let catalogues: Promise<AdminCatalogues> | null = null;
/** The words the screens label settings and rules with, asked once per page load. */
export function loadAdminCatalogues(): Promise<AdminCatalogues> {
  catalogues ??= api<AdminCatalogues>('GET', '/api/catalogues/admin').catch((error: unknown) => {
    catalogues = null;
    throw error;
  });
  return catalogues;
}

/** This year in China, whatever the desk computer's zone. */
export const chinaYear = (): number => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
