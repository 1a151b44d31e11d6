import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { KeyGroupFlag, UrgencyReason } from '../../domain/assessment';
import type { DeclarationDetails } from '../../domain/declaration';
import type { RiskType } from '../../domain/riskTypes';
import type { CaseChannel, CaseState, Confirmation, HelpFirst, IntakeMethod, Measure, Publicity, VillageReview, VisitRecord, WorkflowCase } from '../../domain/workflow';
import { bool, fk, int, json, str, time } from './columns';
import { Region } from './Region';
import { Resident } from './Resident';
import { StaffUser } from './StaffUser';

export type { CaseChannel };

/**
 * One declaration and its way through the lifecycle. Personal data: the ID number and phones
 * are stored encrypted (AES-256-GCM) with masked copies for lists; `idNumberHash` is a keyed
 * hash for duplicate lookups; `openIdHash` holds it only while the case is open, so the unique
 * index refuses a second open case even under concurrent declarations.
 */
/**
 * Covering: the reminder tick reads these columns of thousands of due cases from the index alone.
 * Named so the tick can insist on it: for a rule watching one state in a few counties, MariaDB
 * would rather walk idx_cases_county and fetch every such row from the table (random reads of a
 * table far bigger than the buffer pool).
 */
export const DUE_TIME_INDEX = 'idx_cases_step_due_cover';

@Entity('cases')
@Index('uq_cases_tracking', ['trackingCode'], { unique: true })
@Index('uq_cases_open_id', ['openIdHash'], { unique: true })
@Index('idx_cases_id_hash', ['idNumberHash'])
// A cadre's 待办, and their cases outside their villages (migration 1764830000000-CadreOverviewIndexes).
@Index('idx_cases_cadre_queue', ['assigneeId', 'isOpen', 'priority', 'createdAt', 'id', 'villageCode'])
@Index('idx_cases_county', ['countyCode', 'state', 'createdAt'])
@Index('idx_cases_town', ['townCode', 'state', 'createdAt'])
@Index('idx_cases_village', ['villageCode', 'state', 'createdAt'])
// The console's list orders (migration 1764600000000-CaseListIndexes).
@Index('idx_cases_county_created', ['countyCode', 'createdAt'])
@Index('idx_cases_town_created', ['townCode', 'createdAt'])
@Index('idx_cases_county_due', ['countyCode', 'stepDueAt'])
@Index('idx_cases_town_due', ['townCode', 'stepDueAt'])
@Index('idx_cases_village_due', ['villageCode', 'stepDueAt'])
// Name search from the first character (migration 1764700000000-CaseNameSearch).
@Index('idx_cases_county_name', ['countyCode', 'applicantName', 'createdAt'])
@Index('idx_cases_town_name', ['townCode', 'applicantName', 'createdAt'])
// The township's and the county's 待办 (migration 1764730000000-QueueIndexes).
@Index('idx_cases_county_queue', ['countyCode', 'state', 'priority', 'createdAt'])
@Index('idx_cases_town_queue', ['townCode', 'state', 'priority', 'createdAt'])
@Index('idx_cases_resident', ['residentId', 'createdAt'])
@Index(DUE_TIME_INDEX, ['isOpen', 'stepDueAt', 'state', 'countyCode', 'townCode', 'villageCode', 'assigneeId', 'residentId', 'trackingCode', 'urgent', 'riskMask'])
@Index('idx_cases_changed', ['isOpen', 'updatedAt'])
export class Case implements WorkflowCase {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column(str(16)) trackingCode!: string;
  @Column(str(24)) state!: CaseState;
  @Column(bool) isOpen!: boolean;
  @Column(str(16)) channel!: CaseChannel;
  /** 监测方式: the household's own declaration, a cadre's screening, a department's warning. */
  @Column({ ...str(24), default: 'self_declared' }) intakeMethod!: IntakeMethod;
  /** Optimistic lock: every action names the version it read; a stale one is refused (409). */
  @Column({ ...int(), default: 1 }) version!: number;
  @Column(fk(true)) residentId!: number | null;

  @Column(str(40)) applicantName!: string;
  @Column(str(120)) phoneEnc!: string;
  @Column(str(20)) phoneMasked!: string;
  /** Null only on a call-back request (人工) filed before the resident gave an ID number. */
  @Column(str(120, true)) idNumberEnc!: string | null;
  @Column(str(20, true)) idNumberMasked!: string | null;
  @Column(str(64, true)) idNumberHash!: string | null;
  @Column(str(64, true)) openIdHash!: string | null;
  @Column(str(40, true)) proxyName!: string | null;
  @Column(str(20, true)) proxyRelation!: string | null;
  @Column(str(120, true)) proxyPhoneEnc!: string | null;

  @Column(str(12)) villageCode!: string;
  @Column(str(9)) townCode!: string;
  @Column(str(6)) countyCode!: string;

  @Column(int()) householdSize!: number;
  @Column(json()) hardships!: RiskType[];
  @Column(json()) details!: DeclarationDetails;
  @Column(int()) annualIncome!: number;
  @Column(int()) perCapitaIncome!: number;
  @Column(int()) incomeLine!: number;
  @Column(json()) riskTypes!: RiskType[];
  /** riskTypes as bits (riskTypeMask), for counting in an index. */
  @Column({ ...int(), default: 0 }) riskMask!: number;
  @Column(json()) flags!: KeyGroupFlag[];
  @Column(bool) urgent!: boolean;
  @Column(json()) urgencyReasons!: UrgencyReason[];
  /** 0 urgent, 1 normal: one ascending sort key so the queue index serves "urgent first, then oldest". */
  @Column(int()) priority!: number;
  @Column(str(16)) questionnaireVersion!: string;

  @Column(fk(true)) assigneeId!: number | null;
  /** Set when no cadre is responsible for the village: the township must route it by hand. */
  @Column(bool) needsRouting!: boolean;
  /** The resident asked for a call-back (人工) rather than finishing the questionnaire. */
  @Column(bool) callbackRequested!: boolean;
  /** When the current step began, and when it is due (counted in working days on the county's clock). */
  @Column(time(true)) stepStartedAt!: Date | null;
  @Column(time(true)) stepDueAt!: Date | null;
  /** The due time counts days of a year whose holidays were not entered yet (weekends only). */
  @Column({ ...bool, default: false }) stepDueProvisional!: boolean;
  /** The whole procedure (≤ 15 working days in Gansu): from filing, or from a reopening. */
  @Column(time(true)) procedureStartedAt!: Date | null;
  @Column(time(true)) procedureDueAt!: Date | null;
  @Column({ ...bool, default: false }) procedureDueProvisional!: boolean;
  @Column(str(24, true)) closeReason!: string | null;
  @Column(str(16, true)) monitoringType!: string | null;
  @Column(json(true)) measures!: Measure[] | null;
  /** 核查认定表. */
  @Column(json(true)) visit!: VisitRecord | null;
  /** 双签字. */
  @Column(json(true)) confirmation!: Confirmation | null;
  /** 村级评议. */
  @Column(json(true)) review!: VillageReview | null;
  /** 公示 and its objections. */
  @Column(json(true)) publicity!: Publicity | null;
  /** 先行帮扶. */
  @Column(json(true)) helpFirst!: HelpFirst[] | null;

  @Column(time()) createdAt!: Date;
  @Column(time()) updatedAt!: Date;

  @ManyToOne(() => StaffUser, { onDelete: 'SET NULL', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'assigneeId', foreignKeyConstraintName: 'fk_cases_assignee' })
  assignee?: StaffUser | null;

  @ManyToOne(() => Resident, { onDelete: 'SET NULL', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'residentId', foreignKeyConstraintName: 'fk_cases_resident' })
  resident?: Resident | null;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'villageCode', foreignKeyConstraintName: 'fk_cases_village' })
  village?: Region;
}
