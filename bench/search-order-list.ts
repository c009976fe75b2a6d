import { drizzle } from 'drizzle-orm/node-postgres'
import { createTaskRepository } from '../apps/api/src/tasks/task-repository.ts'
import { toTaskListing } from '../apps/api/src/tasks/task-listing.ts'
import { listTasksQuery } from '../apps/api/src/tasks/task-schemas.ts'
import { withDatabase } from './databases.ts'
import { combine, measure, type RequestTarget, type Run, round, type Stats } from './measure.ts'
import { insertSearchableTasks, SEARCHES } from './searchable-tasks.ts'
import { type BenchUser, signUpUser } from './seed.ts'
import type { Stack } from './stack.ts'

/** The client's calendar day the date views are asked for (the tasks' due dates are spread around it). */
const TODAY = new Date().toISOString().slice(0, 10)

/**
 * The listings measured: a search for each kind of word (newest first, the default order), the own order, each date
 * view in its default order, and the Inbox (`list=inbox`) newest first and in the own order.
 */
const LISTINGS: Record<string, Record<string, string>> = {
  'q-common': { q: SEARCHES.common },
  'q-rare': { q: SEARCHES.rare },
  'q-prefix': { q: SEARCHES.prefix },
  'sort-position': { sort: 'position' },
  'view-today': { view: 'today', today: TODAY },
  'view-upcoming': { view: 'upcoming', today: TODAY },
  'view-overdue': { view: 'overdue', today: TODAY },
  'view-no_date': { view: 'no_date' },
  // One list: the seeded tasks are all in the Inbox, so these read every task through the list filter.
  inbox: { list: 'inbox' },
  'inbox-position': { list: 'inbox', sort: 'position' },
}

export interface SearchOrderLine {
  scenario: string
  connections: number
  /** `tasks=50` against `tasks=<count>` for the same listing. */
  small: Stats
  large: Stats
  large_tasks: number
  /** The large user's p95 over the small user's: the goal is at most 1.5. */
  p95_ratio: number
  p95_within_1_5x: boolean
  /** The indexes PostgreSQL's plan for the large user's page 1 reads, and the query's own time in it (EXPLAIN ANALYZE). */
  plan_indexes: string[]
  plan_nodes: string
  plan_execution_ms: number
}

/**
 * Page 1 of a search (`q`: a common word, a rare one, a prefix) and of the own order (`sort=position`) for a user with
 * `count` tasks against a user with 50, each listing measured in alternation (two rounds each), with the plan its query
 * gets for the large user, so the figures say which index served them.
 */
export async function measureSearchAndOrder(stack: Stack, count: number, connections: number, seconds: number): Promise<SearchOrderLine[]> {
  const [small, large] = await Promise.all([signUpUser(stack.auth.url), signUpUser(stack.auth.url)])
  await insertSearchableTasks(stack.databaseUrl, small.userId, 50, TODAY)
  await insertSearchableTasks(stack.databaseUrl, large.userId, count, TODAY)

  const target = (user: BenchUser, query: Record<string, string>): RequestTarget => ({
    url: `${stack.api.url}/api/${user.userId}/tasks?${new URLSearchParams(query)}`,
    headers: { cookie: user.cookie },
    expectedStatus: 200,
  })
  const lines: SearchOrderLine[] = []
  for (const [name, query] of Object.entries(LISTINGS)) {
    await measure(target(large, query), connections, 0.3)
    const smallRuns: Run[] = []
    const largeRuns: Run[] = []
    for (let round = 0; round < 2; round++) {
      smallRuns.push(await measure(target(small, query), connections, seconds))
      largeRuns.push(await measure(target(large, query), connections, seconds))
    }
    const [smallStats, largeStats] = [combine(smallRuns), combine(largeRuns)]
    const plan = await explainPage1(stack.databaseUrl, large.userId, query)
    const ratio = round(largeStats.p95_ms / smallStats.p95_ms, 2)
    lines.push({
      scenario: `api/list-${name}`,
      connections,
      small: smallStats,
      large: largeStats,
      large_tasks: count,
      p95_ratio: ratio,
      p95_within_1_5x: ratio <= 1.5,
      plan_indexes: [...new Set(plan.nodes.flatMap((node) => (node['Index Name'] ? [node['Index Name']] : [])))],
      plan_nodes: plan.nodes.map((node) => `${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ''}`).join(' > '),
      plan_execution_ms: plan.executionMs,
    })
  }
  return lines
}

interface PlanNode {
  'Node Type': string
  'Index Name'?: string
  Plans?: PlanNode[]
}

/**
 * EXPLAIN (ANALYZE) of the statement the task repository runs for page 1 of `query` (limit 50 + 1), captured from the
 * repository itself, so the plan is that of the api's own SQL.
 */
async function explainPage1(databaseUrl: string, userId: string, query: Record<string, string>): Promise<{ nodes: PlanNode[]; executionMs: number }> {
  return withDatabase(databaseUrl, async (client) => {
    const captured: { sql: string; params: unknown[] }[] = []
    const repository = createTaskRepository(drizzle({ client, logger: { logQuery: (sql, params) => captured.push({ sql, params }) } }))
    const listing = toTaskListing(listTasksQuery.parse(query))
    await repository.list({ ...listing, ownerId: userId, limit: listing.limit + 1, after: undefined })
    const [statement] = captured
    if (statement === undefined) throw new Error('the repository ran no statement')
    const result = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(`explain (analyze, format json) ${statement.sql}`, statement.params)
    const [explained] = result.rows[0]?.['QUERY PLAN'] ?? []
    const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)]
    return { nodes: explained ? flatten(explained.Plan) : [], executionMs: round(explained?.['Execution Time'] ?? Number.NaN, 2) }
  })
}
