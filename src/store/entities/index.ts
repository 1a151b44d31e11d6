import { CadreVillage } from './CadreVillage';
import { Case } from './Case';
import { CaseEvent } from './CaseEvent';
import { CountySetting } from './CountySetting';
import { OutboxMessage } from './OutboxMessage';
import { Region } from './Region';
import { Resident } from './Resident';
import { StaffUser } from './StaffUser';

export { CadreVillage, Case, CaseEvent, CountySetting, OutboxMessage, Region, Resident, StaffUser };
export const ENTITIES = [Region, StaffUser, CadreVillage, Resident, Case, CaseEvent, OutboxMessage, CountySetting];
