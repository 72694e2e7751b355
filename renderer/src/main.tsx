import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { getPlexkeyApi } from './bridge/plexkey-api'
import './styles/theme.css'
import './styles/base.css'
import './styles/layout.css'
import './styles/components.css'
import './styles/settings.css'
import './styles/servers.css'
import './styles/devices.css'
import './styles/identities.css'

const root = document.getElementById('root')
if (root === null) throw new Error('index.html has no #root element.')

createRoot(root).render(
  <StrictMode>
    <App api={getPlexkeyApi()} />
  </StrictMode>,
)
