import { protocol } from 'electron'
import { appSchemePrivileges } from './app-protocol'
import { startApp } from './start-app'

// Schemes must be declared privileged before the app is ready, so this runs at load.
protocol.registerSchemesAsPrivileged([appSchemePrivileges])

void startApp({ env: process.env, argv: process.argv })
