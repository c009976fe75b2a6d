import { tasks } from '@tasklane/db/schema'
import { desc, eq } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import { withDatabase } from './databases.ts'
import { combine, measure, type RequestTarget, type Run, type Stats } from './measure.ts'
import { type BenchUser, insertTasks, signUpUser } from './seed.ts'
import type { Stack } from './stack.ts'

export interface LargeListResult {
  small: Stats
  large: Stats
  plan: string[]
  indexUsed: boolean
  insertSeconds: number
}

/**
 * Page 1 of the list for a user with `count` tasks against the same page for a user with 50,
 * measured in alternation (two rounds each), plus the plan PostgreSQL chooses for the list query.
 */
export async function measureLargeList(stack: Stack, reader: BenchUser, count: number, connections: number, seconds: number): Promise<LargeListResult> {
  const large = await signUpUser(stack.auth.url)
  const started = performance.now()
  await insertTasks(stack.databaseUrl, large.userId, count)
  const insertSeconds = (performance.now() - started) / 1000

  const target = (user: BenchUser): RequestTarget => ({ url: `${stack.api.url}/api/${user.userId}/tasks`, headers: { cookie: user.cookie }, expectedStatus: 200 })
  await measure(target(large), connections, 0.3)
  const smallRuns: Run[] = []
  const largeRuns: Run[] = []
  for (let round = 0; round < 2; round++) {
    smallRuns.push(await measure(target(reader), connections, seconds))
    largeRuns.push(await measure(target(large), connections, seconds))
  }
  const plan = await explainListQuery(stack.databaseUrl, large.userId)
  return {
    small: combine(smallRuns),
    large: combine(largeRuns),
    plan,
    indexUsed: plan.some((line) => line.includes('tasks_user_created_idx')),
    insertSeconds,
  }
}

/**
 * EXPLAIN (ANALYZE) of the query the api runs for page 1 (default sort `created_at desc`, limit 50 + 1 to
 * detect a next page), built with the same schema and query builder as the task repository.
 */
async function explainListQuery(databaseUrl: string, userId: string): Promise<string[]> {
  return withDatabase(databaseUrl, async (client) => {
    const query = drizzle({ client })
      .select()
      .from(tasks)
      .where(eq(tasks.userId, userId))
      .orderBy(desc(tasks.createdAt), desc(tasks.id))
      .limit(51)
      .toSQL()
    const result = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.sql}`, query.params)
    return [query.sql, ...result.rows.map((row) => row['QUERY PLAN'])]
  })
}
