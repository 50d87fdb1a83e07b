// The store panel: today at the door, camera setup on the live picture, passes.
import { call, esc, t, languageOf, formatTime, formatDate, scalableSvg, STYLE } from "./util.js";
import "./camera.js";
import "./strategy.js";

const TABS = ["today", "cameras", "passes"];
const KINDS = ["member", "staff", "delivery", "adult_verified"];
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const RESULTS = ["granted", "denied", "forced_entry", "door_held_open", "remote_unlock"];

class UnmannedStorePanel extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.tab = "today";
    this.stores = null;
    this.entryId = null;
    this.cameraId = null;
    this.today = null;
    this.visits = null;
    this.filters = {};
    this.passes = null;
    this.issued = null;
    this.targets = null;
    this.includeRevoked = false;
    this.form = { kind: "member", label: "", days: "30", uses: "", weekdays: [], start: "", end: "" };
  }

  set hass(hass) {
    const first = !this._hass;
    this._hass = hass;
    const lang = languageOf(hass);
    if (first || lang !== this.lang) {
      this.lang = lang;
      if (first) this.load();
      else this.render();
    }
  }

  get hass() {
    return this._hass;
  }

  set narrow(value) {
    this._narrow = value;
  }

  set panel(_value) {}
  set route(_value) {}

  L(key, values) {
    return esc(t(this.lang, key, values));
  }

  async load() {
    this.render();
    try {
      this.stores = (await call(this.hass, this.lang, "stores")).stores;
    } catch (err) {
      this.stores = [];
      this.error = err.message;
    }
    if (this.stores.length && !this.stores.some((s) => s.entry_id === this.entryId)) {
      this.entryId = this.stores[0].entry_id;
    }
    this.render();
    this.openTab(this.tab);
  }

  get store() {
    return (this.stores || []).find((s) => s.entry_id === this.entryId);
  }

  openTab(tab) {
    this.tab = tab;
    this.error = "";
    this.render();
    if (!this.store) return;
    if (tab === "today") this.loadToday();
    if (tab === "passes") this.loadPasses();
  }

  // ----- today -----

  async loadToday() {
    try {
      this.today = await call(this.hass, this.lang, "today", { entry_id: this.entryId });
    } catch (err) {
      this.error = err.message;
    }
    await this.loadVisits();
  }

  _filterData() {
    const data = { entry_id: this.entryId };
    for (const [key, value] of Object.entries(this.filters)) if (value) data[key] = value;
    for (const key of ["start", "end"]) {
      if (data[key]) data[key] = new Date(data[key]).toISOString();
    }
    return data;
  }

  async loadVisits() {
    try {
      this.visits = (await call(this.hass, this.lang, "visits", { ...this._filterData(), limit: 200 })).visits;
    } catch (err) {
      this.error = err.message;
    }
    this.showLoaded("today", { figures: this.todayFigures(), "denials-box": this.todayDenials(), "log-rows": this.visitRows() });
  }

  /** Show what an answer brought without rebuilding the page around it.
   *
   * Answers arrive on their own time, often while the owner is typing in a form on the same
   * tab: rebuilding the whole page then would take the field away under their fingers (on a
   * phone the keyboard closes, and the letters still coming go nowhere). So only the parts the
   * answer changed are replaced; an error (a card above everything) still rebuilds the page.
   */
  showLoaded(tab, parts, bind) {
    if (this.tab !== tab) return;
    const root = this.shadowRoot;
    const holders = Object.keys(parts).map((id) => root.getElementById(id));
    if (this.error || holders.some((el) => !el)) {
      this.render();
      return;
    }
    Object.values(parts).forEach((html, i) => {
      holders[i].innerHTML = html;
    });
    bind?.();
  }

  async exportCsv() {
    try {
      const answer = await call(this.hass, this.lang, "visits/csv", this._filterData());
      // A byte order mark so that spreadsheets open the file as UTF-8 (Hangul intact).
      const blob = new Blob(["\ufeff", answer.csv], { type: "text/csv;charset=utf-8" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `visits-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      this.notice = t(this.lang, "log.csv_done", { rows: answer.rows });
    } catch (err) {
      this.error = err.message;
    }
    this.render();
  }

  todayFigures() {
    const d = this.today;
    const figure = (id, value, key) =>
      `<div class="figure"><div class="value" id="${id}">${value ?? "–"}</div><div class="label">${this.L(key)}</div></div>`;
    return `
      ${figure("granted", d?.granted, "today.granted")}
      ${figure("visitors", d?.visitors, "today.visitors")}
      ${figure("denied", d?.denied, "today.denied")}
      ${figure("camera-entries", d?.camera_entries, "today.camera_entries")}
      ${figure("people-in-shop", d?.people_in_shop, "today.people_in_shop")}`;
  }

  todayDenials() {
    const d = this.today;
    return !d
      ? ""
      : d.denials.length === 0
        ? `<p class="hint">${this.L("today.no_denials")}</p>`
        : `<div id="denials">${d.denials
            .map(
              (x) =>
                `<div class="list-item"><span class="grow">${this.L(`reason.${x.reason}`)}</span><span class="chip denied">${x.count}</span></div>`,
            )
            .join("")}</div>`;
  }

  visitRows() {
    if (this.visits && this.visits.length === 0) return `<p class="hint">${this.L("log.empty")}</p>`;
    const rows = (this.visits || [])
      .map(
        (v) => `<tr class="visit">
          <td>${esc(formatTime(this.lang, v.time))}</td>
          <td><span class="chip ${v.result === "granted" ? "granted" : v.result === "denied" ? "denied" : ""}">${this.L(`result.${v.result}`)}</span></td>
          <td>${v.reason ? this.L(`reason.${v.reason}`) : ""}</td>
          <td>${this.L(`method.${v.method}`)}${v.pass_kind ? ` · ${this.L(`kind.${v.pass_kind}`)}` : ""}</td>
          <td><code>${esc((v.visitor || "").slice(0, 12))}</code></td>
        </tr>`,
      )
      .join("");
    return `<table class="log"><thead><tr><th>${this.L("log.time")}</th><th>${this.L("log.result")}</th><th>${this.L("log.reason")}</th><th>${this.L("log.method")}</th><th>${this.L("log.visitor")}</th></tr></thead><tbody>${rows}</tbody></table>`;
  }

  renderToday() {
    const f = this.filters;
    return `
      <div class="card">
        <h2>${this.L("tab.today")}</h2>
        <div class="figures" id="figures">${this.todayFigures()}</div>
        <div class="row"><button class="secondary" id="refresh">${this.L("today.refresh")}</button></div>
      </div>
      <div class="card">
        <h2>${this.L("today.denials")}</h2>
        <div id="denials-box">${this.todayDenials()}</div>
      </div>
      <div class="card">
        <h2>${this.L("log.title")}</h2>
        <div class="row">
          <label class="field">${this.L("log.result")}
            <select id="f-result" data-filter="result"><option value="">${this.L("log.any_result")}</option>
              ${RESULTS.map((r) => `<option value="${r}" ${f.result === r ? "selected" : ""}>${this.L(`result.${r}`)}</option>`).join("")}
            </select></label>
          <label class="field">${this.L("log.visitor")}<input id="f-visitor" data-filter="visitor" value="${esc(f.visitor || "")}"></label>
          <label class="field">${this.L("log.from")}<input id="f-start" data-filter="start" type="datetime-local" value="${esc(f.start || "")}"></label>
          <label class="field">${this.L("log.to")}<input id="f-end" data-filter="end" type="datetime-local" value="${esc(f.end || "")}"></label>
        </div>
        <div class="row">
          <button class="action" id="search">${this.L("log.search")}</button>
          <button class="secondary" id="csv">${this.L("log.csv")}</button>
        </div>
        <p class="hint">${this.L("log.pseudonymous")}</p>
        <div id="log-rows">${this.visitRows()}</div>
      </div>`;
  }

  bindToday() {
    const $ = (s) => this.shadowRoot.querySelector(s);
    $("#refresh").addEventListener("click", () => this.loadToday());
    // Kept as typed, so a page rebuilt before the search (an error) shows them still.
    this.shadowRoot.querySelectorAll("[data-filter]").forEach((input) =>
      input.addEventListener("input", () => {
        this.filters[input.dataset.filter] = input.value.trim();
      }),
    );
    $("#search").addEventListener("click", () => this.loadVisits());
    $("#csv").addEventListener("click", () => this.exportCsv());
  }

  // ----- cameras -----

  renderCameras() {
    const cameras = this.store ? this.store.cameras : [];
    if (!cameras.length) return `<div class="card"><p>${this.L("camera.none")}</p></div>`;
    if (!cameras.some((c) => c.id === this.cameraId)) this.cameraId = cameras[0].id;
    return `
      <div class="row" role="tablist">
        ${cameras
          .map(
            (c) =>
              `<button class="${c.id === this.cameraId ? "action" : "secondary"} camera-choice" data-camera="${esc(c.id)}">${esc(c.name)}</button>`,
          )
          .join("")}
      </div>
      <unmanned-store-camera-editor></unmanned-store-camera-editor>`;
  }

  bindCameras() {
    this.shadowRoot.querySelectorAll(".camera-choice").forEach((button) =>
      button.addEventListener("click", () => {
        this.cameraId = button.dataset.camera;
        this.render();
      }),
    );
    const editor = this.shadowRoot.querySelector("unmanned-store-camera-editor");
    if (editor) {
      if (this._editor && this._editor !== editor) this._editor.disconnectedCallback?.();
      const camera = this.store.cameras.find((c) => c.id === this.cameraId);
      editor.setup(this.hass, this.lang, this.entryId, camera);
      editor.addEventListener("camera-saved", (ev) => {
        const index = this.store.cameras.findIndex((c) => c.id === ev.detail.id);
        if (index >= 0) this.store.cameras[index] = ev.detail;
      });
    }
  }

  // ----- passes -----

  async loadPasses() {
    // Opening the tab and issuing a pass each ask for the list; Home Assistant may answer them
    // out of order, and an older list must never replace a newer one. A newer request that has
    // not answered yet (or failed) does not hold back an older answer that is newer than the
    // list shown: otherwise a pass just issued could stay missing until the owner reloads.
    const asked = (this._passesAsked = (this._passesAsked || 0) + 1);
    try {
      const passes = (
        await call(this.hass, this.lang, "pass/list", { entry_id: this.entryId, include_revoked: this.includeRevoked })
      ).passes;
      if (asked < (this._passesShown || 0)) return;
      this._passesShown = asked;
      this.passes = passes;
      if (this.targets === null) this.targets = (await call(this.hass, this.lang, "notify_targets")).targets;
    } catch (err) {
      this.error = err.message;
    }
    this.showLoaded("passes", { passes: this.passList() }, () => this.bindPassList());
  }

  async issuePass() {
    const f = this.form;
    const data = {
      entry_id: this.entryId,
      kind: f.kind,
      label: f.label.trim(),
      valid_days: Number(f.days || 30),
    };
    if (f.uses) data.max_uses = Number(f.uses);
    if (f.weekdays.length) data.weekdays = WEEKDAYS.filter((d) => f.weekdays.includes(d));
    if (f.start || f.end) {
      data.start_time = f.start;
      data.end_time = f.end;
    }
    this.error = "";
    try {
      const issued = await call(this.hass, this.lang, "pass/issue", data);
      this.issued = { ...issued, label: data.label };
      this.notice = "";
      this.form = { ...this.form, label: "", uses: "", weekdays: [], start: "", end: "" };
    } catch (err) {
      this.error = err.message;
    }
    await this.loadPasses();
    this.render();
  }

  async showQr(passId) {
    try {
      const shown = await call(this.hass, this.lang, "pass/qr", { entry_id: this.entryId, pass_id: passId });
      const record = (this.passes || []).find((p) => p.pass_id === passId) || {};
      this.issued = { ...shown, label: record.label, kind: record.kind, valid_until: record.valid_until };
      this.notice = "";
    } catch (err) {
      this.error = err.message;
    }
    this.render();
    this.shadowRoot.querySelector("#issued")?.scrollIntoView({ block: "start" });
  }

  async revoke(passId) {
    if (!window.confirm(t(this.lang, "pass.revoke_confirm"))) return;
    try {
      await call(this.hass, this.lang, "pass/revoke", { entry_id: this.entryId, pass_id: passId });
      if (this.issued && this.issued.pass_id === passId) this.issued = null;
    } catch (err) {
      this.error = err.message;
    }
    await this.loadPasses();
    // The revoked pass's QR card goes too, not only its line in the list.
    this.render();
  }

  async sendPass() {
    const target = this.shadowRoot.querySelector("#send-target").value;
    try {
      await call(this.hass, this.lang, "pass/send", { entry_id: this.entryId, pass_id: this.issued.pass_id, target });
      this.notice = t(this.lang, "pass.sent");
    } catch (err) {
      this.error = err.message;
    }
    this.render();
  }

  printPass() {
    // A frame of its own, so only the code and its label are printed, not Home Assistant.
    const frame = document.createElement("iframe");
    frame.style.cssText = "position:fixed;width:0;height:0;border:0;";
    document.body.appendChild(frame);
    const doc = frame.contentDocument;
    doc.open();
    doc.write(`<!doctype html><meta charset="utf-8"><title>${esc(this.store.name)}</title>
      <style>body{font-family:sans-serif;text-align:center}svg{width:12cm;height:12cm}</style>
      <h1>${esc(this.store.name)}</h1><h2>${esc(this.issued.label || "")}</h2>${scalableSvg(this.issued.qr_svg)}
      <p>${esc(t(this.lang, `kind.${this.issued.kind}`))} · ${esc(t(this.lang, "pass.until", { date: formatDate(this.lang, this.issued.valid_until) }))}</p>`);
    doc.close();
    frame.contentWindow.focus();
    frame.contentWindow.print();
    setTimeout(() => frame.remove(), 60000);
  }

  renderIssued() {
    const p = this.issued;
    if (!p) return "";
    const targets = this.targets || [];
    return `
      <div class="card" id="issued">
        <h2>${this.L("pass.issued")}${p.label ? `: ${esc(p.label)}` : ""}</h2>
        <div class="qr" id="qr">${scalableSvg(p.qr_svg)}</div>
        <p class="hint">${this.L("pass.scan_hint")}</p>
        <p>${p.kind ? this.L(`kind.${p.kind}`) : ""} · ${this.L("pass.until", { date: formatDate(this.lang, p.valid_until) })}</p>
        <p class="code"><code id="pass-code">${esc(p.code)}</code></p>
        <div class="row">
          <button class="secondary" id="print">${this.L("pass.print")}</button>
          <button class="secondary" id="close-qr">${this.L("pass.close")}</button>
        </div>
        ${
          targets.length
            ? `<div class="row"><label class="field grow">${this.L("pass.send_to")}
                 <select id="send-target">${targets.map((x) => `<option value="${esc(x)}">${esc(x)}</option>`).join("")}</select></label>
               <button class="action" id="send">${this.L("pass.send")}</button></div>`
            : `<p class="hint">${this.L("pass.no_targets")}</p>`
        }
      </div>`;
  }

  passList() {
    const passes = this.passes || [];
    return passes.length
      ? passes
          .map((p) => {
            const uses =
              p.max_uses == null ? this.L("pass.uses", { uses: p.uses }) : this.L("pass.uses_of", { uses: p.uses, max: p.max_uses });
            const days = p.weekdays ? p.weekdays.map((d) => this.L(`weekday.${d}`)).join(" ") : "";
            const hours = p.hours ? `${esc(p.hours[0])}–${esc(p.hours[1])}` : "";
            return `<div class="list-item pass" data-pass="${esc(p.pass_id)}">
              <div class="grow"><strong>${esc(p.label || p.pass_id)}</strong>
                <div class="hint">${p.kind ? this.L(`kind.${p.kind}`) : ""} · ${this.L("pass.until", { date: formatDate(this.lang, p.valid_until) })} · ${uses} ${days} ${hours}</div></div>
              ${
                p.revoked
                  ? `<span class="chip denied">${this.L("pass.revoked")}</span>`
                  : `<button class="secondary show-qr" data-pass="${esc(p.pass_id)}">${this.L("pass.show_qr")}</button>
                     <button class="danger revoke" data-pass="${esc(p.pass_id)}">${this.L("pass.revoke")}</button>`
              }
            </div>`;
          })
          .join("")
      : `<p class="hint">${this.L("pass.none")}</p>`;
  }

  renderPasses() {
    const f = this.form;
    return `
      ${this.renderIssued()}
      <div class="card">
        <h2>${this.L("pass.issue")}</h2>
        <div class="row">
          <label class="field">${this.L("pass.kind")}<select id="p-kind" data-field="kind">${KINDS.map((k) => `<option value="${k}" ${f.kind === k ? "selected" : ""}>${this.L(`kind.${k}`)}</option>`).join("")}</select></label>
          <label class="field">${this.L("pass.label")}<input id="p-label" data-field="label" maxlength="64" value="${esc(f.label)}"></label>
        </div>
        <div class="row">
          <label class="field">${this.L("pass.valid_days")}<input id="p-days" data-field="days" type="number" min="1" max="366" value="${esc(f.days)}"></label>
          <label class="field">${this.L("pass.max_uses")}<input id="p-uses" data-field="uses" type="number" min="1" max="10000" value="${esc(f.uses)}"></label>
        </div>
        <fieldset class="row" style="border:0;padding:0"><legend class="hint">${this.L("pass.weekdays")}</legend>
          ${WEEKDAYS.map((d) => `<label class="chip"><input type="checkbox" class="weekday" value="${d}" style="min-height:0" ${f.weekdays.includes(d) ? "checked" : ""}> ${this.L(`weekday.${d}`)}</label>`).join("")}
        </fieldset>
        <div class="row"><span class="hint">${this.L("pass.hours")}</span></div>
        <div class="row">
          <label class="field">${this.L("pass.start")}<input id="p-start" data-field="start" type="time" value="${esc(f.start)}"></label>
          <label class="field">${this.L("pass.end")}<input id="p-end" data-field="end" type="time" value="${esc(f.end)}"></label>
        </div>
        <div class="row"><button class="action" id="issue">${this.L("pass.submit")}</button></div>
      </div>
      <div class="card">
        <h2>${this.L("pass.list")}</h2>
        <label class="row"><input type="checkbox" id="show-revoked" style="min-height:0" ${this.includeRevoked ? "checked" : ""}> ${this.L("pass.show_revoked")}</label>
        <div id="passes">${this.passList()}</div>
      </div>`;
  }

  bindPasses() {
    const $ = (s) => this.shadowRoot.querySelector(s);
    // The form keeps what was typed while the list (re)loads and the page renders again.
    this.shadowRoot.querySelectorAll("[data-field]").forEach((input) =>
      input.addEventListener("input", () => {
        this.form[input.dataset.field] = input.value;
      }),
    );
    this.shadowRoot.querySelectorAll("input.weekday").forEach((box) =>
      box.addEventListener("change", () => {
        const days = new Set(this.form.weekdays);
        if (box.checked) days.add(box.value);
        else days.delete(box.value);
        this.form.weekdays = [...days];
      }),
    );
    $("#issue").addEventListener("click", () => this.issuePass());
    $("#print")?.addEventListener("click", () => this.printPass());
    $("#send")?.addEventListener("click", () => this.sendPass());
    $("#close-qr")?.addEventListener("click", () => {
      this.issued = null;
      this.render();
    });
    $("#show-revoked").addEventListener("change", (ev) => {
      this.includeRevoked = ev.target.checked;
      this.loadPasses();
    });
    this.bindPassList();
  }

  bindPassList() {
    this.shadowRoot.querySelectorAll("button.show-qr").forEach((b) =>
      b.addEventListener("click", () => this.showQr(b.dataset.pass)),
    );
    this.shadowRoot.querySelectorAll("button.revoke").forEach((b) =>
      b.addEventListener("click", () => this.revoke(b.dataset.pass)),
    );
  }

  // ----- the page -----

  render() {
    if (!this.lang) return;
    const store = this.store;
    let body;
    if (this.stores === null) body = `<p>${this.L("loading")}</p>`;
    else if (!store) body = `<div class="card"><p>${this.L("no_store")}</p></div>`;
    else if (this.tab === "today") body = this.renderToday();
    else if (this.tab === "cameras") body = this.renderCameras();
    else body = this.renderPasses();
    const choices =
      this.stores && this.stores.length > 1
        ? `<select id="store" aria-label="${this.L("store")}">${this.stores
            .map((s) => `<option value="${esc(s.entry_id)}" ${s.entry_id === this.entryId ? "selected" : ""}>${esc(s.name)}</option>`)
            .join("")}</select>`
        : "";
    this.shadowRoot.innerHTML = `
      <style>${STYLE}
        .qr { display: flex; justify-content: center; background: #fff; padding: 8px; border-radius: 8px; }
        .qr svg { width: min(86vw, 420px); height: min(86vw, 420px); }
        .code { overflow-wrap: anywhere; font-size: 12px; color: var(--secondary-text-color, #555); }
      </style>
      <header>
        <button class="menu" id="menu" aria-label="${this.L("menu")}">☰</button>
        <h1>${esc(store ? store.name : t(this.lang, "title"))}</h1>
        ${choices}
      </header>
      <nav role="tablist">
        ${TABS.map((tab) => `<button role="tab" data-tab="${tab}" aria-selected="${tab === this.tab}">${this.L(`tab.${tab}`)}</button>`).join("")}
      </nav>
      <main>
        ${this.error ? `<div class="card error" id="error">${esc(this.error)}</div>` : ""}
        ${this.notice ? `<div class="card ok" id="notice">${esc(this.notice)}</div>` : ""}
        ${body}
      </main>`;
    const $ = (s) => this.shadowRoot.querySelector(s);
    $("#menu").addEventListener("click", () =>
      this.dispatchEvent(new Event("hass-toggle-menu", { bubbles: true, composed: true })),
    );
    $("#store")?.addEventListener("change", (ev) => {
      this.entryId = ev.target.value;
      this.today = null;
      this.visits = null;
      this.passes = null;
      this.issued = null;
      this.openTab(this.tab);
    });
    this.shadowRoot.querySelectorAll("nav button").forEach((b) =>
      b.addEventListener("click", () => {
        this.notice = "";
        this.openTab(b.dataset.tab);
      }),
    );
    if (!store) return;
    if (this.tab === "today") this.bindToday();
    else if (this.tab === "cameras") this.bindCameras();
    else this.bindPasses();
  }
}

if (!customElements.get("unmanned-store-panel")) customElements.define("unmanned-store-panel", UnmannedStorePanel);
