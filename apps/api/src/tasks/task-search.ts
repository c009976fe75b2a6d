/** The longest `q` the api takes, in UTF-16 code units as JavaScript counts a string (like a title's 200). */
export const SEARCH_MAX = 200

// A piece of a search holds a word only if it has a letter or a digit: PostgreSQL's parser finds none in the others
// (punctuation, emoji), so "#", "-" or "🍪" alone search for nothing, as whitespace does.
const HAS_WORD = /[\p{L}\p{N}]/u

/**
 * The terms of a search: `q` split at whitespace, keeping the pieces with a word in them, as sent (case and accents are
 * PostgreSQL's to fold, the same way for the query as for the documents). Empty when there is nothing to search for:
 * the listing is then not a search at all.
 */
export function searchTermsOf(q: string | undefined): string[] {
  if (q === undefined) return []
  return q.split(/\s+/u).filter((piece) => HAS_WORD.test(piece))
}

/**
 * A query in `to_tsquery`'s syntax that matches a document having, for every term, a word that starts with it.
 *
 * Each term becomes one quoted lexeme with the prefix flag, `'term':*`, joined by `&`. Inside quotes, tsquery syntax
 * ends only at a quote that is not doubled, and a backslash escapes the next character; both are doubled here, so
 * whatever a term holds (`&`, `|`, `!`, `(`, `:*`, `<->`, quotes) is text, never an operator. `to_tsquery` then runs
 * each quoted term through the search configuration, as the documents were: lower case, accents removed, and split
 * where the parser splits words (`co-op` becomes `'co-op':* <-> 'co':* <-> 'op':*`, `o'neil` `'o':* <-> 'neil':*`).
 */
export function toPrefixTsquery(terms: readonly string[]): string {
  return terms.map((term) => `'${term.replaceAll('\\', '\\\\').replaceAll("'", "''")}':*`).join(' & ')
}
