import type { FormDef } from './form';
import type { CadreChatAction } from './ports';
import { ANSWER_FORM, OBJECTION_FORM, PUBLICITY_FORM, REVIEW_FORM, SIGNATURE_FORM } from './recordForms';
import { REGISTER_FORM } from './registerForm';
import type { FormKind } from './state';
import { VISIT_FORM } from './visitForm';

/** Every cadre form by kind (a stored dialogue names its kind), and the action each one ends with. */
// Each form types its own context; a stored form is read back by its kind.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const FORMS: Record<FormKind, FormDef<any>> = {
  visit: VISIT_FORM,
  signature: SIGNATURE_FORM,
  review: REVIEW_FORM,
  publicity: PUBLICITY_FORM,
  objection: OBJECTION_FORM,
  answer: ANSWER_FORM,
  register: REGISTER_FORM,
};

export const FORM_ACTIONS: Record<Exclude<FormKind, 'register'>, CadreChatAction> = {
  visit: 'record_visit',
  signature: 'record_signature',
  review: 'record_review',
  publicity: 'start_publicity',
  objection: 'record_objection',
  answer: 'answer_objection',
};
