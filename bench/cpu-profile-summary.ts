// `npx tsx bench/cpu-profile-summary.ts FILE.cpuprofile [top] [skip-seconds]`: where a `node --cpu-prof` profile
// spent its time. Self time by function, and inclusive time by package (node_modules/<name>) or Tasklane file.
// `skip-seconds` leaves out the start (module loading, migrations) so only the time under load counts.
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

const [file, topArgument, skipArgument] = process.argv.slice(2)
if (!file) {
  console.error('usage: tsx bench/cpu-profile-summary.ts FILE.cpuprofile [top] [skip-seconds]')
  process.exit(1)
}
const top = Number(topArgument ?? 25)
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
const skipUs = Number(skipArgument ?? 0) * 1e6
// Hits per node, counted only from samples taken after the skipped start.
const hitsById = new Map<number, number>()
let elapsedUs = 0
let counted = 0
for (const [index, nodeId] of profile.samples.entries()) {
  elapsedUs += profile.timeDeltas[index] ?? 0
  if (elapsedUs < skipUs) continue
  counted++
  hitsById.set(nodeId, (hitsById.get(nodeId) ?? 0) + 1)
}
const totalMs = (profile.endTime - profile.startTime - Math.min(skipUs, elapsedUs)) / 1000
const msPerSample = totalMs / Math.max(1, counted)
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const parent = new Map<number, number>()
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)

const where = (url: string) => {
  const modules = url.lastIndexOf('node_modules/')
  if (modules !== -1) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/')
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url)
  }
  if (url.startsWith('node:')) return url
  if (url.includes('/work/') || url.startsWith('file://')) return url.replace(/^.*\/(apps|packages|bench)\//, '$1/')
  return url || '(native)'
}

const self = new Map<string, number>()
const inclusiveByPlace = new Map<string, number>()
const inclusiveByFunction = new Map<string, number>()
let idle = 0
for (const node of profile.nodes) {
  const hits = hitsById.get(node.id) ?? 0
  if (hits === 0) continue
  const { functionName, url, lineNumber } = node.callFrame
  if (functionName === '(idle)') {
    idle += hits
    continue
  }
  const key = `${functionName || '(anonymous)'} ${where(url)}:${lineNumber + 1}`
  self.set(key, (self.get(key) ?? 0) + hits)
  // Inclusive by place: count each sample once per distinct place on its stack.
  const seen = new Set<string>()
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const frame = byId.get(id)?.callFrame
    if (!frame) break
    const place = where(frame.url)
    const fn = `${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`
    for (const [map, key] of [[inclusiveByPlace, place], [inclusiveByFunction, fn]] as const) {
      if (seen.has(key)) continue
      seen.add(key)
      map.set(key, (map.get(key) ?? 0) + hits)
    }
  }
}

const busy = counted - idle
const show = (entries: Map<string, number>) =>
  [...entries.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, hits]) => `${((hits / busy) * 100).toFixed(1).padStart(5)}%  ${(hits * msPerSample).toFixed(0).padStart(6)} ms  ${key}`)
    .join('\n')

console.log(`${file}: ${totalMs.toFixed(0)} ms profiled, ${((busy / Math.max(1, counted)) * 100).toFixed(0)}% busy`)
console.log(`\nself time (share of busy time):\n${show(self)}`)
console.log(`\ninclusive time by package or file:\n${show(inclusiveByPlace)}`)
const named = new Map([...inclusiveByFunction].filter(([key]) => !key.startsWith('(') && !/ node:|\(native\)/.test(key)))
console.log(`\ninclusive time by function (outside Node's own modules):\n${show(named)}`)
