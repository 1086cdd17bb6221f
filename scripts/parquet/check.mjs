// Reads a Parquet export with hyparquet and checks it against the
// emulator's own answers (see scripts/parquet-check.sh).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(path.join(process.env.NODE_PATH, 'x.js'))
const { parquetReadObjects, parquetMetadata } = await import(require.resolve('hyparquet'))

const [file, expectFile, rowFile] = process.argv.slice(2)
const buf = readFileSync(file)
const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
const fail = (msg) => { console.error('parquet check failed: ' + msg); process.exit(1) }

const meta = parquetMetadata(ab)
const names = meta.schema.slice(1).map((s) => s.name)
const wantNames = ['uniquekey', 'transaction', 'item', 'quantity', 'netamount', 'mainline', 'memo']
if (names.join() !== wantNames.join()) fail(`columns ${names} want ${wantNames}`)

const rows = await parquetReadObjects({ file: ab })
const expect = JSON.parse(readFileSync(expectFile, 'utf8'))[0]
if (rows.length !== Number(expect.n)) fail(`${rows.length} rows, the emulator has ${expect.n}`)

let keys = 0n, amount = 0, items = 0, mains = 0
for (const r of rows) {
  keys += BigInt(r.uniquekey)
  if (r.netamount != null) amount += r.netamount
  if (r.item != null) items++
  if (r.mainline === true) mains++
  if (typeof r.mainline !== 'boolean') fail(`mainline ${r.mainline} is not a boolean`)
}
if (keys !== BigInt(expect.keys)) fail(`sum of uniquekey ${keys}, want ${expect.keys}`)
if (items !== Number(expect.items)) fail(`${items} rows with an item, want ${expect.items} (NULLs must stay null)`)
if (mains !== Number(expect.mains)) fail(`${mains} main lines, want ${expect.mains}`)
if (Math.abs(amount - Number(expect.amount)) > 1e-6 * Math.max(1, Math.abs(Number(expect.amount)))) {
  fail(`sum of netamount ${amount}, want ${expect.amount}`)
}
const want = JSON.parse(readFileSync(rowFile, 'utf8'))[0]
const got = rows.find((r) => BigInt(r.uniquekey) === BigInt(want.uniquekey))
if (!got) fail(`row ${want.uniquekey} missing`)
for (const [k, v] of Object.entries(want)) {
  const g = got[k]
  const same = k === 'mainline' ? g === (v === 'T') : (typeof g === 'bigint' ? g === BigInt(v) : (typeof g === 'number' ? Math.abs(g - Number(v)) < 1e-9 : g === v))
  if (!same) fail(`row ${want.uniquekey} column ${k}: ${g} want ${v}`)
}
console.log(`parquet: ${rows.length} rows, columns ${names.join(', ')}, values match the emulator`)
