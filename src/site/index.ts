/** The browser app's build and server (Node, dev-time). */
export { buildSite, PROJECT_ROOT, SITE_DIR } from './build.js';
export { ISOLATION_HEADERS, serveStatic } from './serve.js';
