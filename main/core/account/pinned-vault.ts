import { fail } from '../result'
import type { CredentialVault } from './credential-vault'

/**
 * The vault as one call sees it when it speaks for a chosen account (`--account`): that account in
 * place of the active one, and the active marker never moved. Everything built on the vault (a Plex
 * JWT renewed, a token plex.tv refused and removed) then works on the chosen account as it would on
 * the active one.
 */
export function vaultPinnedTo(vault: CredentialVault, accountKey: string): CredentialVault {
  return {
    ...vault,
    loadActive: () => vault.load(accountKey),
    // A renewal of the chosen account's token: saved in place, never made active.
    saveActive: (credential) =>
      credential.accountKey === accountKey
        ? vault.save(credential)
        : Promise.resolve(fail('invalid-state', 'Another account cannot be saved while one is chosen for this call.')),
    // Whatever its shape, the chosen account's entry is the one to clean up (its key is known).
    discardActive: () => vault.remove(accountKey),
  }
}
