import type { CredentialVault } from '../../main/core/account/credential-vault'
import { createKeytarVault, type KeytarVaultOptions } from '../../main/core/account/keytar-vault'
import type { PrivateKeyring } from './private-keyring'

/**
 * The keytar vault of this process, on `keyring`. libsecret binds a process to the session bus on
 * its first call, so this comes before any other keychain call in the process.
 */
export function keytarVaultOn(keyring: PrivateKeyring, options: KeytarVaultOptions = {}): CredentialVault {
  process.env['DBUS_SESSION_BUS_ADDRESS'] = keyring.address
  return createKeytarVault(options)
}
