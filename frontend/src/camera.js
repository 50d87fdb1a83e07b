// Camera setup on the live picture: the counting line with its "in" arrow, zones, live counts,
// saving and checking against a recorded clip.
import { call, esc, t, has, STYLE } from "./util.js";

const ZONE_PRESETS = ["shelf", "till", "entrance", "freezer", "storage", "ignore"];
const COLOURS = ["#ff9800", "#9c27b0", "#009688", "#e91e63", "#3f51b5", "#8bc34a"];
const IGNORE_COLOUR = "#9e9e9e";
// The server's rule (cameras/geometry.py IGNORE_PREFIX; a test compares the two): the panel
// needs it too, to grey an area out the moment its name is typed, before it is saved.
export const IGNORE_PREFIX = "ignore";

/** Whether a zone is an ignore area, where the engine does not see people. */
export function isIgnoreArea(name) {
  return name.startsWith(IGNORE_PREFIX);
}

function zoneColour(zone, index) {
  return isIgnoreArea(zone.name) ? IGNORE_COLOUR : COLOURS[index % COLOURS.length];
}
const ROUND = (v) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;

/** The "in" side of p1→p2: crossing from its right to its left, as seen on screen, is "in". */
export function inArrow(p1, p2, width, height, length = 60) {
  const dx = (p2[0] - p1[0]) * width;
  const dy = (p2[1] - p1[1]) * height;
  const norm = Math.hypot(dx, dy) || 1;
  // Left of the direction on a screen whose y grows downwards.
  const lx = dy / norm;
  const ly = -dx / norm;
  const mx = ((p1[0] + p2[0]) / 2) * width;
  const my = ((p1[1] + p2[1]) / 2) * height;
  return { from: [mx - lx * length, my - ly * length], to: [mx + lx * length, my + ly * length] };
}

class CameraEditor extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.line = null;
    this.zones = [];
    this.mode = "idle"; // idle | line | zone
    this.draft = [];
    this.drag = null;
    this.figures = null;
    this.message = "";
    this.error = "";
    this.size = [16, 9];
    this.clips = null;
    this.dirty = false;
  }

  setup(hass, lang, entryId, camera) {
    const changed = !this.camera || this.camera.id !== camera.id || this.entryId !== entryId;
    this.hass = hass;
    this.lang = lang;
    this.entryId = entryId;
    if (changed) {
      this.camera = camera;
      this.line = camera.line ? { p1: [...camera.line.p1], p2: [...camera.line.p2] } : null;
      this.zones = camera.zones.map((z) => ({ name: z.name, polygon: z.polygon.map((p) => [...p]) }));
      this.mode = "idle";
      this.draft = [];
      this.dirty = false;
      this.message = "";
      this.error = "";
      this.figures = null;
      this.image = null;
      this._subscribe();
      this.loadPicture();
      this.render();
    }
  }

  disconnectedCallback() {
    this._unsubscribe();
  }

  _unsubscribe() {
    if (this._unsub) {
      this._unsub.then((unsub) => unsub()).catch(() => {});
      this._unsub = null;
    }
  }

  _subscribe() {
    this._unsubscribe();
    this._unsub = this.hass.connection.subscribeMessage(
      (figures) => {
        this.figures = figures;
        this.renderFigures();
      },
      { type: "unmanned_store/panel/camera/subscribe", entry_id: this.entryId, camera_id: this.camera.id },
    );
    this._unsub.catch(() => {});
  }

  async loadPicture() {
    try {
      const shot = await call(this.hass, this.lang, "camera/snapshot", {
        entry_id: this.entryId,
        camera_id: this.camera.id,
      });
      this.image = `data:${shot.content_type};base64,${shot.image}`;
      this.pictureError = "";
    } catch (err) {
      this.image = null;
      this.pictureError = err.message;
    }
    // A new picture over the old one changes only the picture: the owner may be naming a zone.
    const img = this.shadowRoot.querySelector("#picture");
    if (img && this.image) img.src = this.image;
    else this.render();
  }

  // ----- drawing -----

  _point(ev) {
    const rect = this.shadowRoot.querySelector("svg").getBoundingClientRect();
    return [ROUND((ev.clientX - rect.left) / rect.width), ROUND((ev.clientY - rect.top) / rect.height)];
  }

  _down(ev) {
    const handle = ev.target.closest("[data-handle]");
    const svg = this.shadowRoot.querySelector("svg");
    if (handle && this.mode === "idle") {
      this.drag = handle.dataset.handle;
      svg.setPointerCapture(ev.pointerId);
      ev.preventDefault();
      return;
    }
    if (this.mode === "line") {
      const p = this._point(ev);
      this.line = { p1: p, p2: p };
      this.drag = "line:p2";
      svg.setPointerCapture(ev.pointerId);
      ev.preventDefault();
    } else if (this.mode === "zone") {
      this.draft.push(this._point(ev));
      this.renderDrawing();
      ev.preventDefault();
    }
  }

  _move(ev) {
    if (!this.drag) return;
    const p = this._point(ev);
    const [kind, a, b] = this.drag.split(":");
    if (kind === "line" && this.line) this.line[a] = p;
    else if (kind === "zone") this.zones[Number(a)].polygon[Number(b)] = p;
    this.dirty = true;
    this.renderDrawing();
  }

  _up() {
    if (!this.drag) return;
    const wasLine = this.drag === "line:p2" && this.mode === "line";
    this.drag = null;
    this.dirty = true;
    if (wasLine) {
      this.mode = "idle";
      this.render();
    } else {
      this.renderDrawing();
    }
  }

  _startLine() {
    this.mode = this.mode === "line" ? "idle" : "line";
    this.render();
  }

  _flip() {
    if (!this.line) return;
    this.line = { p1: this.line.p2, p2: this.line.p1 };
    this.dirty = true;
    this.render();
  }

  _removeLine() {
    this.line = null;
    this.dirty = true;
    this.render();
  }

  _startZone() {
    this.mode = "zone";
    this.draft = [];
    this.render();
  }

  _finishZone() {
    if (this.draft.length >= 3) {
      const taken = new Set(this.zones.map((z) => z.name));
      // An ignore area is the owner's choice (by its name), never a name given by default.
      const name = ZONE_PRESETS.find((n) => !taken.has(n) && !isIgnoreArea(n)) || `zone${this.zones.length + 1}`;
      this.zones.push({ name, polygon: this.draft });
      this.dirty = true;
    }
    this.draft = [];
    this.mode = "idle";
    this.render();
  }

  _cancel() {
    this.draft = [];
    this.mode = "idle";
    this.render();
  }

  async _save() {
    this.error = "";
    this.message = "";
    this.saving = true;
    this.render();
    try {
      const answer = await call(this.hass, this.lang, "camera/save", {
        entry_id: this.entryId,
        camera_id: this.camera.id,
        line: this.line,
        zones: this.zones,
      });
      this.camera = answer.camera;
      this.dirty = false;
      this.message = t(this.lang, "camera.saved");
      this.dispatchEvent(new CustomEvent("camera-saved", { detail: answer.camera, bubbles: true, composed: true }));
    } catch (err) {
      this.error = err.message;
    }
    this.saving = false;
    this.render();
  }

  async _loadClips() {
    try {
      this.clips = (await call(this.hass, this.lang, "camera/clips")).clips;
    } catch (err) {
      this.clips = [];
      this.replayError = err.message;
    }
    this.render();
  }

  async _replay() {
    const clip = this.shadowRoot.querySelector("#clip").value;
    this.replayResult = "";
    this.replayError = "";
    this.replaying = true;
    this.render();
    try {
      const result = await call(this.hass, this.lang, "camera/replay", {
        entry_id: this.entryId,
        camera_id: this.camera.id,
        clip,
        line: this.line,
        zones: this.zones,
      });
      this.replayResult = t(this.lang, "camera.replay_result", result);
    } catch (err) {
      this.replayError = err.message;
    }
    this.replaying = false;
    this.render();
  }

  // ----- rendering -----

  _zoneLabel(name) {
    // Every ignore… name reads as an ignore area, not only the preset.
    const key = isIgnoreArea(name) ? "zone.ignore" : `zone.${name}`;
    return has(this.lang, key) ? `${t(this.lang, key)} (${name})` : name;
  }

  drawingSvg() {
    const [w, h] = [1000, Math.round((1000 * this.size[1]) / this.size[0])];
    const pts = (poly) => poly.map(([x, y]) => `${x * w},${y * h}`).join(" ");
    let out = "";
    this.zones.forEach((zone, zi) => {
      const colour = zoneColour(zone, zi);
      out += isIgnoreArea(zone.name)
        ? `<polygon class="zone ignore" points="${pts(zone.polygon)}" fill="url(#ignore-hatch)" stroke="${colour}" stroke-width="4" stroke-dasharray="14 8"/>`
        : `<polygon class="zone" points="${pts(zone.polygon)}" fill="${colour}" fill-opacity="0.25" stroke="${colour}" stroke-width="4"/>`;
      const [cx, cy] = zone.polygon[0];
      out += `<text x="${cx * w + 8}" y="${cy * h + 30}" fill="#fff" stroke="#000" stroke-width="1" font-size="30" font-weight="700">${esc(this._zoneLabel(zone.name))}</text>`;
      zone.polygon.forEach(([x, y], pi) => {
        out += `<circle data-handle="zone:${zi}:${pi}" cx="${x * w}" cy="${y * h}" r="16" fill="${colour}" stroke="#fff" stroke-width="4"/>`;
      });
    });
    if (this.draft.length) {
      out += `<polyline points="${pts(this.draft)}" fill="none" stroke="#ffeb3b" stroke-width="4" stroke-dasharray="12 8"/>`;
      this.draft.forEach(([x, y]) => {
        out += `<circle cx="${x * w}" cy="${y * h}" r="12" fill="#ffeb3b"/>`;
      });
    }
    if (this.line) {
      const { p1, p2 } = this.line;
      out += `<line x1="${p1[0] * w}" y1="${p1[1] * h}" x2="${p2[0] * w}" y2="${p2[1] * h}" stroke="#00e5ff" stroke-width="8" stroke-linecap="round"/>`;
      if (p1[0] !== p2[0] || p1[1] !== p2[1]) {
        const arrow = inArrow(p1, p2, w, h, 70);
        out += `<line class="in-arrow" x1="${arrow.from[0]}" y1="${arrow.from[1]}" x2="${arrow.to[0]}" y2="${arrow.to[1]}" stroke="#76ff03" stroke-width="10" marker-end="url(#head)"/>`;
        out += `<text x="${arrow.to[0] + 12}" y="${arrow.to[1] + 12}" fill="#76ff03" stroke="#000" stroke-width="1.5" font-size="40" font-weight="800">${esc(t(this.lang, "camera.in"))}</text>`;
      }
      out += `<circle data-handle="line:p1" cx="${p1[0] * w}" cy="${p1[1] * h}" r="20" fill="#00e5ff" stroke="#fff" stroke-width="4"/>`;
      out += `<circle data-handle="line:p2" cx="${p2[0] * w}" cy="${p2[1] * h}" r="20" fill="#00e5ff" stroke="#fff" stroke-width="4"/>`;
    }
    return `<defs><marker id="head" markerWidth="4" markerHeight="4" refX="2" refY="2" orient="auto"><path d="M0,0 L4,2 L0,4 z" fill="#76ff03"/></marker>
      <pattern id="ignore-hatch" width="20" height="20" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="20" height="20" fill="${IGNORE_COLOUR}" fill-opacity="0.2"/><line x1="0" y1="0" x2="0" y2="20" stroke="${IGNORE_COLOUR}" stroke-width="8" stroke-opacity="0.6"/></pattern></defs>${out}`;
  }

  renderDrawing() {
    const svg = this.shadowRoot.querySelector("svg");
    if (svg) svg.innerHTML = this.drawingSvg();
    const state = this.shadowRoot.querySelector("#dirty");
    if (state) state.textContent = this.dirty ? t(this.lang, "camera.unsaved") : "";
  }

  renderFigures() {
    const box = this.shadowRoot.querySelector("#figures");
    if (!box) return;
    const f = this.figures;
    if (!f) {
      box.innerHTML = "";
      return;
    }
    const L = (k) => esc(t(this.lang, k));
    const zones = Object.entries(f.zones || {})
      .map(([name, n]) => `<div class="figure"><div class="value">${n}</div><div class="label">${esc(this._zoneLabel(name))}</div></div>`)
      .join("");
    box.innerHTML = `
      ${f.available ? "" : `<p class="hint">${L("camera.unavailable")}</p>`}
      <div class="figures">
        <div class="figure"><div class="value" id="people">${f.people ?? "–"}</div><div class="label">${L("camera.people")}</div></div>
        <div class="figure"><div class="value" id="entries">${f.entries_today}</div><div class="label">${L("camera.entries")}</div></div>
        <div class="figure"><div class="value" id="exits">${f.exits_today}</div><div class="label">${L("camera.exits")}</div></div>
        ${zones}
      </div>`;
  }

  render() {
    const L = (k, v) => esc(t(this.lang, k, v));
    const zoneRows = this.zones
      .map(
        (zone, i) => `
        <div class="list-item">
          <span class="swatch" style="background:${zoneColour(zone, i)}"></span>
          <label class="field grow">${L("camera.zone_name")}
            <input class="zone-name" data-index="${i}" value="${esc(zone.name)}" list="zone-presets" autocomplete="off">
          </label>
          <button class="danger remove-zone" data-index="${i}">${L("camera.remove_zone")}</button>
        </div>`,
      )
      .join("");
    const presets = ZONE_PRESETS.map((n) => `<option value="${n}">${esc(t(this.lang, `zone.${n}`))}</option>`).join("");
    const clips =
      this.clips === null
        ? ""
        : this.clips.length === 0
          ? `<p class="hint">${L("camera.no_clips")}</p>`
          : `<div class="row"><label class="field grow">${L("camera.clip")}<select id="clip">${this.clips
              .map((c) => `<option value="${esc(c.path)}">${esc(c.name)}</option>`)
              .join("")}</select></label>
             <button class="secondary" id="replay" ${this.replaying ? "disabled" : ""}>${L("camera.replay_run")}</button></div>`;
    const hint =
      this.mode === "line" ? L("camera.draw_line_hint") : this.mode === "zone" ? L("camera.zone_hint") : "";
    this.shadowRoot.innerHTML = `
      <style>${STYLE}
        :host { min-height: 0; background: none; }
        .stage { position: relative; width: 100%; background: #222; border-radius: 8px; overflow: hidden;
          touch-action: none; user-select: none; }
        .stage img { display: block; width: 100%; height: auto; }
        .stage .empty { color: #eee; padding: 48px 16px; text-align: center; }
        .stage svg { position: absolute; inset: 0; width: 100%; height: 100%; cursor: crosshair; }
        .stage svg [data-handle] { cursor: grab; }
        .swatch { width: 20px; height: 20px; border-radius: 4px; display: inline-block; }
        .layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr); gap: 12px; }
        @media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
      </style>
      <div class="layout">
        <div>
          <div class="stage" data-mode="${this.mode}">
            ${this.image ? `<img id="picture" src="${this.image}" alt="">` : `<div class="empty">${esc(this.pictureError || t(this.lang, "camera.no_picture"))}</div>`}
            <svg viewBox="0 0 1000 ${Math.round((1000 * this.size[1]) / this.size[0])}" preserveAspectRatio="none">${this.drawingSvg()}</svg>
          </div>
          ${hint ? `<p class="hint" id="mode-hint">${hint}</p>` : ""}
          <div class="row">
            <button class="${this.mode === "line" ? "action" : "secondary"}" id="draw-line">${L("camera.draw_line")}</button>
            <button class="secondary" id="flip" ${this.line ? "" : "disabled"}>${L("camera.flip")}</button>
            <button class="secondary" id="remove-line" ${this.line ? "" : "disabled"}>${L("camera.remove_line")}</button>
          </div>
          <div class="row">
            ${
              this.mode === "zone"
                ? `<button class="action" id="finish-zone">${L("camera.finish_zone")}</button>
                   <button class="secondary" id="cancel">${L("camera.cancel")}</button>`
                : `<button class="secondary" id="add-zone">${L("camera.add_zone")}</button>`
            }
            <button class="secondary" id="reload-picture">${L("camera.reload_picture")}</button>
          </div>
        </div>
        <div>
          <div class="card">
            <h2>${L("camera.live")}</h2>
            <div id="figures"></div>
          </div>
          <div class="card">
            <h2>${L("camera.zones")}</h2>
            <p class="hint">${L("camera.zone_name_hint")}</p>
            <p class="hint" id="ignore-hint">${L("camera.ignore_hint")}</p>
            <datalist id="zone-presets">${presets}</datalist>
            ${zoneRows}
            <div class="row">
              <button class="action" id="save" ${this.saving ? "disabled" : ""}>${L("camera.save")}</button>
              <span class="hint" id="dirty">${this.dirty ? L("camera.unsaved") : ""}</span>
            </div>
            ${this.message ? `<p class="ok" id="saved">${esc(this.message)}</p>` : ""}
            ${this.error ? `<p class="error" id="save-error">${esc(this.error)}</p>` : ""}
          </div>
          <div class="card">
            <h2>${L("camera.replay")}</h2>
            <p class="hint">${L("camera.replay_hint")}</p>
            ${this.clips === null ? `<button class="secondary" id="load-clips">${L("camera.find_clips")}</button>` : clips}
            ${this.replaying ? `<p class="hint">${L("camera.replay_running")}</p>` : ""}
            ${this.replayResult ? `<p class="ok" id="replay-result">${esc(this.replayResult)}</p>` : ""}
            ${this.replayError ? `<p class="error">${esc(this.replayError)}</p>` : ""}
          </div>
        </div>
      </div>`;
    const $ = (sel) => this.shadowRoot.querySelector(sel);
    const svg = $("svg");
    svg.addEventListener("pointerdown", (ev) => this._down(ev));
    svg.addEventListener("pointermove", (ev) => this._move(ev));
    svg.addEventListener("pointerup", () => this._up());
    svg.addEventListener("pointercancel", () => this._up());
    const img = $("#picture");
    if (img) {
      img.addEventListener("load", () => {
        const size = [img.naturalWidth || 16, img.naturalHeight || 9];
        if (size[0] !== this.size[0] || size[1] !== this.size[1]) {
          this.size = size;
          svg.setAttribute("viewBox", `0 0 1000 ${Math.round((1000 * size[1]) / size[0])}`);
          this.renderDrawing();
        }
      });
    }
    $("#draw-line").addEventListener("click", () => this._startLine());
    $("#flip").addEventListener("click", () => this._flip());
    $("#remove-line").addEventListener("click", () => this._removeLine());
    $("#reload-picture").addEventListener("click", () => this.loadPicture());
    $("#add-zone")?.addEventListener("click", () => this._startZone());
    $("#finish-zone")?.addEventListener("click", () => this._finishZone());
    $("#cancel")?.addEventListener("click", () => this._cancel());
    $("#save").addEventListener("click", () => this._save());
    $("#load-clips")?.addEventListener("click", () => this._loadClips());
    $("#replay")?.addEventListener("click", () => this._replay());
    this.shadowRoot.querySelectorAll("input.zone-name").forEach((input) =>
      input.addEventListener("input", () => {
        const index = Number(input.dataset.index);
        this.zones[index].name = input.value.trim();
        input.closest(".list-item").querySelector(".swatch").style.background = zoneColour(this.zones[index], index);
        this.dirty = true;
        this.renderDrawing();
      }),
    );
    this.shadowRoot.querySelectorAll("button.remove-zone").forEach((button) =>
      button.addEventListener("click", () => {
        this.zones.splice(Number(button.dataset.index), 1);
        this.dirty = true;
        this.render();
      }),
    );
    this.renderFigures();
  }
}

if (!customElements.get("unmanned-store-camera-editor")) {
  customElements.define("unmanned-store-camera-editor", CameraEditor);
}
