/**
 * 部门筛查预警: a department's list of households at risk, read column by column, row by row —
 * pure rules; reading files and the database is src/services/warningImport.
 */
export * from './columns';
export * from './reason';
export * from './rows';
export * from './villages';
export * from './key';
