declare module 'vitest' {
  export interface ProvidedContext {
    /** The database this integration project runs against, migrated. */
    databaseUrl: string
    databaseKind: 'embedded' | 'postgres'
    /** Where this project's services log, scanned for secrets after the run (tests/setup/log-scan.ts). */
    serviceLogDir: string
  }
}
export {}
