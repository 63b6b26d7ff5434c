/* Loaded before the Decap CMS bundle: kip-admin.js starts the CMS itself, once it has
 * said where the site is (the local site under `invoke edit`). */
window.CMS_MANUAL_INIT = true;
