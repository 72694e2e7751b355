import { describe, expect, it } from 'vitest'
import { resolveConfigDir } from '../../main/core/config/config-dir'

describe('resolveConfigDir', () => {
  it('follows XDG on Linux, else ~/.config', () => {
    expect(resolveConfigDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada')).toBe('/xdg/Plexkey')
    expect(resolveConfigDir({}, 'linux', '/home/ada')).toBe('/home/ada/.config/Plexkey')
    // The XDG spec says relative values are to be ignored.
    expect(resolveConfigDir({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/ada')).toBe('/home/ada/.config/Plexkey')
    expect(resolveConfigDir({}, 'freebsd', '/home/ada')).toBe('/home/ada/.config/Plexkey')
  })

  it('uses Application Support on macOS', () => {
    expect(resolveConfigDir({ XDG_CONFIG_HOME: '/xdg' }, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/Plexkey')
  })

  it('uses %APPDATA% on Windows, else the roaming folder under home', () => {
    expect(resolveConfigDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Plexkey',
    )
    expect(resolveConfigDir({}, 'win32', 'C:\\Users\\ada')).toBe('C:\\Users\\ada\\AppData\\Roaming\\Plexkey')
  })

  it('lets PLEXKEY_CONFIG_DIR override everything', () => {
    expect(resolveConfigDir({ PLEXKEY_CONFIG_DIR: '/tmp/pk', XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada')).toBe('/tmp/pk')
    expect(resolveConfigDir({ PLEXKEY_CONFIG_DIR: '/tmp/pk' }, 'darwin', '/Users/ada')).toBe('/tmp/pk')
    expect(resolveConfigDir({ PLEXKEY_CONFIG_DIR: 'D:\\pk' }, 'win32', 'C:\\Users\\ada')).toBe('D:\\pk')
    expect(resolveConfigDir({ PLEXKEY_CONFIG_DIR: '' }, 'linux', '/home/ada')).toBe('/home/ada/.config/Plexkey')
  })
})
