import { describe, expect, it } from 'vitest'
import { keychainError } from '../../main/core/account/keychain-error'

// The Linux wordings are produced for real by the keytar vault tests; macOS and Windows cannot run
// here, so their messages (as keytar reports them) are checked against the explanations directly.
describe('keychainError', () => {
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', /no d-bus session/i],
    ['Could not connect: No such file or directory', /no d-bus session/i],
    ['The name org.freedesktop.secrets was not provided by any .service files', /no secret service keychain.*gnome-keyring.*keepassxc/i],
    ['Cannot create an item in a locked collection', /login keyring is locked/i],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', /no default keyring.*seahorse/i],
    ["No such interface 'org.freedesktop.Secret.Collection' on object at path /org/freedesktop/secrets/collection/login", /no default keyring/i],
  ])('Linux: %s', (raw, expected) => {
    const error = keychainError(new Error(raw), 'linux', 'call')
    expect(error.code).toBe('keychain')
    expect(error.message).toMatch(expected)
  })

  it.each([
    ['User canceled the operation.', /refused.*allow/i, true],
    ['The user name or passphrase you entered is not correct. (-25293)', /refused.*allow/i, true],
    ['User interaction is not allowed. (-25308)', /security unlock-keychain/, true],
    ['The specified keychain could not be found. (-25294)', /keychain first aid/i, false],
  ])('macOS: %s', (raw, expected, retryable) => {
    const error = keychainError(new Error(raw), 'darwin', 'call')
    expect(error.message).toMatch(expected)
    expect(error.retryable).toBe(retryable)
  })

  it.each([
    ['A specified logon session does not exist. It may already have been terminated.', /logon session.*desktop session/i],
    ['Access is denied.', /refused access/i],
  ])('Windows: %s', (raw, expected) => {
    expect(keychainError(new Error(raw), 'win32', 'call').message).toMatch(expected)
  })

  it('keeps the raw text when nothing explains it, naming the store', () => {
    expect(keychainError(new Error('odd failure 42'), 'win32', 'call').message).toBe(
      'The Windows Credential Manager refused the request (odd failure 42). Check that it is running and unlocked, then try again.',
    )
  })

  it('a module that cannot load is a missing libsecret on Linux, a reinstall elsewhere', () => {
    const missing = 'libsecret-1.so.0: cannot open shared object file: No such file or directory'
    expect(keychainError(new Error(missing), 'linux', 'load')).toEqual({
      code: 'keychain',
      message: expect.stringMatching(/apt install libsecret-1-0.*dnf install libsecret/),
      retryable: false,
    })
    expect(keychainError(new Error('The module was compiled against a different Node.js version'), 'darwin', 'load').message).toMatch(
      /could not be loaded.*reinstall plexkey/i,
    )
  })
})
