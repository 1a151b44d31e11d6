import {
  answersToPayload,
  Answers,
  applicableQuestions,
  nextQuestion,
  Question,
  QuestionnaireDefinition,
  questionAfter,
  questionBefore,
} from '../shared/questionnaireWalker';
import { answerText } from './answerText';
import type { DeclareDraft } from './draft';
import type { AnswerValue } from './validateAnswer';

export const SUMMARY = 'summary';

export interface SummaryRow {
  id: string;
  label: string;
  value: string;
}

export type AfterAnswer = 'question' | 'summary' | 'ended';

/**
 * Where a resident is in the questionnaire and what they answered: the declare page's state,
 * kept free of wx so every rule here is plain to test. One question at a time; back always works;
 * answers survive going back, so a changed branch only hides them (answersToPayload skips them).
 */
export class DeclareFlow {
  /** Set when the resident came from the summary's 修改: after answering, go back to the summary. */
  private returnToSummary = false;

  private constructor(
    readonly def: QuestionnaireDefinition,
    public answers: Answers,
    /** The question id on screen, or SUMMARY. */
    public at: string,
    public villageName: string,
  ) {}

  /**
   * A saved draft wins (a resident who closed WeChat comes back to the same screen). Without
   * one, 帮家人申报 opens the first question with "2 帮家人申报" already chosen: the consent
   * text on that screen is still shown and confirmed with one tap.
   */
  static start(def: QuestionnaireDefinition, draft: DeclareDraft | null, mode: 'self' | 'family'): DeclareFlow {
    if (draft) {
      const flow = new DeclareFlow(def, { ...draft.answers }, draft.at, draft.villageName);
      if (!flow.atIsValid()) flow.at = nextQuestion(def, flow.answers)?.id ?? SUMMARY;
      return flow;
    }
    const answers: Answers = mode === 'family' ? { start: '2' } : {};
    return new DeclareFlow(def, answers, applicableQuestions(def, answers)[0]?.id ?? SUMMARY, '');
  }

  private atIsValid(): boolean {
    if (this.at === SUMMARY) return nextQuestion(this.def, this.answers) === null;
    return applicableQuestions(this.def, this.answers).some((q) => q.id === this.at);
  }

  current(): Question | null {
    return this.at === SUMMARY ? null : (this.def.questions.find((q) => q.id === this.at) ?? null);
  }

  isFirst(): boolean {
    return this.at === applicableQuestions(this.def, this.answers)[0]?.id;
  }

  /** 1-based position of the question on screen among those that apply now, and how many apply. */
  position(): { index: number; total: number } {
    const list = applicableQuestions(this.def, this.answers);
    const index = this.at === SUMMARY ? list.length : list.findIndex((q) => q.id === this.at) + 1;
    return { index, total: list.length };
  }

  /** Records a validated answer to the question on screen and moves on. */
  answer(value: AnswerValue, villageName?: string): AfterAnswer {
    const q = this.current();
    if (!q) return SUMMARY;
    if (q.options?.find((o) => o.value === value)?.ends) return 'ended';
    this.answers[q.id] = value;
    if (villageName !== undefined) this.villageName = villageName;
    const next = this.returnToSummary ? nextQuestion(this.def, this.answers) : questionAfter(this.def, this.answers, q.id);
    if (!next) this.returnToSummary = false;
    this.at = next?.id ?? SUMMARY;
    return next ? 'question' : SUMMARY;
  }

  /** One step back; false on the first question, where "back" means leaving the page. */
  back(): boolean {
    if (this.at === SUMMARY) {
      const list = applicableQuestions(this.def, this.answers);
      if (!list.length) return false;
      this.at = list[list.length - 1].id;
      return true;
    }
    const previous = questionBefore(this.def, this.answers, this.at);
    if (!previous) return false;
    this.at = previous.id;
    return true;
  }

  /** From the summary's 修改 button. */
  edit(questionId: string): void {
    this.at = questionId;
    this.returnToSummary = true;
  }

  summaryRows(): SummaryRow[] {
    return applicableQuestions(this.def, this.answers)
      .filter((q) => this.answers[q.id] !== undefined)
      .map((q) => ({ id: q.id, label: q.label, value: answerText(q, this.answers, this.villageName) }));
  }

  payload(): Record<string, unknown> {
    return answersToPayload(this.def, this.answers);
  }

  toDraft(): Omit<DeclareDraft, 'savedAt'> {
    return { version: this.def.version, answers: this.answers, at: this.at, villageName: this.villageName };
  }
}
