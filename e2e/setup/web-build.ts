import { ensureWebBuild } from '../../scripts/ensure-web-build.ts'

/** The browser tests run the production build, as `npm start` does; it is built once, when missing or stale. */
export default function setup() {
  ensureWebBuild()
}
