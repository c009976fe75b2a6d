import net from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmbeddedDatabase, startEmbeddedDatabase } from './embedded-database.ts'

const message = (type: string, body: Buffer) => {
  const header = Buffer.alloc(5)
  header.write(type, 0)
  header.writeInt32BE(4 + body.length, 1)
  return Buffer.concat([header, body])
}

/** A raw client that starts a session, sends one message, and disconnects without the Sync it owes. */
async function abandonAfter(port: number, payload: Buffer) {
  const socket = net.connect(port, '127.0.0.1')
  await new Promise((resolve) => socket.once('connect', resolve))
  const parameters = Buffer.from('user\0postgres\0database\0postgres\0\0')
  const startup = Buffer.alloc(8)
  startup.writeInt32BE(8 + parameters.length, 0)
  startup.writeInt32BE(196608, 4)
  socket.write(Buffer.concat([startup, parameters]))
  await new Promise((resolve) => socket.once('data', resolve))
  socket.write(payload)
  await new Promise((resolve) => setTimeout(resolve, 200))
  socket.destroy()
}

describe('the embedded database over the wire', () => {
  let database: EmbeddedDatabase
  let pool: pg.Pool
  beforeAll(async () => {
    database = await startEmbeddedDatabase({ dataDir: undefined, port: 0 })
    pool = new pg.Pool({ connectionString: database.url, max: 16 })
  }, 60_000)
  afterAll(async () => {
    await pool?.end()
    await database?.stop()
  })

  it('keeps 2,000 concurrent parameterised queries from 16 connections apart', async () => {
    const answers = await Promise.all(
      Array.from({ length: 2_000 }, (_, index) => pool.query<{ v: number; s: string }>('select $1::int as v, $2::text as s', [index, `s${index}`])),
    )
    expect(answers.filter((answer, index) => answer.rows[0]?.v !== index || answer.rows[0]?.s !== `s${index}`)).toEqual([])
  })

  it.each([
    ['a malformed Parse', message('P', Buffer.from([1, 2, 3]))],
    ['a malformed Bind', message('B', Buffer.alloc(50, 0xff))],
  ])('still answers everyone else after a client sends %s and disconnects', async (_name, payload) => {
    await abandonAfter(database.port, payload)
    const answer = await Promise.race([
      pool.query<{ ok: number }>('select 1 as ok'),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the embedded database stalled')), 3_000)),
    ])
    expect(answer.rows[0]?.ok).toBe(1)
  })
})
