import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { comesBefore, liesBetween, type Placed, POSITION_STEP, positionBetween } from './task-position.ts'

describe('positionBetween', () => {
  it('puts a task one step past its only neighbour, and at 0 in an empty list', () => {
    expect(positionBetween(undefined, undefined)).toBe(0)
    expect(positionBetween(undefined, 5)).toBe(5 - POSITION_STEP)
    expect(positionBetween(5, undefined)).toBe(5 + POSITION_STEP)
    expect(positionBetween(undefined, -1e15)).toBe(-1e15 - POSITION_STEP)
  })

  it('halves the gap between two neighbours', () => {
    expect(positionBetween(1, 2)).toBe(1.5)
    expect(positionBetween(-3, 5)).toBe(1)
    expect(positionBetween(-1, 1)).toBe(0)
  })

  it('finds no room between equal neighbours, adjacent doubles, or neighbours in the wrong order', () => {
    expect(positionBetween(2, 2)).toBeUndefined()
    expect(positionBetween(1, 1 + Number.EPSILON)).toBeUndefined()
    expect(positionBetween(3, 1)).toBeUndefined()
    // Past the largest doubles a step is lost (or is infinite): no room either.
    expect(positionBetween(Number.MAX_VALUE, undefined)).toBeUndefined()
    expect(positionBetween(undefined, -Number.MAX_VALUE)).toBeUndefined()
  })

  it('runs out of room after about 50 halvings of a gap of one step, never returning a neighbour or a number outside', () => {
    const above = 7
    let below = 8
    let moves = 0
    for (let position = positionBetween(above, below); position !== undefined; position = positionBetween(above, below)) {
      expect(position).toBeGreaterThan(above)
      expect(position).toBeLessThan(below)
      below = position
      moves++
    }
    expect(moves).toBeGreaterThan(40)
    expect(moves).toBeLessThan(60)
  })

  it('is strictly between any two finite neighbours when it answers (property)', () => {
    fc.assert(
      fc.property(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }), fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }), (above, below) => {
        const position = positionBetween(above, below)
        if (position === undefined) return
        expect(Number.isFinite(position)).toBe(true)
        if (above !== undefined) expect(position).toBeGreaterThan(above)
        if (below !== undefined) expect(position).toBeLessThan(below)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('the order of tasks', () => {
  const a: Placed = { id: '00000000-0000-4000-8000-00000000000a', position: 1 }
  const b: Placed = { id: '00000000-0000-4000-8000-00000000000b', position: 1 }
  const c: Placed = { id: '00000000-0000-4000-8000-000000000001', position: 2 }

  it('orders by position, then by id', () => {
    expect(comesBefore(a, b)).toBe(true)
    expect(comesBefore(b, a)).toBe(false)
    expect(comesBefore(b, c)).toBe(true)
    expect(comesBefore(c, a)).toBe(false)
    expect(comesBefore(a, a)).toBe(false)
  })

  it('tells whether a task already sits in a gap', () => {
    expect(liesBetween(b, a, c)).toBe(true)
    expect(liesBetween(a, b, c)).toBe(false)
    expect(liesBetween(a, undefined, b)).toBe(true)
    expect(liesBetween(c, b, undefined)).toBe(true)
    expect(liesBetween(c, undefined, a)).toBe(false)
    expect(liesBetween(a, undefined, undefined)).toBe(true)
  })
})
