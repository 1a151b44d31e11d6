import { CadreVillage } from './CadreVillage';
import { BindCode } from './BindCode';
import { CalendarYear } from './CalendarYear';
import { Case } from './Case';
import { CaseEvent } from './CaseEvent';
import { ChatMessageSeen } from './ChatMessageSeen';
import { ChatSession } from './ChatSession';
import { CountySetting } from './CountySetting';
import { OutboxMessage } from './OutboxMessage';
import { Region } from './Region';
import { Resident } from './Resident';
import { StaffUser } from './StaffUser';
import { SubscribeAllowance } from './SubscribeAllowance';

export { BindCode, CadreVillage, CalendarYear, Case, CaseEvent, ChatMessageSeen, ChatSession, CountySetting, OutboxMessage, Region, Resident, StaffUser, SubscribeAllowance };
export const ENTITIES = [Region, StaffUser, CadreVillage, Resident, Case, CaseEvent, OutboxMessage, CountySetting, ChatSession, ChatMessageSeen, BindCode, SubscribeAllowance, CalendarYear];
