// The score grid (scoring/templates/scoring/grid/sheet.html): spreadsheet keys, every cell checked as typed,
// autosave per cell with optimistic concurrency (a stale save is refused by the server with the stored
// value: never a silent overwrite), live totals and who else has the sheet open. Points are handled as
// whole cents so that sums are exact. No inline script anywhere: the page's CSP forbids it.
(function () {
  "use strict";

  const table = document.getElementById("score-grid");
  if (!table) return;
  const MSG = JSON.parse(document.getElementById("grid-messages").textContent);
  const SEP = table.dataset.decimalSeparator || ",";
  const EDITABLE = table.dataset.editable === "1";
  const BONUS_CAP = toCents(table.dataset.bonusCap) || 0;
  const live = document.getElementById("grid-live");
  const notice = document.getElementById("grid-notice");
  const csrfInput = document.querySelector("input[name=csrfmiddlewaretoken]");

  // ---------------------------------------------------------------------------------------- numbers

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, (match, key) => (key in values ? String(values[key]) : match));
  }

  // "7.50" / "-2" (the server's plain form) → 750 / -200; "" or null → null.
  function toCents(text) {
    if (text === null || text === undefined || String(text).trim() === "") return null;
    const parsed = parsePoints(String(text));
    return parsed.error ? null : parsed.cents;
  }

  // What the user typed: {cents} (null for an empty cell) or {error}. Comma or point as decimal mark.
  function parsePoints(text) {
    const value = text.trim();
    if (value === "") return { cents: null };
    const match = /^([+-]?)(\d*)(?:[.,](\d*))?$/.exec(value);
    if (!match || (match[2] + (match[3] || "")).length === 0) return { error: MSG.number };
    const whole = match[2] || "0";
    const fraction = match[3] || "";
    if (/[^0]/.test(fraction.slice(2))) return { error: MSG.decimals };
    if (whole.replace(/^0+/, "").length > 9) return { cents: (match[1] === "-" ? -1 : 1) * 1e12 };
    const cents = Number(whole) * 100 + Number((fraction + "00").slice(0, 2));
    return { cents: match[1] === "-" ? -cents : cents };
  }

  // 750 → "7,50" (totals and messages).
  function format2(cents) {
    const sign = cents < 0 ? "-" : "";
    const abs = Math.abs(cents);
    return sign + Math.floor(abs / 100) + SEP + String(abs % 100).padStart(2, "0");
  }

  // 750 → "7,5", 1000 → "10" (cells, as the server shows them).
  function formatShort(cents) {
    if (cents === null) return "";
    return format2(cents).replace(new RegExp("\\" + SEP + "?0+$"), "").replace(new RegExp("\\" + SEP + "$"), "");
  }

  function plain(cents) {
    if (cents === null) return "";
    const sign = cents < 0 ? "-" : "";
    const abs = Math.abs(cents);
    return sign + Math.floor(abs / 100) + "." + String(abs % 100).padStart(2, "0");
  }

  // ---------------------------------------------------------------------------------------- rows

  const rows = Array.from(table.querySelectorAll("tr.grid-row")).map((tr) => ({
    tr,
    id: tr.dataset.criterion,
    code: tr.dataset.code,
    kind: tr.dataset.kind,
    url: tr.dataset.url,
    min: toCents(tr.dataset.min) || 0,
    max: toCents(tr.dataset.max) || 0,
    ancestors: (tr.dataset.ancestors || "").split(" ").filter(Boolean),
    version: Number(tr.dataset.version || 0),
    points: tr.querySelector("input.grid-points"),
    comment: tr.querySelector("input.grid-comment"),
    pointsError: tr.querySelector("#points-error-" + tr.dataset.criterion),
    commentError: tr.querySelector("#comment-error-" + tr.dataset.criterion),
    state: tr.querySelector("[data-role=state]"),
    savedBy: tr.querySelector("[data-role=saved-by]"),
    savedAt: tr.querySelector("[data-role=saved-at]"),
    saved: null,
    inflight: null,
    queued: false,
    conflict: null,
    conflictRow: null,
  }));
  const byId = new Map(rows.map((row) => [row.id, row]));
  rows.forEach((row) => {
    row.saved = { cents: toCents(row.tr.dataset.savedPoints), comment: row.comment ? row.comment.value.trim() : "" };
  });

  function rowOf(element) {
    const tr = element.closest("tr.grid-row");
    return tr ? byId.get(tr.dataset.criterion) : null;
  }

  function typed(row) {
    return { text: row.points.value, comment: row.comment.value.trim() };
  }

  // The rules of one cell, as the server applies them (scoring/domain/sheets.py check_cell).
  function check(row) {
    const { text, comment } = typed(row);
    const parsed = parsePoints(text);
    const result = { cents: parsed.cents, comment, pointsError: parsed.error || "", commentError: "" };
    if (parsed.error || parsed.cents === null) return result;
    const range = row.kind === "penalty" ? MSG.penalty_range : MSG.range;
    if (parsed.cents < row.min || parsed.cents > row.max) {
      result.pointsError = fill(range, { code: row.code, max: formatShort(row.kind === "penalty" ? -row.min : row.max) });
    } else if (!comment && row.kind === "normal" && parsed.cents < row.max) {
      result.commentError = MSG.comment_for_deduction;
    } else if (!comment && row.kind === "penalty" && parsed.cents < 0) {
      result.commentError = MSG.comment_for_penalty;
    }
    return result;
  }

  function showError(input, box, message) {
    box.textContent = message;
    box.hidden = !message;
    if (message) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", box.id);
    } else {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }

  function showCheck(row, result) {
    showError(row.points, row.pointsError, result.pointsError);
    showError(row.comment, row.commentError, result.commentError);
  }

  function same(a, b) {
    return a && b && a.cents === b.cents && a.comment === b.comment;
  }

  function isDirty(row) {
    const result = check(row);
    return !!(result.pointsError || !same(result, row.saved));
  }

  function setState(row, state) {
    row.state.dataset.state = state;
    row.state.textContent = state === "idle" ? "" : MSG[state] || "";
  }

  function announce(text) {
    live.textContent = "";
    window.setTimeout(() => { live.textContent = text; }, 50);
  }

  // ---------------------------------------------------------------------------------------- totals

  // A cell counts with its typed value while that value is a valid number, else with its saved one.
  function effective(row) {
    if (!row.points) return row.saved.cents || 0;
    const result = check(row);
    return (result.pointsError ? row.saved.cents : result.cents) || 0;
  }

  function computeTotals(valueOf) {
    const groups = {};
    const sums = { normal: 0, bonus: 0, penalty: 0 };
    rows.forEach((row) => {
      const cents = valueOf(row);
      sums[row.kind] += cents;
      row.ancestors.forEach((id) => { groups[id] = (groups[id] || 0) + cents; });
    });
    const bonus = Math.min(sums.bonus, BONUS_CAP);
    return { groups, bonus, penalty: sums.penalty, total: Math.max(0, sums.normal + bonus + sums.penalty) };
  }

  function setOutputs(selector, text) {
    document.querySelectorAll(selector).forEach((output) => { output.textContent = text; });
  }

  function showTotals(totals) {
    table.querySelectorAll("output[data-subtotal-for]").forEach((output) => {
      output.textContent = format2(totals.groups[output.dataset.subtotalFor] || 0);
    });
    ["bonus", "penalty", "total"].forEach((key) => setOutputs("output[data-total=" + key + "]", format2(totals[key])));
  }

  function recompute() {
    showTotals(computeTotals(effective));
  }

  // After a save: the server's totals are the truth. When no cell is waiting, show them; if they differ
  // from the saved cells on this page, someone else changed another cell: say so.
  function applyServerTotals(server) {
    if (rows.some((row) => row.inflight || row.conflict || (row.points && isDirty(row)))) return;
    const local = computeTotals((row) => row.saved.cents || 0);
    let differs = toCents(server.total) !== local.total;
    table.querySelectorAll("tr[data-top-group]").forEach((tr) => {
      const cents = toCents(server.groups[tr.dataset.groupCode]);
      if (cents !== null && cents !== (local.groups[tr.dataset.group] || 0)) differs = true;
    });
    if (!differs) return showTotals(local);
    table.querySelectorAll("tr[data-top-group]").forEach((tr) => {
      const cents = toCents(server.groups[tr.dataset.groupCode]);
      if (cents !== null) tr.querySelector("output[data-subtotal-for]").textContent = format2(cents);
    });
    ["bonus", "penalty", "total"].forEach((key) => setOutputs("output[data-total=" + key + "]", format2(toCents(server[key]))));
    notice.textContent = MSG.other_changes;
    notice.hidden = false;
  }

  // ---------------------------------------------------------------------------------------- saving

  function csrfToken() {
    const cookie = document.cookie.split("; ").find((item) => item.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.split("=")[1]) : (csrfInput ? csrfInput.value : "");
  }

  function showSaved(row, entry) {
    row.version = entry.version;
    row.tr.dataset.version = String(entry.version);
    row.points.dataset.version = String(entry.version);
    row.saved = { cents: toCents(entry.points), comment: entry.comment };
    row.savedBy.textContent = entry.updated_by || "";
    row.savedAt.textContent = entry.updated_at_display || "";
    if (entry.updated_at) row.savedAt.setAttribute("datetime", entry.updated_at);
  }

  async function save(row, force) {
    if (!row.points || (row.conflict && !force)) return;
    const result = check(row);
    showCheck(row, result);
    if (result.pointsError || result.commentError) {
      setState(row, result.pointsError ? "invalid" : "needs_comment");
      return;
    }
    const sending = { cents: result.cents, comment: result.comment };
    if (row.inflight) {
      if (!same(sending, row.inflight)) row.queued = true;
      return;
    }
    if (same(sending, row.saved) && row.state.dataset.state !== "error") {
      setState(row, row.state.dataset.state === "idle" ? "idle" : "saved");
      return;
    }
    row.inflight = sending;
    setState(row, "saving");
    try {
      await send(row, sending);
    } finally {
      row.inflight = null;
      if (row.queued) {
        row.queued = false;
        save(row);
      }
    }
  }

  async function send(row, sending) {
    let response;
    let body = null;
    try {
      response = await fetch(row.url, {
        method: "POST", credentials: "same-origin", redirect: "manual",
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" },
        body: new URLSearchParams({ points: plain(sending.cents), comment: sending.comment, version: String(row.version) }),
      });
    } catch (error) {
      return failed(row, MSG.network);
    }
    if (response.type === "opaqueredirect") return failed(row, MSG.session);
    if ((response.headers.get("Content-Type") || "").includes("application/json")) {
      body = await response.json().catch(() => null);
    }
    if (response.ok && body && body.entry) return succeeded(row, sending, body);
    if (response.status === 409 && body && body.current) return conflicted(row, body.current);
    if (body && body.detail) return failed(row, body.detail);
    return failed(row, response.status === 403 ? MSG.session : MSG.server);
  }

  function succeeded(row, sending, body) {
    showSaved(row, body.entry);
    const now = check(row);
    if (!now.pointsError && now.cents === row.saved.cents && document.activeElement !== row.points) {
      row.points.value = body.entry.points_display;
    }
    setState(row, same(now, row.saved) ? "saved" : "unsaved");
    announce(fill(MSG.saved_cell, { code: row.code }));
    applyServerTotals(body.totals);
  }

  function failed(row, detail) {
    setState(row, "error");
    showError(row.points, row.pointsError, detail);
    announce(fill(MSG.error_cell, { code: row.code, detail }));
  }

  // ---------------------------------------------------------------------------------------- conflicts

  function conflicted(row, current) {
    row.conflict = current;
    setState(row, "conflict");
    if (!row.conflictRow) {
      const template = document.getElementById("grid-conflict-template");
      row.conflictRow = template.content.firstElementChild.cloneNode(true);
      row.conflictRow.dataset.conflictFor = row.id;
      row.conflictRow.setAttribute("data-testid", "conflict-" + row.code);
      row.tr.after(row.conflictRow);
    }
    const mine = check(row);
    const theirs = toCents(current.points);
    const values = {
      name: current.updated_by || "",
      theirs: theirs === null ? MSG.empty : format2(theirs),
      mine: mine.pointsError ? row.points.value.trim() : mine.cents === null ? MSG.empty : format2(mine.cents),
    };
    let text = fill(current.updated_by ? MSG.conflict_by : MSG.conflict_anonymous, values);
    if (current.comment && current.comment !== mine.comment) text += " " + fill(MSG.conflict_comment, { comment: current.comment });
    row.conflictRow.querySelector("[data-role=conflict-text]").textContent = text;
  }

  function closeConflict(row) {
    const current = row.conflict;
    row.conflict = null;
    if (row.conflictRow) {
      row.conflictRow.remove();
      row.conflictRow = null;
    }
    return current;
  }

  function keepMine(row) {
    const current = closeConflict(row);
    row.version = current.version;
    row.points.focus();
    save(row, true);
  }

  function takeTheirs(row) {
    const current = closeConflict(row);
    showSaved(row, current);
    row.points.value = current.points_display;
    row.comment.value = current.comment;
    showCheck(row, check(row));
    setState(row, "saved");
    recompute();
    row.points.focus();
  }

  // ---------------------------------------------------------------------------------------- keyboard

  function focusCell(row, column) {
    if (!row) return;
    const input = column === "comment" ? row.comment : row.points;
    input.focus();
    input.select();
  }

  function neighbour(row, step) {
    return rows[rows.indexOf(row) + step] || null;
  }

  function atStart(input) {
    return input.selectionStart === 0 && input.selectionEnd === 0;
  }

  function atEnd(input) {
    return input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
  }

  function onKeydown(event) {
    const input = event.target;
    if (!input.classList || !input.classList.contains("grid-input") || event.altKey || event.ctrlKey || event.metaKey) return;
    const row = rowOf(input);
    const column = input.dataset.col;
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      focusCell(neighbour(row, event.key === "ArrowUp" ? -1 : 1), column);
    } else if (event.key === "ArrowRight" && column === "points" && atEnd(input)) {
      event.preventDefault();
      focusCell(row, "comment");
    } else if (event.key === "ArrowLeft" && column === "comment" && atStart(input)) {
      event.preventDefault();
      focusCell(row, "points");
    } else if (event.key === "Enter") {
      event.preventDefault();
      onEnter(row, column);
    } else if (event.key === "Escape" && !row.conflict) {
      event.preventDefault();
      row.points.value = formatShort(row.saved.cents);
      row.comment.value = row.saved.comment;
      showCheck(row, { pointsError: "", commentError: "" });
      setState(row, "idle");
      recompute();
    }
  }

  // Enter saves and moves down; a bad number keeps the focus, a missing reason goes to the comment.
  function onEnter(row, column) {
    const result = check(row);
    save(row);
    if (result.pointsError || row.conflict) return;
    if (result.commentError && column === "points") return focusCell(row, "comment");
    focusCell(neighbour(row, 1), column);
  }

  function onInput(event) {
    const row = event.target.classList.contains("grid-input") ? rowOf(event.target) : null;
    if (!row) return;
    const result = check(row);
    showCheck(row, result);
    if (!row.conflict && !row.inflight) {
      if (result.pointsError) setState(row, "invalid");
      else if (result.commentError) setState(row, "needs_comment");
      else setState(row, same(result, row.saved) ? "idle" : "unsaved");
    }
    recompute();
  }

  function onChange(event) {
    const row = event.target.classList.contains("grid-input") ? rowOf(event.target) : null;
    if (row) save(row);
  }

  function onClick(event) {
    const button = event.target.closest("button[data-action]");
    const conflictRow = button ? button.closest("tr[data-conflict-for]") : null;
    if (!conflictRow) return;
    const row = byId.get(conflictRow.dataset.conflictFor);
    if (button.dataset.action === "mine") keepMine(row);
    else takeTheirs(row);
  }

  if (EDITABLE) {
    table.addEventListener("keydown", onKeydown);
    table.addEventListener("input", onInput);
    table.addEventListener("change", onChange);
    table.addEventListener("click", onClick);
    window.addEventListener("beforeunload", (event) => {
      if (rows.some((row) => row.inflight || row.conflict || (row.points && isDirty(row)))) {
        event.preventDefault();
        event.returnValue = MSG.leave;
      }
    });
  }

  // ---------------------------------------------------------------------------------------- presence

  const presence = document.getElementById("grid-presence");
  const presenceUrl = table.dataset.presenceUrl;
  const pollMs = Number(table.dataset.pollSeconds || 15) * 1000;
  // Polling stops after a long idle spell, so an open tab does not keep the session alive for ever.
  const IDLE_MS = 20 * 60 * 1000;
  let lastActivity = Date.now();
  ["keydown", "pointerdown", "input"].forEach((type) => document.addEventListener(type, () => { lastActivity = Date.now(); }));

  function showPresence(others) {
    const names = others.map((other) => other.name).join(", ");
    presence.textContent = names ? fill(MSG.present, { names }) : "";
    presence.hidden = !names;
  }

  async function poll() {
    if (document.hidden || Date.now() - lastActivity > IDLE_MS) return;
    try {
      const response = await fetch(presenceUrl, { credentials: "same-origin", redirect: "manual",
                                                  headers: { "Accept": "application/json" } });
      if (!response.ok) return;
      const body = await response.json();
      showPresence(body.others || []);
    } catch (error) {
      // Presence is a courtesy: a failed poll is tried again at the next tick.
    }
  }

  if (presence && presenceUrl) {
    window.setInterval(poll, pollMs);
    document.addEventListener("visibilitychange", () => { if (!document.hidden) poll(); });
  }
})();
