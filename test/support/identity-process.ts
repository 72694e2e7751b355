import { createInterface } from 'node:readline'
import { loadClientIdentity } from '../../main/core/account/client-identity'

// One process loading the client identity from the config directory named in argv, as the app and
// the CLI do at start. It loads its modules first, says "ready", and starts on the first line of
// stdin, so a test can start several together; it prints the result as one JSON line.
const configDir = process.argv[2] ?? ''
process.stdout.write('ready\n')
createInterface({ input: process.stdin }).once('line', () => {
  void loadClientIdentity({ configDir, version: '1.0.0' }).then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`)
    process.exit(0)
  })
})
