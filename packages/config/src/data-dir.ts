import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root, so `./.data` means the same folder whichever workspace a service is started from. */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

export function resolveDataDir(value: string | undefined): string {
  return path.resolve(repositoryRoot, value ?? '.data')
}
