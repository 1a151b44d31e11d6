import type { Answers, Question } from '../shared/questionnaireWalker';

/** How an answer reads on the summary screen, in the resident's words. */
export function answerText(q: Question, answers: Answers, villageName: string): string {
  const answer = answers[q.id];
  if (answer === undefined) return '';
  const label = (value: string) => q.options?.find((o) => o.value === value)?.label ?? value;
  switch (q.kind) {
    case 'choice':
      return label(String(answer));
    case 'multi':
      return ([] as string[]).concat(answer as string | string[]).map(label).join('；');
    case 'nameRelation': {
      const [name, relation] = String(answer).split('|');
      return `${name}（${relation}）`;
    }
    case 'village':
      return villageName || String(answer);
    case 'amount':
      return `${answer}元`;
    default:
      return String(answer);
  }
}
