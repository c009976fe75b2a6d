import { z } from '@hono/zod-openapi'
import { TASK_PRIORITIES } from '../tasks/task-schemas.ts'

const isoTime = z.iso.datetime({ offset: true })

export const exportParams = z.object({
  userId: z.string().openapi({ param: { name: 'userId', in: 'path' }, description: 'The signed-in user; any other is 403.' }),
})

const exportedProfile = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    email_verified: z.boolean(),
    created_at: isoTime,
  })
  .openapi('ExportedProfile')

const exportedList = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    position: z.number(),
    created_at: isoTime,
    updated_at: isoTime,
  })
  .openapi('ExportedList')

const exportedTask = z
  .strictObject({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    completed: z.boolean(),
    due_on: z.iso.date().nullable(),
    priority: z.enum(TASK_PRIORITIES),
    position: z.number(),
    list_id: z.uuid().nullable().openapi({ description: 'One of `lists`, or null for the Inbox.' }),
    created_at: isoTime,
    updated_at: isoTime,
  })
  .openapi('ExportedTask')

export const accountExport = z
  .strictObject({
    format: z.literal('tasklane-export/1'),
    exported_at: isoTime,
    profile: exportedProfile,
    lists: z.array(exportedList),
    tasks: z.array(exportedTask),
  })
  .openapi('AccountExport')

export type AccountExport = z.infer<typeof accountExport>
export type ExportedProfile = z.infer<typeof exportedProfile>
export type ExportedList = z.infer<typeof exportedList>
export type ExportedTask = z.infer<typeof exportedTask>
