import type { TimelineStep } from '../../services/cases/types';

/** The seven steps of a declaration as the server words them, top to bottom, each done / under way / not yet. */
Component({
  properties: {
    steps: { type: Array, value: [] as TimelineStep[] },
  },
});
