/**
 * Import and export of rules as a JSON file in the format of `insession check --rules`
 * (sensitivity, profession, disabled_rules, rules; a bare array of rules is accepted on
 * import). An import is validated by the core first and applied whole or not at all: with any
 * error, every error is listed and the stored rules stay as they were. The private watch list
 * is exported only when the user ticks the box, and a file's watch list replaces the user's
 * only when they click to confirm.
 */
import * as P from '../shared/protocol.js';
import { ask, errorText } from './api.js';
import { t, tn } from './i18n.js';

/** The exported object for a user config (and a watch list when asked for). */
export function exportObject(config, watchlist) {
  const out = {};
  if (config.sensitivity) out.sensitivity = config.sensitivity;
  if (config.profession) out.profession = config.profession;
  if (Array.isArray(config.disabled_rules) && config.disabled_rules.length) out.disabled_rules = [...config.disabled_rules];
  out.rules = Array.isArray(config.rules) ? config.rules : [];
  if (watchlist) out.watchlist = { salt: watchlist.salt, hashes: [...watchlist.hashes] };
  return out;
}

/**
 * The user config after importing `file` (already validated): top-level settings in the file
 * replace the user's (except those the organisation locks); rules are merged by id, a rule in
 * the file replacing the user's rule of the same id.
 * @returns {{config: object, kept: string[]}} kept: locked settings the file could not change
 */
export function mergeImport(current, file, lockedKeys = {}) {
  const next = { ...current };
  const kept = [];
  for (const key of ['sensitivity', 'profession']) {
    if (file[key] === undefined) continue;
    if (lockedKeys[key]) kept.push(key);
    else next[key] = file[key];
  }
  if (file.disabled_rules !== undefined) next.disabled_rules = [...file.disabled_rules];
  if (Array.isArray(file.rules)) {
    const byId = new Map((Array.isArray(current.rules) ? current.rules : []).map((r) => [r.id, r]));
    for (const r of file.rules) byId.set(r.id, r);
    next.rules = [...byId.values()];
  }
  return { config: next, kept };
}

/** Wires the export button. */
export function bindExport({ button, includeWatchlist, getConfig, download }) {
  button.addEventListener('click', async () => {
    let watchlist = null;
    if (includeWatchlist.checked) watchlist = (await ask(P.watchlistExport(), 'watchlistData')).watchlist;
    const text = `${JSON.stringify(exportObject(getConfig(), watchlist), null, 2)}\n`;
    download('insession-rules.json', text);
  });
}

/** Wires the import file input. */
export function bindImport({ input, result, message, errors, watchlistButton, getConfig, getLocked, onImported }) {
  const show = (text, list = [], ok = false) => {
    result.hidden = false;
    result.setAttribute('data-outcome', ok ? 'imported' : 'rejected');
    message.textContent = text;
    message.className = ok ? '' : 'field-error';
    errors.textContent = '';
    for (const line of list) {
      const li = document.createElement('li');
      li.textContent = line;
      errors.append(li);
    }
  };
  const describe = (e) => `${e.rule ? `rule "${e.rule}", ` : ''}field ${e.field}: ${e.message}`;

  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = ''; // the same file can be chosen again
    watchlistButton.hidden = true;
    if (!file) return;
    let text;
    try {
      text = await file.text();
    } catch (err) {
      show(tn('options_importRejected', 1, [file.name]), [errorText(err)]);
      return;
    }
    try {
      const { errors: problems } = await ask(P.validateConfig(text), 'validation');
      if (problems.length) {
        show(tn('options_importRejected', problems.length, [file.name]), problems.map(describe));
        return;
      }
      const parsed = JSON.parse(text);
      const data = Array.isArray(parsed) ? { rules: parsed } : parsed;
      const { config, kept } = mergeImport(getConfig(), data, getLocked());
      const merged = await ask(P.validateConfig(config), 'validation');
      if (merged.errors.length) {
        show(tn('options_importRejected', merged.errors.length, [file.name]), merged.errors.map(describe));
        return;
      }
      try {
        await ask(P.setSettings({ config }), 'settings');
      } catch (err) {
        show(tn('options_importRejected', 1, [file.name]), [errorText(err)]);
        return;
      }
      const n = Array.isArray(data.rules) ? data.rules.length : 0;
      show(tn('options_importDone', n, [file.name]), kept.map((k) => t('options_importKept', [k])), true);
      if (data.watchlist && Array.isArray(data.watchlist.hashes) && data.watchlist.hashes.length) {
        watchlistButton.hidden = false;
        watchlistButton.textContent = t('options_importWatchlist');
        watchlistButton.onclick = async () => {
          watchlistButton.hidden = true;
          try {
            await ask(P.watchlistImport(data.watchlist), 'watchlist');
            show(t('options_importWatchlistDone'), [], true);
          } catch (err) {
            show(errorText(err));
          }
          await onImported();
        };
      }
      await onImported();
    } catch (err) {
      show(tn('options_importRejected', 1, [file.name]), [errorText(err)]);
    }
  });
}
