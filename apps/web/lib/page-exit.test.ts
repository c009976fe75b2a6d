import { describe, expect, it } from 'vitest'
import { createPageExit } from './page-exit'

describe('pageExit', () => {
  const recording = () => {
    const visited: string[] = []
    return { visited, exit: createPageExit((url) => visited.push(url)) }
  }

  it('navigates once: a second reason to leave does not abort the first navigation', () => {
    const { visited, exit } = recording()
    exit.leaveFor('/sign-in')
    exit.leaveForExpiredSession('/sign-in?next=%2Fdashboard')
    exit.leaveFor('/elsewhere')
    expect(visited).toEqual(['/sign-in'])
  })

  it('during a sign-out a 401 does not navigate; the sign-out does', () => {
    const { visited, exit } = recording()
    exit.beginSignOut()
    exit.leaveForExpiredSession('/sign-in?next=%2Fdashboard')
    exit.leaveFor('/sign-in')
    expect(visited).toEqual(['/sign-in'])
  })

  it('after a failed sign-out a 401 navigates again', () => {
    const { visited, exit } = recording()
    const failed = exit.beginSignOut()
    failed()
    exit.leaveForExpiredSession('/sign-in?next=%2Fdashboard')
    expect(visited).toEqual(['/sign-in?next=%2Fdashboard'])
  })
})
