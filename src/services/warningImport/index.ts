export { analyseWarnings, MAX_BYTES, MAX_ROWS } from './analyse';
export { commitWarnings, WARNING_FILED, WARNING_LINKED } from './commit';
export { previewView } from './views';
