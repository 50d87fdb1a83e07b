// Shared helpers of the store panel: texts in the user's language, escaping, websocket calls.
import STRINGS from "./strings.json";

export const PREFIX = "unmanned_store/panel";

/** "ko" for a Korean user (profile or server language), "en" for everyone else. */
export function languageOf(hass) {
  const lang = (hass && ((hass.locale && hass.locale.language) || hass.language)) || "en";
  return lang.toLowerCase().startsWith("ko") ? "ko" : "en";
}

/** A text with {placeholders} filled in; the English text when a key is missing. */
export function t(lang, key, values = {}) {
  const text = (STRINGS[lang] && STRINGS[lang][key]) || STRINGS.en[key] || key;
  return text.replace(/\{(\w+)\}/g, (_m, name) => (name in values ? String(values[name]) : `{${name}}`));
}

export function has(lang, key) {
  return Boolean(STRINGS[lang] && STRINGS[lang][key]);
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** One command; a refusal becomes an Error whose message is in the user's language. */
export async function call(hass, lang, type, data = {}) {
  try {
    return await hass.connection.sendMessagePromise({ type: `${PREFIX}/${type}`, ...data });
  } catch (err) {
    throw new Error(errorText(lang, err));
  }
}

export function errorText(lang, err) {
  const key = (err && (err.translation_key || err.code)) || "unknown";
  const values = { ...((err && err.translation_placeholders) || {}), message: (err && err.message) || String(err) };
  return has(lang, `error.${key}`) ? t(lang, `error.${key}`, values) : t(lang, "error.unknown", values);
}

/** segno's SVG has a fixed size and no viewBox: give it one, so CSS can scale it to the screen. */
export function scalableSvg(svg) {
  if (/viewBox=/.test(svg)) return svg;
  const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  const h = /<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
  return w && h ? svg.replace("<svg", `<svg viewBox="0 0 ${w[1]} ${h[1]}"`) : svg;
}

export function formatTime(lang, iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(lang === "ko" ? "ko-KR" : "en-GB", {
    dateStyle: "short",
    timeStyle: "short",
  });
}

export function formatDate(lang, iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleDateString(lang === "ko" ? "ko-KR" : "en-GB");
}

export const STYLE = `
  :host { display: block; color: var(--primary-text-color, #212121);
    background: var(--primary-background-color, #fafafa); min-height: 100vh;
    font-family: var(--paper-font-body1_-_font-family, system-ui, "Noto Sans CJK KR", sans-serif);
    font-size: 16px; }
  * { box-sizing: border-box; }
  header { display: flex; align-items: center; gap: 8px; padding: 0 12px; height: 56px;
    background: var(--app-header-background-color, var(--primary-color, #03a9f4));
    color: var(--app-header-text-color, #fff); position: sticky; top: 0; z-index: 2; }
  header h1 { font-size: 20px; font-weight: 500; margin: 0; flex: 1; overflow: hidden;
    text-overflow: ellipsis; white-space: nowrap; }
  header button.menu { background: none; border: 0; color: inherit; font-size: 24px; padding: 8px;
    min-width: 44px; min-height: 44px; cursor: pointer; }
  header select { font-size: 16px; max-width: 45%; }
  nav { display: flex; background: var(--card-background-color, #fff);
    border-bottom: 1px solid var(--divider-color, #ddd); position: sticky; top: 56px; z-index: 2; }
  nav button { flex: 1; border: 0; background: none; padding: 14px 8px; font-size: 17px;
    color: var(--secondary-text-color, #555); border-bottom: 3px solid transparent; cursor: pointer; }
  nav button[aria-selected="true"] { color: var(--primary-color, #03a9f4);
    border-bottom-color: var(--primary-color, #03a9f4); font-weight: 600; }
  main { padding: 12px; max-width: 1100px; margin: 0 auto; }
  .card { background: var(--card-background-color, #fff); border-radius: 12px; padding: 16px;
    margin-bottom: 12px; box-shadow: var(--ha-card-box-shadow, 0 1px 3px rgba(0,0,0,.15)); }
  .card h2 { font-size: 18px; margin: 0 0 12px; }
  .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 8px; }
  .figure { background: var(--secondary-background-color, #f2f2f2); border-radius: 10px;
    padding: 12px; text-align: center; }
  .figure .value { font-size: 32px; font-weight: 700; }
  .figure .label { font-size: 15px; color: var(--secondary-text-color, #555); }
  button.action, button.secondary, button.danger { font-size: 16px; min-height: 44px;
    padding: 8px 16px; border-radius: 8px; cursor: pointer; border: 1px solid transparent; }
  button.action { background: var(--primary-color, #03a9f4); color: #fff; }
  button.secondary { background: none; color: var(--primary-color, #03a9f4);
    border-color: var(--primary-color, #03a9f4); }
  button.danger { background: none; color: var(--error-color, #db4437);
    border-color: var(--error-color, #db4437); }
  button:disabled { opacity: .5; cursor: default; }
  .row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
  label.field { display: flex; flex-direction: column; gap: 4px; font-size: 15px; flex: 1 1 160px; }
  input, select { font-size: 16px; padding: 8px; min-height: 44px; border-radius: 6px;
    border: 1px solid var(--divider-color, #bbb); background: var(--card-background-color, #fff);
    color: inherit; }
  .hint { font-size: 14px; color: var(--secondary-text-color, #555); margin: 4px 0; }
  .error { color: var(--error-color, #db4437); font-weight: 600; margin: 8px 0; }
  .ok { color: var(--success-color, #0f9d58); font-weight: 600; margin: 8px 0; }
  table { width: 100%; border-collapse: collapse; font-size: 15px; }
  th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid var(--divider-color, #ddd); }
  .list-item { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 10px 0;
    border-bottom: 1px solid var(--divider-color, #ddd); }
  .list-item .grow { flex: 1 1 200px; }
  .chip { display: inline-block; padding: 2px 8px; border-radius: 10px; font-size: 14px;
    background: var(--secondary-background-color, #eee); }
  .chip.denied { background: #fde7e9; color: #a50e0e; }
  .chip.granted { background: #e6f4ea; color: #137333; }
  @media (max-width: 600px) {
    main { padding: 8px; }
    .card { padding: 12px; }
    table.log thead { display: none; }
    table.log tr { display: block; padding: 8px 0; border-bottom: 1px solid var(--divider-color, #ddd); }
    table.log td { display: inline-block; border: 0; padding: 2px 6px; }
  }
`;
