import { withDatabase } from './databases.ts'

/**
 * Words of a to-do list, most frequent first, with accented ones among them (searched without their accents). Each
 * task draws its words with a skew towards the start of the list, so some words are in many tasks and most in few.
 */
const VOCABULARY = [
  'meeting', 'call', 'email', 'buy', 'review', 'report', 'update', 'fix', 'plan', 'book', 'pay', 'send', 'schedule', 'clean',
  'write', 'read', 'prepare', 'check', 'order', 'renew', 'cancel', 'return', 'organize', 'repair', 'reply', 'research', 'submit',
  'invoice', 'groceries', 'dentist', 'doctor', 'car', 'insurance', 'taxes', 'budget', 'presentation', 'project', 'client', 'team',
  'garden', 'laundry', 'kitchen', 'birthday', 'gift', 'flight', 'hotel', 'ticket', 'passport', 'bank', 'rent', 'bills',
  'subscription', 'backup', 'laptop', 'phone', 'printer', 'password', 'café', 'résumé', 'naïve', 'Zürich', 'Müller', 'crème',
  'brûlée', 'São', 'Paulo', 'déjà', 'señor', 'piñata', 'jalapeño', 'über', 'façade',
]

/** The searches measured: a word in about one task in eleven, a word in one task in 20,000, and the start of several words (one task in six). */
export const SEARCHES = {
  common: 'review',
  rare: 'quokka',
  prefix: 'rep',
} as const
export type SearchKind = keyof typeof SEARCHES

// The long tail: 4,096 made-up words of three syllables (none starts like a word above, or like the rare word), the
// first ones more frequent than the last, as the words of real lists are. With them the statistics PostgreSQL keeps on
// the search column look like those of real text (hundreds of frequent words, then many rare ones), which is what
// its planner estimates a search's selectivity from.
const SYLLABLES = ['ka', 'lo', 'mi', 'nu', 'te', 'vo', 'zi', 'gu']

/**
 * `count` tasks for one user in one statement, the way `insertTasks` (seed.ts) makes them, but with titles and
 * descriptions of words: three or four words of title, every other task a description of four to six more and an
 * order number, and the rare word in one task in 20,000. Six words in ten come from the list above, the others from
 * the long tail. Deterministic (a hash of the task's number, not random()), so every run searches the same text.
 * `position` as migration 0004 gives existing tasks: newest first. One task in four has no due date; the others fall from
 * 20 days before `today` to 40 after, and priorities cycle.
 */
export async function insertSearchableTasks(databaseUrl: string, userId: string, count: number, today = new Date().toISOString().slice(0, 10)): Promise<void> {
  await withDatabase(databaseUrl, async (client) => {
    // A number in [0, 1) from the hash of (task g, slot k), raised to a power > 1 to favour the first words of a list.
    const draw = (k: number, power: number) => `power((abs(hashint8(g::bigint * 64 + ${k})) % 1000003) / 1000003.0, ${power})`
    const pick = (list: string, k: number, power: number) => `(${list})[1 + floor(array_length(${list}, 1) * ${draw(k, power)})::int]`
    const tail = (k: number) => [0, 1, 2].map((s) => pick('$4::text[]', k * 4 + s + 1, s === 0 ? 2 : 1)).join(' || ')
    const word = (k: number) => `case when abs(hashint8(g::bigint * 64 + ${k * 4})) % 10 < 6 then ${pick('$3::text[]', k * 4, 2.2)} else ${tail(k)} end`
    await client.query(
      `insert into tasks (user_id, title, description, completed, created_at, updated_at, position, due_on, priority)
       select $1,
              initcap(${word(1)}) || ' ' || ${word(2)} || ' ' || ${word(3)} || case when g % 3 = 0 then ' ' || ${word(4)} else '' end
                || case when g % 20000 = 7 then ' ${SEARCHES.rare}' else '' end,
              case when g % 2 = 0 then ${word(5)} || ' ' || ${word(6)} || ' ' || ${word(7)} || ' ' || ${word(8)}
                || case when g % 4 = 0 then ' ' || ${word(9)} || ' ' || ${word(10)} else '' end || ' #' || (abs(hashint8(g::bigint)) % 100000) end,
              g % 4 = 0, now() - make_interval(secs => g), now() - make_interval(secs => g), g,
              case when g % 4 = 1 then null else $5::date + ((abs(hashint8(g::bigint * 64 + 63)) % 61)::int - 20) end,
              (g % 4)::smallint
       from generate_series(1, $2::int) as g`,
      [userId, count, VOCABULARY, SYLLABLES, today],
    )
    // Vacuumed as well as analyzed: it moves the new rows' lexemes from the GIN index's pending list into the index proper,
    // as autovacuum would soon, so the measurements do not share the machine with it, nor read a long pending list.
    if (count > 10_000) await client.query('vacuum analyze tasks')
  })
}
