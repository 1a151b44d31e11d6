import { z } from 'zod';
import { ruleOf, type CaseAction } from '../domain/workflow';

const forms = new Map<CaseAction, Record<string, unknown>>();

/**
 * What an action asks for, as JSON Schema drawn from the rule's own input schema — titles,
 * limits, choices with their words (`x-labels`) — so the console's form for a step is the
 * rule's, never a second copy. The server still checks every submission with the schema itself
 * (cross-field rules included); this only draws the form.
 */
export function actionForm(action: CaseAction): Record<string, unknown> {
  let form = forms.get(action);
  if (!form) {
    const { $schema: _, ...schema } = z.toJSONSchema(ruleOf(action).input as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    form = schema;
    forms.set(action, form);
  }
  return form;
}
