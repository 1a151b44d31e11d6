import type { TimelineStep } from '../../utils/caseTimeline';

/** The seven steps of a declaration, top to bottom, each marked done / under way / not yet. */
Component({
  properties: {
    steps: { type: Array, value: [] as TimelineStep[] },
  },
});
