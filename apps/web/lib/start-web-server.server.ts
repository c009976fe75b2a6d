import { ConfigError } from '@tasklane/config/load'
import { trustOnlyThePeerAddress } from './client-address.server'
import { webConfig, webLogger } from './web-config.server'

/** Checks the configuration (a bad one stops the server, naming every bad variable) and decides who the client is. */
export function startWebServer(): void {
  try {
    webConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exit(1)
  }
  const config = webConfig()
  webLogger().info({ config }, 'configuration')
  // Vercel writes X-Forwarded-For itself, replacing whatever the client sent; its Node server's peer is the platform.
  if (!process.env.VERCEL) trustOnlyThePeerAddress(config.trustedProxies)
}
