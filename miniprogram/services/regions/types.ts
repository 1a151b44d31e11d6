export interface Region {
  /** 12-digit NBS code for towns and villages. */
  code: string;
  name: string;
  level: string;
  /** Present on search results, so two villages with one name can be told apart. */
  townName?: string;
}
