import { protocol } from 'electron'
import { appSchemePrivileges } from './app-protocol'
import { launchApp } from './launch'
import { startApp } from './start-app'

// Schemes must be declared privileged before the app is ready, so this runs at load.
protocol.registerSchemesAsPrivileged([appSchemePrivileges])

// launchApp catches and reports every failure itself; nothing is left to reject.
void launchApp({ env: process.env, argv: process.argv, start: startApp })
