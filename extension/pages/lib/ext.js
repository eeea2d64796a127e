// The extension API for the pages, through core's shim (shared/browser.js is the one place that
// knows chrome vs browser).
export { api as ext, send } from '../../shared/browser.js';
