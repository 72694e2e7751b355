import type { ClientIdentity } from '../../main/core/account/client-identity'

/** A fixed client identity for tests that need one without a config folder. */
export function testIdentity(overrides: Partial<ClientIdentity> = {}): ClientIdentity {
  return {
    clientId: '6f1c2f0e-4d7a-4d63-9a4b-1d2c3e4f5a6b',
    product: 'Plexkey',
    version: '0.1.0',
    platform: 'Linux',
    platformVersion: '6.1.0-18-amd64',
    device: 'Linux',
    deviceName: 'test-desk',
    ...overrides,
  }
}
