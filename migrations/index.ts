import { InitialSchema1763900000000 } from './1763900000000-InitialSchema';
import { ChatAndSubscriptions1764000000000 } from './1764000000000-ChatAndSubscriptions';
import { CaseWorkflow1764100000000 } from './1764100000000-CaseWorkflow';
import { Reminders1764200000000 } from './1764200000000-Reminders';
import { DueTimeCoveringIndex1764300000000 } from './1764300000000-DueTimeCoveringIndex';
import { DepartmentWarnings1764400000000 } from './1764400000000-DepartmentWarnings';
import { SavedFilters1764500000000 } from './1764500000000-SavedFilters';
import { CaseListIndexes1764600000000 } from './1764600000000-CaseListIndexes';
import { CaseNameSearch1764700000000 } from './1764700000000-CaseNameSearch';
import { CaseRiskMask1764710000000 } from './1764710000000-CaseRiskMask';
import { ResidentCallbackMark1764720000000 } from './1764720000000-ResidentCallbackMark';
import { QueueIndexes1764730000000 } from './1764730000000-QueueIndexes';
import { StaffCredentialsChanged1764740000000 } from './1764740000000-StaffCredentialsChanged';
import { OfficialAccountUsers1764780000000 } from './1764780000000-OfficialAccountUsers';
import { CaseTallies1764790000000 } from './1764790000000-CaseTallies';
import { LoginThrottles1764800000000 } from './1764800000000-LoginThrottles';
import { CaseReports1764810000000 } from './1764810000000-CaseReports';
import { DigitTrackingCodes1764820000000 } from './1764820000000-DigitTrackingCodes';
import { VillageContacts1764820000001 } from './1764820000001-VillageContacts';
import { CadreOverviewIndexes1764830000000 } from './1764830000000-CadreOverviewIndexes';

/** Every migration, in order. Listed by hand so a build never depends on a glob. */
export const MIGRATIONS = [InitialSchema1763900000000, ChatAndSubscriptions1764000000000, CaseWorkflow1764100000000, Reminders1764200000000, DueTimeCoveringIndex1764300000000, DepartmentWarnings1764400000000, SavedFilters1764500000000, CaseListIndexes1764600000000, CaseNameSearch1764700000000, CaseRiskMask1764710000000, ResidentCallbackMark1764720000000, QueueIndexes1764730000000, StaffCredentialsChanged1764740000000, OfficialAccountUsers1764780000000, CaseTallies1764790000000, LoginThrottles1764800000000, CaseReports1764810000000, DigitTrackingCodes1764820000000, VillageContacts1764820000001, CadreOverviewIndexes1764830000000];
