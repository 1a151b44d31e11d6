import { RISK_TYPE_LABELS } from '../domain/riskTypes';
import { assetsSchema, EXCLUSIONS, exclusionsFound, INTAKE_METHODS, MONITORING_TYPES, type WorkflowCase } from '../domain/workflow';

export interface Check {
  code: string;
  label: string;
  ticked: boolean;
}

const checks = (labels: Record<string, string>, ticked: (code: string) => boolean): Check[] =>
  Object.entries(labels).map(([code, label]) => ({ code, label, ticked: ticked(code) }));

const titleOf = (schema: { meta(): { title?: unknown } | undefined }): string => String(schema.meta()?.title ?? '');
/** The asset questions in the words the visit form itself asks them. */
const ASSET_LABELS = {
  company: titleOf(assetsSchema.shape.company),
  urbanProperty: titleOf(assetsSchema.shape.urbanProperty),
  consumerCar: titleOf(assetsSchema.shape.consumerCar),
  other: titleOf(assetsSchema.shape.other.unwrap()),
};

/**
 * The tick boxes of the 核查认定表 (Xing'an 附件4) and the 不得纳入 list (Gengma 附件1): every
 * option in the official order, ticked as recorded. A paper form shows what was not chosen too,
 * so a print-out needs the whole list, not only the chosen labels.
 */
export function formChecklists(c: Pick<WorkflowCase, 'intakeMethod' | 'visit' | 'review'>) {
  const v = c.visit;
  const verified: readonly string[] = v?.verifiedRiskTypes ?? [];
  const found: readonly string[] = v ? exclusionsFound(v) : [];
  return {
    intakeMethods: checks(INTAKE_METHODS, (code) => code === c.intakeMethod),
    verifiedRiskTypes: checks({ ...RISK_TYPE_LABELS, none: '无风险' }, (code) => verified.includes(code)),
    assets: checks(ASSET_LABELS, (code) => (code === 'other' ? Boolean(v?.assets.other) : v?.assets[code as 'company'] === true)),
    // An asset check that is itself a 不得纳入 category ticks it too, as the visit's conclusion counts it.
    exclusions: checks(EXCLUSIONS, (code) => found.includes(code)),
    proposedTypes: checks(MONITORING_TYPES, (code) => c.review?.proposedType === code),
  };
}
