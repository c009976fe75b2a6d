declare module 'vitest' {
  export interface ProvidedContext {
    /** The database this integration project runs against, migrated. */
    databaseUrl: string
    databaseKind: 'embedded' | 'postgres'
  }
}
export {}
