/**
 * The options page's Sites section: a switch per supported site, the sites the user or the
 * organisation added, and adding/removing a site. Adding asks the browser for that one host
 * (`permissions.request`, which must start inside the click) and then tells the background,
 * which registers the content script there; removing gives the permission back.
 */
import * as P from '../shared/protocol.js';
import { SUPPORTED_SITES, normalizeHost, originsFor, supportedSite, addedSites } from '../shared/site-policy.js';
import { t } from './i18n.js';
import { ask, errorText } from './api.js';
import { $, el } from './dom.js';

const ext = P.ext;
/** @type {import('./dom.js').SectionContext} */
let ctx;

/** Rebuilds the list of sites from the settings (supported, then added). */
export function renderSites() {
  const list = $('#site-list');
  list.textContent = '';
  const sites = ctx.settings.sites ?? {};
  const userSites = ctx.settings.userSites ?? sites;
  const policySites = ctx.locked().sites ?? [];
  const row = (host, { added, isLocked }) => {
    const id = `site-${host}`;
    const toggle = el('input', { type: 'checkbox', id, class: 'site-toggle', 'data-site': host, role: 'switch' });
    /** @type {HTMLInputElement} */ (toggle).checked = sites[host] !== false;
    /** @type {HTMLInputElement} */ (toggle).disabled = isLocked;
    toggle.setAttribute('data-locked', String(isLocked));
    toggle.addEventListener('change', () => setSite(host, /** @type {HTMLInputElement} */ (toggle).checked));
    const li = el('li', { class: 'site', 'data-site': host },
      el('label', { class: 'switch', for: id }, toggle),
      el('label', { class: 'name', for: id }, host,
        added ? el('span', { class: 'tag', text: t('options_siteAdded') }) : null,
        isLocked ? el('span', { class: 'locked-badge', text: t('options_locked') }) : null));
    if (added && !isLocked) {
      li.append(el('button', { type: 'button', class: 'link', 'data-remove-site': host, text: t('options_siteRemove'), onclick: () => removeSite(host) }));
    }
    if (added) {
      const grant = el('button', { type: 'button', 'data-grant-site': host, hidden: true, text: t('options_siteGrant'), onclick: () => grantSite(host) });
      li.append(grant);
      ext.permissions.contains({ origins: originsFor(host) }).then((has) => { grant.hidden = has; }, () => {});
    }
    list.append(li);
  };
  for (const host of SUPPORTED_SITES) row(host, { added: false, isLocked: policySites.includes(host) });
  const extra = new Set([...addedSites(userSites), ...policySites.filter((h) => !supportedSite(h))]);
  for (const host of [...extra].sort()) row(host, { added: true, isLocked: policySites.includes(host) });
}

async function setSite(host, on) {
  try {
    const { settings } = await ask(P.setSite(host, on), 'settings');
    ctx.settings = settings;
  } catch (err) {
    showSiteError(errorText(err));
  }
  ctx.render();
}

function showSiteError(text) {
  const p = $('#site-error');
  p.textContent = text;
  p.hidden = !text;
}

async function removeSite(host) {
  try {
    const { settings } = await ask(P.removeSite(host), 'settings');
    ctx.settings = settings;
    showSiteError('');
  } catch (err) {
    showSiteError(errorText(err));
  }
  ctx.render();
}

/** Asks the browser for access to `host` — must run inside the click (a user gesture). */
function requestAccess(host) {
  return ext.permissions.request({ origins: originsFor(host) });
}

async function grantSite(host) {
  try {
    if (await requestAccess(host)) {
      const { settings } = await ask(P.addSite(host), 'settings');
      ctx.settings = settings;
    }
  } catch (err) {
    showSiteError(errorText(err));
  }
  ctx.render();
}

/** Wires the add-site form; `context` is the page's SectionContext. */
export function bindSites(context) {
  ctx = context;
  $('#site-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = /** @type {HTMLInputElement} */ ($('#site-input'));
    const host = normalizeHost(input.value);
    if (!host) {
      showSiteError(t('options_siteInvalid', [input.value.trim()]));
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    input.removeAttribute('aria-invalid');
    showSiteError('');
    // the permission request has to start in this event handler (user gesture), before any await
    const granted = supportedSite(host) ? Promise.resolve(true) : requestAccess(host);
    granted.then(async (ok) => {
      if (!ok) {
        showSiteError(t('options_siteDenied', [host]));
        return;
      }
      const { settings } = await ask(P.addSite(host), 'settings');
      ctx.settings = settings;
      input.value = '';
      ctx.render();
    }).catch((err) => showSiteError(errorText(err)));
  });
}
