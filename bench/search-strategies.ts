// `npx tsx bench/search-strategies.ts`: full-text search against trigrams for the tasks api's `q`, at the SQL level, on
// 100,000 tasks of one user (docs/decisions/009-task-search.md). JSON lines on stdout, progress on stderr. Not part
// of `npm run bench`: it settles a choice once, and needs pg_trgm, which the api does not install.
import { createMigratedDatabase } from '@tasklane/test-kit/postgres-database'
import { startThrowawayEmbeddedDatabase } from '@tasklane/test-kit/throwaway-embedded-database'
import pg from 'pg'
import { searchTermsOf, toPrefixTsquery } from '../apps/api/src/tasks/task-search.ts'
import { round } from './measure.ts'
import { insertSearchableTasks, SEARCHES } from './searchable-tasks.ts'

const TASKS = Number(process.env.BENCH_LARGE_TASKS ?? 100_000)
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 300)
const progress = (message: string) => console.error(`[search-strategies] ${message}`)
const print = (line: object) => console.log(JSON.stringify({ ...line, node: process.version }))

const COLUMNS = 'id, user_id, title, description, completed, created_at, updated_at, due_on, priority, position'

interface Strategy {
  name: string
  /** The condition for one search, with its parameters numbered from $2 ($1 is the owner). */
  where(q: string): { sql: string; params: string[] }
}

const STRATEGIES: Strategy[] = [
  {
    // What the api does: the stored tsvector column, its GIN index, a prefix tsquery (task-search.ts).
    name: 'full-text',
    where: (q) => ({ sql: `search @@ to_tsquery('tasklane_search'::regconfig, $2)`, params: [toPrefixTsquery(searchTermsOf(q))] }),
  },
  {
    // The usual trigram search: each term a substring of the lower-cased, unaccented text, through a GIN trigram index.
    name: 'trigram',
    where: (q) => {
      const terms = searchTermsOf(q)
      return {
        sql: terms.map((_, index) => `tasklane_trigram_text(title, description) like '%' || tasklane_trigram_key($${index + 2}) || '%'`).join(' and '),
        params: terms,
      }
    },
  },
]

const SORTS = { created_at: 'created_at desc, id desc', position: 'position asc, id asc' } as const

const database = await startThrowawayEmbeddedDatabase({ durable: true })
try {
  const { url } = await createMigratedDatabase(database.url, 'search_strategies')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`insert into "user" (id, name, email) values ('large', 'L', 'large@example.com'), ('small', 'S', 'small@example.com')`)
    progress(`inserting ${TASKS} tasks`)
    await insertSearchableTasks(url, 'large', TASKS)
    await insertSearchableTasks(url, 'small', 50)
    progress('building the trigram index')
    // The trigram side needs an immutable unaccent (unaccent() itself is only stable) to be indexable.
    await client.query(`create extension if not exists pg_trgm`)
    await client.query(
      `create function tasklane_trigram_key(text) returns text language sql immutable parallel safe strict
       as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`,
    )
    await client.query(
      `create function tasklane_trigram_text(title text, description text) returns text language sql immutable parallel safe
       as $$ select public.tasklane_trigram_key(title || ' ' || coalesce(description, '')) $$`,
    )
    const trigramStarted = performance.now()
    await client.query(`create index tasks_trigram_idx on tasks using gin (tasklane_trigram_text(title, description) gin_trgm_ops)`)
    const trigramBuild = round((performance.now() - trigramStarted) / 1000, 2)
    await client.query('analyze tasks')
    const sizes = await client.query<{ name: string; mb: number }>(
      `select relname as name, round(pg_relation_size(oid) / 1048576.0, 1)::float as mb from pg_class where relname in ('tasks', 'tasks_search_idx', 'tasks_trigram_idx')`,
    )
    print({ scenario: 'search-strategies/setup', tasks: TASKS, trigram_index_build_s: trigramBuild, sizes_mb: Object.fromEntries(sizes.rows.map((row) => [row.name, row.mb])) })

    for (const [sortName, orderBy] of Object.entries(SORTS)) {
      for (const [kind, q] of Object.entries(SEARCHES)) {
        for (const strategy of STRATEGIES) {
          for (const owner of ['small', 'large']) {
            const where = strategy.where(q)
            const statement = `select ${COLUMNS} from tasks where user_id = $1 and ${where.sql} order by ${orderBy} limit 51`
            const params = [owner, ...where.params]
            for (let warm = 0; warm < 10; warm++) await client.query(statement, params)
            const times: number[] = []
            let rows = 0
            for (let run = 0; run < RUNS; run++) {
              const started = performance.now()
              rows = (await client.query(statement, params)).rowCount ?? 0
              times.push(performance.now() - started)
            }
            const plan = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (format json) ${statement}`, params)
            const nodes = flatten(plan.rows[0]?.['QUERY PLAN'][0].Plan)
            times.sort((a, b) => a - b)
            print({
              scenario: 'search-strategies/page-1',
              strategy: strategy.name,
              sort: sortName,
              search: kind,
              q,
              tasks: owner === 'large' ? TASKS : 50,
              rows,
              p50_ms: round(percentile(times, 0.5), 2),
              p95_ms: round(percentile(times, 0.95), 2),
              plan: nodes.map((node) => `${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ''}`).join(' > '),
            })
          }
        }
      }
    }
  } finally {
    await client.end()
  }
} finally {
  await database.destroy()
}

interface PlanNode {
  'Node Type': string
  'Index Name'?: string
  Plans?: PlanNode[]
}

function flatten(plan: PlanNode | undefined): PlanNode[] {
  return plan === undefined ? [] : [plan, ...(plan.Plans ?? []).flatMap(flatten)]
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN
}
