/**
 * Runs one credential-vault call in a process of its own and prints its Result as one JSON line:
 *   tsx test/support/vault-probe.ts <loadActive|saveActive|remove> [json argument]
 *
 * The keychain tests need fresh processes: a process binds to one D-Bus session for good, so the
 * cases without a bus, without a Secret Service, or with a broken libsecret each get their own.
 */
import { createKeytarVault } from '../../main/core/account/keytar-vault'

async function main(): Promise<void> {
  const [op, arg] = process.argv.slice(2)
  const vault = createKeytarVault()
  const result =
    op === 'loadActive'
      ? await vault.loadActive()
      : op === 'saveActive'
        ? await vault.saveActive(JSON.parse(arg ?? '{}'))
        : op === 'remove'
          ? await vault.remove(arg ?? '')
          : null
  if (result === null) throw new Error(`unknown operation ${op}`)
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`vault-probe: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(70)
})
