import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { searchTermsOf, toPrefixTsquery } from './task-search.ts'

describe('searchTermsOf', () => {
  it('is no search for nothing, whitespace, or pieces without a letter or digit', () => {
    for (const q of [undefined, '', '   ', '\t\n', '\u00a0\u2003', '#', '- -', '🍪 !!', '&|!():*<->']) expect(searchTermsOf(q), JSON.stringify(q)).toEqual([])
  })

  it('splits at any whitespace and keeps each piece as sent', () => {
    expect(searchTermsOf('  Buy  milk\tTODAY ')).toEqual(['Buy', 'milk', 'TODAY'])
    expect(searchTermsOf('café\u3000naïve')).toEqual(['café', 'naïve'])
    expect(searchTermsOf("o'neil co-op #42 🍪cookie -")).toEqual(["o'neil", 'co-op', '#42', '🍪cookie'])
    expect(searchTermsOf('日本語 Москва Ω')).toEqual(['日本語', 'Москва', 'Ω'])
  })
})

describe('toPrefixTsquery', () => {
  it('quotes each term as one lexeme with the prefix flag, joined by &', () => {
    expect(toPrefixTsquery(['buy', 'mil'])).toBe("'buy':* & 'mil':*")
    expect(toPrefixTsquery(['Café'])).toBe("'Café':*")
  })

  it('doubles quotes and backslashes, so no term can close its quotes or escape them', () => {
    expect(toPrefixTsquery(["o'neil"])).toBe("'o''neil':*")
    expect(toPrefixTsquery(['a\\'])).toBe("'a\\\\':*")
    expect(toPrefixTsquery(["x':*|!'y"])).toBe("'x'':*|!''y':*")
  })

  it('writes every term as exactly one quoted string: a quote inside is always doubled (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom("'", '\\', 'a', '&', '|', '!', ':', '*', '(', ')', '<', '-', '>', ' ', 'é') }), { minLength: 1, maxLength: 5 }), (terms) => {
        const query = toPrefixTsquery(terms)
        // Read it back the way to_tsquery reads quoted operands: inside quotes, '' is a quote and \x is x.
        const read: string[] = []
        let index = 0
        while (index < query.length) {
          expect(query[index]).toBe("'")
          let term = ''
          for (index++; ; index++) {
            const char = query[index]
            if (char === undefined) throw new Error(`unterminated: ${query}`)
            if (char === '\\') term += query[++index] ?? ''
            else if (char === "'" && query[index + 1] === "'") term += query[++index]
            else if (char === "'") break
            else term += char
          }
          read.push(term)
          expect(query.slice(index + 1, index + 3)).toBe(':*')
          index += 3
          if (index < query.length) {
            expect(query.slice(index, index + 3)).toBe(' & ')
            index += 3
          }
        }
        expect(read).toEqual(terms)
      }),
      { numRuns: 1000 },
    )
  })
})
