// schema studio — the browser page. Plain JS, no dependencies; see studio-api.md.
// Everything the server sends is put into the page with textContent / DOM nodes only.
'use strict';

(() => {
  const DEFAULT_LIMIT = 50;
  const PAGE_SIZES = [25, 50, 100, 500];
  const OPS = [
    ['eq', '='], ['ne', '≠'], ['lt', '<'], ['gt', '>'],
    ['contains', 'contains'], ['starts', 'starts with'],
    ['null', 'is null'], ['notnull', 'is not null'], ['in', 'in'],
  ];
  const OP_SET = new Set(OPS.map((o) => o[0]));
  const NO_VALUE_OPS = new Set(['null', 'notnull']);
  const LONG_VALUE = 60;        // longer values get an expand button and a title
  const PAGE_STEP = 10;         // PageUp / PageDown in the grid
  const REFERENCE_CAP = 1000;   // the server counts referencing rows up to this

  const state = {
    // Until /api/info answers, assume the most careful mode.
    info: { read_only: true, allow_writes: false, database: '', version: '' },
    namespaces: [],
    meta: null,                 // /api/table answer of the open relation
    filters: [],
    sort: null,
    limit: DEFAULT_LIMIT,
    preferredLimit: DEFAULT_LIMIT,
    paging: 'keyset',
    stack: [null],              // keyset cursors used for the pages so far
    offset: 0,
    next: null,
    columns: [],
    colIndex: new Map(),
    fkByColumn: new Map(),
    rows: [],                   // {values, refs, message, inserted, gone, expanded:Set}
    pageCount: 0,
    loadError: null,
    ms: null,
    selection: new Set(),       // row objects
    focus: { row: 0, col: 0 },
    editor: null,
    insert: null,
    console: null,              // {columns, rows}
    seq: { meta: 0, rows: 0, sql: 0 },
    expectedHash: null,
    busy: 0,
  };

  const dom = {};

  // ---------------------------------------------------------------- utilities

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else if (k === 'dataset') Object.assign(e.dataset, v);
        else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
        else if (typeof v !== 'string' && k in e) e[k] = v;
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

  function formatCount(n) {
    if (n === null || n === undefined) return '';
    const v = Number(n);
    if (!Number.isFinite(v) || v < 0) return '';
    return '~' + compact.format(v).replace('K', 'k');
  }

  function formatMs(ms) {
    const v = Number(ms);
    if (!Number.isFinite(v)) return '';
    return (v < 10 ? v.toFixed(1) : String(Math.round(v))) + ' ms';
  }

  function plural(n, one, many) {
    return String(n) === '1' ? one : many;
  }

  // The server counts referencing rows up to REFERENCE_CAP.
  function countText(n) {
    return String(n) === String(REFERENCE_CAP) ? REFERENCE_CAP + '+' : String(n);
  }

  function isJsonSpace(ch) {
    return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
  }

  // Re-indents JSON text without parsing numbers or strings, so that big numbers and
  // exact string contents survive an edit untouched. Invalid JSON is returned as is.
  function prettyJson(text) {
    if (typeof text !== 'string') return text;
    try { JSON.parse(text); } catch { return text; }
    let out = '';
    let depth = 0;
    let inString = false;
    let escaped = false;
    const newline = () => '\n' + '  '.repeat(depth);
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        out += ch;
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (isJsonSpace(ch)) continue;
      if (ch === '"') { inString = true; out += ch; continue; }
      if (ch === '{' || ch === '[') {
        let j = i + 1;
        while (j < text.length && isJsonSpace(text[j])) j++;
        if (text[j] === (ch === '{' ? '}' : ']')) { out += ch + text[j]; i = j; continue; }
        depth++;
        out += ch + newline();
        continue;
      }
      if (ch === '}' || ch === ']') { depth--; out += newline() + ch; continue; }
      if (ch === ',') { out += ',' + newline(); continue; }
      if (ch === ':') { out += ': '; continue; }
      out += ch;
    }
    return out;
  }

  const pad2 = (n) => String(n).padStart(2, '0');

  // "2026-12-01 10:00:00.123+00" (PostgreSQL, ISO) → the same instant in the browser's
  // zone, keeping the fraction digits as sent. Anything unusual (infinity, BC) as is.
  function formatTimestamptz(raw) {
    const m = /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(\.\d+)?([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?$/.exec(raw);
    if (!m) return raw;
    const d = new Date(0);
    d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
    const offset = (m[8] === '-' ? -1 : 1)
      * (Number(m[9]) * 3600 + Number(m[10] || 0) * 60 + Number(m[11] || 0)) * 1000;
    const t = d.getTime() - offset;
    if (!Number.isFinite(t)) return raw;
    const l = new Date(t);
    const zone = -l.getTimezoneOffset();
    const za = Math.abs(zone);
    const zoneText = (zone < 0 ? '-' : '+') + pad2(Math.floor(za / 60)) + (za % 60 ? ':' + pad2(za % 60) : '');
    return String(l.getFullYear()).padStart(4, '0') + '-' + pad2(l.getMonth() + 1) + '-' + pad2(l.getDate())
      + ' ' + pad2(l.getHours()) + ':' + pad2(l.getMinutes()) + ':' + pad2(l.getSeconds())
      + (m[7] || '') + zoneText;
  }

  function displayValue(col, value) {
    if (col.kind === 'bool') return isTrue(value) ? 'true' : isFalse(value) ? 'false' : value;
    if (col.kind === 'timestamptz') return formatTimestamptz(value);
    return value;
  }

  // Rows carry booleans as `true`/`false` (a text cast), the console as `t`/`f`
  // (PostgreSQL's output function).
  function isTrue(v) { return v === 't' || v === 'true'; }
  function isFalse(v) { return v === 'f' || v === 'false'; }

  function isTypingTarget(t) {
    if (!t || !t.tagName) return false;
    if (t.isContentEditable) return true;
    if (t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') return true;
    if (t.tagName !== 'INPUT') return false;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(t.type);
  }

  function sameJson(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // ---------------------------------------------------------------- server

  class ApiError extends Error {
    constructor(status, data) {
      super((data && data.error) || ('HTTP ' + status));
      this.status = status;
      this.data = data || { error: this.message };
    }
  }

  async function api(path, body) {
    const init = { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.method = 'POST';
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, { error: 'cannot reach the schema studio server', detail: String((e && e.message) || e) });
    }
    let text = '';
    try {
      text = await res.text();
    } catch (e) {
      throw new ApiError(res.status, { error: 'the answer was cut off', detail: String((e && e.message) || e) });
    }
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (!res.ok) {
      if (!data || typeof data !== 'object' || typeof data.error !== 'string') {
        data = { error: (res.status + ' ' + (res.statusText || 'error')).trim(), detail: text.slice(0, 300) || null };
      }
      if ((res.status === 401 || res.status === 403) && !data.detail) {
        data.detail = 'open the address with ?token=… that schema studio printed when it started';
      }
      throw new ApiError(res.status, data);
    }
    if (!data || typeof data !== 'object') {
      throw new ApiError(res.status, { error: 'the server answered with something that is not JSON', detail: text.slice(0, 200) || null });
    }
    return data;
  }

  function errorData(err) {
    if (err instanceof ApiError) return err.data;
    return { error: String((err && err.message) || err) };
  }

  function errorLine(err) {
    const d = errorData(err);
    let s = d.error || 'error';
    if (d.detail) s += ' — ' + d.detail;
    if (d.constraint) s += ' (constraint ' + d.constraint + ')';
    return s;
  }

  // ---------------------------------------------------------------- status

  function setStatus(message, kind = 'info') {
    dom.status.textContent = message;
    dom.status.className = 'status status-' + kind;
    dom.status.title = kind === 'error' ? message : '';
  }

  function showError(prefix, err) {
    setStatus((prefix ? prefix + ': ' : '') + errorLine(err), 'error');
  }

  function busyStart(message) {
    state.busy++;
    document.body.classList.add('busy');
    if (message) setStatus(message, 'busy');
  }

  function busyEnd() {
    state.busy = Math.max(0, state.busy - 1);
    if (!state.busy) {
      document.body.classList.remove('busy');
      if (dom.status.classList.contains('status-busy')) setStatus('');
    }
  }

  // ---------------------------------------------------------------- info

  async function loadInfo() {
    try {
      const info = await api('/api/info');
      state.info = {
        database: String(info.database || ''),
        version: String(info.version || ''),
        read_only: info.read_only !== false,
        allow_writes: info.allow_writes === true,
      };
    } catch (e) {
      showError('Could not load the server info (editing stays off)', e);
    }
    renderInfo();
  }

  function renderInfo() {
    const info = state.info;
    dom.database.textContent = info.database;
    dom.version.textContent = info.version;
    dom.mode.hidden = !info.read_only;
    dom.mode.title = 'schema studio was started read-only: no edits';
    document.body.classList.toggle('read-only', info.read_only);
    dom.consoleMode.hidden = info.allow_writes;
  }

  // ---------------------------------------------------------------- sidebar

  const KIND_LABELS = {
    view: 'view',
    'materialized view': 'mat. view',
    'foreign table': 'foreign',
    'partitioned table': 'partitioned',
  };

  async function loadTables() {
    dom.tables.replaceChildren(el('p', { class: 'sidebar-note' }, 'Loading…'));
    try {
      const ans = await api('/api/tables');
      state.namespaces = Array.isArray(ans.namespaces) ? ans.namespaces : [];
      renderSidebar();
    } catch (e) {
      dom.tables.replaceChildren(
        el('p', { class: 'sidebar-note error-text' }, 'Could not load the tables: ' + errorLine(e)),
        el('button', { type: 'button', class: 'small', onclick: loadTables }, 'Retry'),
      );
      showError('Could not load the tables', e);
    }
  }

  function relationLink(schema, rel) {
    const rows = formatCount(rel.rows);
    const kindLabel = KIND_LABELS[rel.kind] || (rel.kind && rel.kind !== 'table' ? rel.kind : '');
    const title = schema + '.' + rel.name + (rel.kind ? ' (' + rel.kind + ')' : '')
      + (rel.rows === null || rel.rows === undefined ? ', never analysed' : ', about ' + rel.rows + ' rows');
    return el('a', {
      class: 'relation' + (kindLabel ? ' relation-' + rel.kind.replace(/\s+/g, '-') : ''),
      href: buildHash({ schema, name: rel.name }),
      tabindex: '-1',
      title,
      dataset: { schema, name: rel.name, kind: rel.kind || 'table' },
    },
    el('span', { class: 'rel-name' }, rel.name),
    kindLabel ? el('span', { class: 'rel-kind' }, kindLabel) : null,
    el('span', { class: 'rel-rows' }, rows));
  }

  function renderSidebar() {
    const frag = document.createDocumentFragment();
    for (const ns of state.namespaces) {
      const ul = el('ul', { class: 'relations' });
      for (const rel of ns.relations || []) ul.append(el('li', null, relationLink(ns.name, rel)));
      frag.append(el('section', { class: 'namespace', dataset: { schema: ns.name } },
        el('h2', { class: 'ns-name' }, ns.name), ul));
    }
    if (!state.namespaces.length) frag.append(el('p', { class: 'sidebar-note' }, 'No tables or views.'));
    frag.append(el('p', { class: 'sidebar-note no-match', hidden: true }, 'Nothing matches.'));
    dom.tables.replaceChildren(frag);
    applySidebarFilter();
    markActiveRelation();
  }

  function applySidebarFilter() {
    const q = dom.tableFilter.value.trim().toLowerCase();
    let any = false;
    for (const section of dom.tables.querySelectorAll('section.namespace')) {
      let sectionAny = false;
      for (const a of section.querySelectorAll('a.relation')) {
        const name = a.dataset.name.toLowerCase();
        const qualified = (a.dataset.schema + '.' + a.dataset.name).toLowerCase();
        const match = !q || name.includes(q) || qualified.includes(q);
        a.parentElement.hidden = !match;
        sectionAny = sectionAny || match;
      }
      section.hidden = !sectionAny;
      any = any || sectionAny;
    }
    const noMatch = dom.tables.querySelector('.no-match');
    if (noMatch) noMatch.hidden = any || !q || !state.namespaces.length;
    updateSidebarRoving();
  }

  function visibleRelations() {
    return [...dom.tables.querySelectorAll('a.relation')].filter((a) => !a.closest('[hidden]'));
  }

  function updateSidebarRoving() {
    const links = visibleRelations();
    const current = links.find((a) => a.classList.contains('active')) || links[0];
    for (const a of dom.tables.querySelectorAll('a.relation')) a.tabIndex = a === current ? 0 : -1;
  }

  function focusRelation(a) {
    if (!a) return;
    for (const x of dom.tables.querySelectorAll('a.relation')) x.tabIndex = -1;
    a.tabIndex = 0;
    a.focus();
    a.scrollIntoView({ block: 'nearest' });
  }

  function markActiveRelation() {
    const m = state.meta;
    for (const a of dom.tables.querySelectorAll('a.relation')) {
      const active = !!m && a.dataset.schema === m.schema && a.dataset.name === m.name;
      a.classList.toggle('active', active);
      if (active) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    updateSidebarRoving();
  }

  function onTableFilterKey(ev) {
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      focusRelation(visibleRelations()[0]);
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      const first = visibleRelations()[0];
      if (first) first.click();
    } else if (ev.key === 'Escape') {
      if (dom.tableFilter.value) {
        ev.preventDefault();
        dom.tableFilter.value = '';
        applySidebarFilter();
      } else {
        dom.tableFilter.blur();
      }
    }
  }

  function onSidebarKey(ev) {
    const a = ev.target.closest && ev.target.closest('a.relation');
    if (!a) return;
    const links = visibleRelations();
    const i = links.indexOf(a);
    let target = null;
    if (ev.key === 'ArrowDown') target = links[Math.min(links.length - 1, i + 1)];
    else if (ev.key === 'ArrowUp') {
      if (i <= 0) { ev.preventDefault(); dom.tableFilter.focus(); return; }
      target = links[i - 1];
    } else if (ev.key === 'Home') target = links[0];
    else if (ev.key === 'End') target = links[links.length - 1];
    else return;
    ev.preventDefault();
    focusRelation(target);
  }

  function onSidebarClick(ev) {
    const a = ev.target.closest && ev.target.closest('a.relation');
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    // The same address again: no hashchange would fire, so reload by hand.
    if (a.getAttribute('href') === location.hash) {
      ev.preventDefault();
      route();
    }
  }

  // ---------------------------------------------------------------- address (hash)

  function buildHash(t) {
    const p = new URLSearchParams();
    if (t.filters && t.filters.length) p.set('f', JSON.stringify(t.filters));
    if (t.sort) {
      p.set('s', t.sort.column);
      if (t.sort.desc) p.set('d', '1');
    }
    if (t.limit && t.limit !== DEFAULT_LIMIT) p.set('n', String(t.limit));
    const q = p.toString();
    return '#/' + encodeURIComponent(t.schema) + '/' + encodeURIComponent(t.name) + (q ? '?' + q : '');
  }

  function parseFilters(raw) {
    if (!raw) return [];
    let list;
    try { list = JSON.parse(raw); } catch { return []; }
    if (!Array.isArray(list)) return [];
    return list
      .filter((f) => f && typeof f.column === 'string' && OP_SET.has(f.op))
      .map((f) => {
        let value;
        if (NO_VALUE_OPS.has(f.op)) value = null;
        else if (f.op === 'in') {
          value = Array.isArray(f.value)
            ? f.value.filter((v) => v !== null && v !== undefined).map(String)
            : String(f.value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
        } else value = f.value === null || f.value === undefined ? '' : String(f.value);
        return { column: f.column, op: f.op, value };
      });
  }

  function parseHash(hash) {
    const m = /^#\/([^/?]*)\/([^?]*)(?:\?(.*))?$/.exec(hash || '');
    if (!m) return null;
    let schema;
    let name;
    try {
      schema = decodeURIComponent(m[1]);
      name = decodeURIComponent(m[2]);
    } catch {
      return null;
    }
    if (!schema || !name) return null;
    const p = new URLSearchParams(m[3] || '');
    const s = p.get('s');
    const n = Number(p.get('n'));
    return {
      schema,
      name,
      filters: parseFilters(p.get('f')),
      sort: s ? { column: s, desc: p.get('d') === '1' } : null,
      limit: PAGE_SIZES.includes(n) ? n : state.preferredLimit,
    };
  }

  function currentTarget() {
    return { schema: state.meta.schema, name: state.meta.name, filters: state.filters, sort: state.sort, limit: state.limit };
  }

  function onHashChange() {
    if (location.hash === state.expectedHash) return;
    route();
  }

  // Called after a change of filters, sort or page size: new address, first page.
  function commitView() {
    if (!state.meta) return;
    const h = buildHash(currentTarget());
    if (location.hash !== h) {
      location.hash = h;
      state.expectedHash = location.hash;
    }
    updateExportLinks();
    loadRows();
  }

  async function route() {
    const target = parseHash(location.hash);
    state.expectedHash = location.hash;
    // Any table still loading for an earlier address is now stale.
    const seq = ++state.seq.meta;
    if (!target) {
      state.seq.rows++;
      clearTable();
      return;
    }
    const same = state.meta && state.meta.schema === target.schema && state.meta.name === target.name;
    if (!same) {
      state.seq.rows++;
      closeEditor(false);
      closeInsert();
      busyStart('Loading ' + target.schema + '.' + target.name + '…');
      let meta;
      try {
        meta = await api('/api/table?' + new URLSearchParams({ schema: target.schema, name: target.name }));
      } catch (e) {
        if (seq === state.seq.meta) {
          clearTable();
          dom.tableTitle.textContent = target.schema + '.' + target.name;
          showGridMessage('Could not open ' + target.schema + '.' + target.name + ': ' + errorLine(e));
          showError('Could not open ' + target.schema + '.' + target.name, e);
        }
        return;
      } finally {
        busyEnd();
      }
      if (seq !== state.seq.meta) return;
      setMeta(meta, target);
    }
    state.filters = target.filters;
    state.sort = target.sort;
    state.limit = target.limit;
    dom.pageSize.value = String(state.limit);
    renderFilterBar();
    updateExportLinks();
    await loadRows();
  }

  // ---------------------------------------------------------------- table

  function setMeta(meta, target) {
    meta.schema = meta.schema || target.schema;
    meta.name = meta.name || target.name;
    meta.columns = Array.isArray(meta.columns) ? meta.columns : [];
    meta.primary_key = Array.isArray(meta.primary_key) ? meta.primary_key : [];
    meta.foreign_keys = Array.isArray(meta.foreign_keys) ? meta.foreign_keys : [];
    meta.referenced_by = Array.isArray(meta.referenced_by) ? meta.referenced_by : [];
    state.meta = meta;
    state.rows = [];
    state.selection.clear();
    state.focus = { row: 0, col: 0 };
    state.paging = 'keyset';
    state.stack = [null];
    state.offset = 0;
    state.next = null;
    setColumns(meta.columns);
    dom.gridWrap.scrollTop = 0;
    dom.gridWrap.scrollLeft = 0;
    renderTableHead();
    markActiveRelation();
  }

  function setColumns(columns) {
    state.columns = columns;
    state.colIndex = new Map(columns.map((c, i) => [c.name, i]));
    state.fkByColumn = new Map();
    for (const fk of (state.meta && state.meta.foreign_keys) || []) {
      if (!Array.isArray(fk.columns) || !Array.isArray(fk.references)) continue;
      for (const c of fk.columns) {
        const known = state.fkByColumn.get(c);
        if (!known || known.columns.length > fk.columns.length) state.fkByColumn.set(c, fk);
      }
    }
  }

  function canEdit() {
    const m = state.meta;
    return !!m && !state.info.read_only && m.editable === true && m.primary_key.length > 0;
  }

  function canEditColumn(col) {
    return canEdit() && !!col && !col.generated;
  }

  function readOnlyReason() {
    const m = state.meta;
    if (state.info.read_only) return 'schema studio runs read-only';
    if (m.kind && m.kind !== 'table' && m.kind !== 'partitioned table') return 'a ' + m.kind + ' is not edited here';
    if (!m.primary_key.length) return 'no primary key: rows cannot be told apart';
    return 'not editable';
  }

  function renderTableHead() {
    const m = state.meta;
    dom.tableTitle.replaceChildren(el('span', { class: 'title-schema' }, m.schema + '.'), el('span', { class: 'title-name' }, m.name));
    dom.tableKind.hidden = !m.kind || m.kind === 'table';
    dom.tableKind.textContent = m.kind || '';
    dom.tableRows.textContent = m.rows === null || m.rows === undefined
      ? 'never analysed'
      : formatCount(m.rows) + ' ' + plural(m.rows, 'row', 'rows') + ' (estimate)';
    const editable = canEdit();
    dom.tableMode.hidden = editable;
    dom.tableMode.textContent = 'read-only';
    dom.tableMode.title = editable ? '' : readOnlyReason();
    dom.tableComment.hidden = !m.comment;
    dom.tableComment.textContent = m.comment || '';
    document.title = m.schema + '.' + m.name + ' — schema studio';
    dom.insert.hidden = !editable;
    dom.delete.hidden = !editable;
    dom.tableView.classList.toggle('can-edit', editable);
    dom.addFilter.disabled = false;
    dom.refresh.disabled = false;
    dom.gridPlaceholder.hidden = true;
    updateDeleteButton();
  }

  function clearTable() {
    closeEditor(false);
    closeInsert();
    state.meta = null;
    state.rows = [];
    state.columns = [];
    state.filters = [];
    state.sort = null;
    state.selection.clear();
    state.loadError = null;
    dom.tableTitle.textContent = 'Pick a table';
    dom.tableKind.hidden = true;
    dom.tableMode.hidden = true;
    dom.tableRows.textContent = '';
    dom.tableComment.hidden = true;
    document.title = 'schema studio';
    dom.insert.hidden = true;
    dom.delete.hidden = true;
    dom.tableView.classList.remove('can-edit');
    dom.addFilter.disabled = true;
    dom.refresh.disabled = true;
    dom.first.disabled = dom.prev.disabled = dom.next.disabled = true;
    dom.pageInfo.textContent = '';
    dom.timing.textContent = '';
    dom.grid.tHead.replaceChildren();
    dom.grid.tBodies[0].replaceChildren();
    dom.gridPlaceholder.hidden = false;
    renderFilterBar();
    updateExportLinks();
    markActiveRelation();
  }

  function showGridMessage(text) {
    dom.grid.tHead.replaceChildren();
    dom.grid.tBodies[0].replaceChildren(el('tr', { class: 'grid-message' },
      el('td', { class: 'grid-error' }, text)));
    dom.gridPlaceholder.hidden = true;
  }

  // ---------------------------------------------------------------- filters

  function renderFilterBar() {
    dom.filters.replaceChildren(...state.filters.map((f) => buildFilterRow(f, true)));
    updateFilterBar();
  }

  function updateFilterBar() {
    dom.filterBar.hidden = !state.meta || !dom.filters.children.length;
  }

  function buildFilterRow(f, touched) {
    const columns = state.meta ? state.meta.columns : [];
    const colSelect = el('select', { class: 'filter-column', 'aria-label': 'Filter column' },
      columns.map((c) => el('option', { value: c.name }, c.name)));
    if (!columns.some((c) => c.name === f.column)) colSelect.append(el('option', { value: f.column }, f.column));
    colSelect.value = f.column;
    const opSelect = el('select', { class: 'filter-op', 'aria-label': 'Filter operator' },
      OPS.map(([v, label]) => el('option', { value: v }, label)));
    opSelect.value = f.op;
    const input = el('input', {
      type: 'text', class: 'filter-value', 'aria-label': 'Filter value', spellcheck: 'false', autocomplete: 'off',
    });
    input.value = f.op === 'in' && Array.isArray(f.value) ? f.value.join(', ') : (f.value ?? '');
    const remove = el('button', { type: 'button', class: 'filter-remove icon', 'aria-label': 'Remove filter', title: 'Remove filter' }, '×');
    const row = el('div', { class: 'filter', role: 'group', 'aria-label': 'Filter' }, colSelect, opSelect, input, remove);
    if (touched) row.dataset.touched = '1';
    syncFilterRow(row);
    return row;
  }

  function syncFilterRow(row) {
    const op = row.querySelector('.filter-op').value;
    const input = row.querySelector('.filter-value');
    input.hidden = NO_VALUE_OPS.has(op);
    input.placeholder = op === 'in' ? 'a, b, c' : 'value';
  }

  function readFilters(includeAll) {
    const out = [];
    for (const row of dom.filters.querySelectorAll('.filter')) {
      if (!includeAll && !row.dataset.touched) continue;
      const column = row.querySelector('.filter-column').value;
      const op = row.querySelector('.filter-op').value;
      const text = row.querySelector('.filter-value').value;
      let value = text;
      if (NO_VALUE_OPS.has(op)) value = null;
      else if (op === 'in') {
        value = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
        if (!value.length) continue;
      }
      out.push({ column, op, value });
    }
    return out;
  }

  function applyFilters(includeAll) {
    if (!state.meta) return;
    if (includeAll) for (const row of dom.filters.querySelectorAll('.filter')) row.dataset.touched = '1';
    const filters = readFilters(includeAll);
    updateFilterBar();
    if (sameJson(filters, state.filters)) return;
    state.filters = filters;
    commitView();
  }

  function addFilter() {
    if (!state.meta || !state.meta.columns.length) return;
    // The column of the cell last focused in the grid, else the first one.
    const last = dom.grid._roving && dom.grid._roving.dataset.column;
    const column = last && state.meta.columns.some((c) => c.name === last) ? last : state.meta.columns[0].name;
    const row = buildFilterRow({ column, op: 'eq', value: '' }, false);
    dom.filters.append(row);
    updateFilterBar();
    row.querySelector('.filter-value').focus();
  }

  function onFiltersEvent(ev) {
    const row = ev.target.closest && ev.target.closest('.filter');
    if (!row) return;
    const t = ev.target;
    if (ev.type === 'input' && t.matches('.filter-value')) {
      row.dataset.touched = '1';
    } else if (ev.type === 'change') {
      if (t.matches('.filter-op')) {
        syncFilterRow(row);
        if (NO_VALUE_OPS.has(t.value)) row.dataset.touched = '1';
        if (row.dataset.touched) applyFilters(false);
        else if (!NO_VALUE_OPS.has(t.value)) row.querySelector('.filter-value').focus();
      } else if (t.matches('.filter-column')) {
        if (row.dataset.touched) applyFilters(false);
      } else if (t.matches('.filter-value')) {
        applyFilters(false);
      }
    } else if (ev.type === 'keydown' && t.matches('.filter-value')) {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        row.dataset.touched = '1';
        applyFilters(false);
      }
    } else if (ev.type === 'click' && t.closest('.filter-remove')) {
      const prev = row.previousElementSibling || row.nextElementSibling;
      row.remove();
      applyFilters(false);
      if (prev) prev.querySelector('.filter-value, select').focus();
      else dom.addFilter.focus();
    }
  }

  function clearFilters() {
    dom.filters.replaceChildren();
    applyFilters(false);
    dom.addFilter.focus();
  }

  // ---------------------------------------------------------------- export

  function updateExportLinks() {
    const m = state.meta;
    for (const [a, format] of [[dom.exportCsv, 'csv'], [dom.exportJson, 'json']]) {
      if (!m) {
        a.removeAttribute('href');
        a.setAttribute('aria-disabled', 'true');
        continue;
      }
      const q = JSON.stringify({ filters: state.filters, sort: state.sort });
      a.href = '/api/export?' + new URLSearchParams({ schema: m.schema, name: m.name, format, q });
      a.removeAttribute('aria-disabled');
    }
  }

  // ---------------------------------------------------------------- rows

  // paging: {stack, offset}; the first page by default. keepOnError: a failed page
  // turn leaves the rows shown as they were.
  async function loadRows(paging = { stack: [null], offset: 0 }, keepOnError = false) {
    const meta = state.meta;
    if (!meta) return;
    const seq = ++state.seq.rows;
    closeEditor(false);
    const offsetMode = state.paging === 'offset';
    const body = {
      schema: meta.schema,
      name: meta.name,
      filters: state.filters,
      sort: state.sort,
      limit: state.limit,
      after: offsetMode ? null : paging.stack[paging.stack.length - 1],
      offset: offsetMode ? paging.offset : 0,
    };
    busyStart('Loading rows of ' + meta.name + '…');
    dom.gridWrap.classList.add('loading');
    try {
      const ans = await api('/api/rows', body);
      if (seq !== state.seq.rows || meta !== state.meta) return;
      state.stack = paging.stack;
      state.offset = paging.offset;
      state.paging = ans.paging === 'offset' ? 'offset' : 'keyset';
      state.next = ans.next === undefined ? null : ans.next;
      state.ms = ans.ms;
      state.loadError = null;
      setColumns(Array.isArray(ans.columns) && ans.columns.length ? ans.columns : meta.columns);
      const rows = Array.isArray(ans.rows) ? ans.rows : [];
      const refs = Array.isArray(ans.references) ? ans.references : [];
      state.rows = rows.map((values, i) => newRow(values, Array.isArray(refs[i]) ? refs[i] : null));
      state.pageCount = rows.length;
      state.selection.clear();
      if (!keepOnError) state.focus = { row: 0, col: Math.min(state.focus.col, Math.max(0, state.columns.length - 1)) };
      renderGrid();
      renderPager();
      setStatus(rows.length + ' ' + plural(rows.length, 'row', 'rows') + ' of ' + meta.name
        + (state.filters.length ? ' (filtered)' : '') + ' · ' + formatMs(ans.ms), 'ok');
    } catch (e) {
      if (seq !== state.seq.rows || meta !== state.meta) return;
      showError('Could not load the rows of ' + meta.name, e);
      if (!keepOnError) {
        state.rows = [];
        state.pageCount = 0;
        state.next = null;
        state.stack = [null];
        state.offset = 0;
        state.loadError = errorLine(e);
        setColumns(meta.columns);
        renderGrid();
        renderPager();
      }
    } finally {
      if (seq === state.seq.rows) dom.gridWrap.classList.remove('loading');
      busyEnd();
    }
  }

  function newRow(values, refs) {
    return { values: Array.isArray(values) ? values : [], refs, message: null, inserted: false, gone: false, expanded: new Set() };
  }

  function pageIndex() {
    return state.paging === 'offset' ? Math.floor(state.offset / state.limit) : state.stack.length - 1;
  }

  function renderPager() {
    const first = state.paging === 'offset' ? state.offset === 0 : state.stack.length <= 1;
    const start = state.paging === 'offset' ? state.offset : pageIndex() * state.limit;
    const n = state.pageCount;
    dom.pageInfo.textContent = n ? (start + 1) + '–' + (start + n) : (first ? 'no rows' : 'no more rows');
    dom.first.disabled = first;
    dom.prev.disabled = first;
    dom.next.disabled = state.next === null || state.next === undefined;
    dom.timing.textContent = state.ms === null || state.ms === undefined ? '' : formatMs(state.ms);
  }

  function nextPage() {
    if (!state.meta || state.next === null || state.next === undefined) return;
    if (state.paging === 'offset') loadRows({ stack: [null], offset: state.offset + state.limit }, true);
    else loadRows({ stack: state.stack.concat([state.next]), offset: 0 }, true);
  }

  function prevPage() {
    if (!state.meta) return;
    if (state.paging === 'offset') loadRows({ stack: [null], offset: Math.max(0, state.offset - state.limit) }, true);
    else if (state.stack.length > 1) loadRows({ stack: state.stack.slice(0, -1), offset: 0 }, true);
  }

  function firstPage() {
    if (!state.meta) return;
    loadRows({ stack: [null], offset: 0 }, true);
  }

  function refreshPage() {
    if (!state.meta) return;
    loadRows({ stack: state.stack.slice(), offset: state.offset }, true);
  }

  function onPageSize() {
    const n = Number(dom.pageSize.value);
    if (!PAGE_SIZES.includes(n)) return;
    state.preferredLimit = n;
    if (!state.meta || n === state.limit) { state.limit = n; return; }
    state.limit = n;
    commitView();
  }

  // ---------------------------------------------------------------- grid rendering (shared)

  function mainModel() {
    return { table: dom.grid, main: true, columns: state.columns, rows: state.rows };
  }

  function modelOf(table) {
    if (table === dom.grid) return mainModel();
    if (state.console && table === state.console.table) {
      return { table, main: false, columns: state.console.columns, rows: state.console.rows };
    }
    return null;
  }

  function isExpandable(col, value) {
    if (value === null || value === undefined) return false;
    if (col.kind === 'json') return true;
    return value.length > LONG_VALUE || /[\r\n]/.test(value);
  }

  function headerCell(col, sortable) {
    const marks = [];
    if (state.meta && sortable && state.meta.primary_key.includes(col.name)) {
      marks.push(el('span', { class: 'col-mark pk', title: 'primary key' }, 'key'));
    }
    const fk = sortable ? state.fkByColumn.get(col.name) : null;
    if (fk) {
      marks.push(el('span', {
        class: 'col-mark fk-mark',
        title: 'references ' + fk.schema + '.' + fk.table + ' (' + fk.references.join(', ') + ')',
      }, '→ ' + fk.table));
    }
    const name = el('span', { class: 'col-name' }, col.name);
    const type = el('span', { class: 'type' }, col.type || col.kind || '');
    const titleParts = [col.name + ' ' + (col.type || '')];
    if (col.nullable === false) titleParts.push('not null');
    if (col.has_default) titleParts.push('has a default');
    if (col.generated) titleParts.push('generated');
    if (col.comment) titleParts.push('— ' + col.comment);
    const th = el('th', {
      scope: 'col',
      class: 'kind-' + (col.kind || 'other'),
      title: titleParts.join(', '),
      dataset: { column: col.name },
    });
    const sort = state.sort && state.sort.column === col.name ? (state.sort.desc ? 'descending' : 'ascending') : null;
    if (sortable) {
      th.setAttribute('aria-sort', sort || 'none');
      th.classList.add('sortable');
      const indicator = el('span', { class: 'sort-indicator', 'aria-hidden': 'true' },
        sort === 'ascending' ? '▲' : sort === 'descending' ? '▼' : '');
      th.append(el('button', { type: 'button', class: 'sort', 'aria-label': 'Sort by ' + col.name },
        el('span', { class: 'col-line' }, name, marks, indicator), type));
    } else {
      th.append(el('span', { class: 'col-line' }, name), type);
    }
    return th;
  }

  function cellNodes(col, value, r, c, href) {
    if (value === null || value === undefined) return [el('span', { class: 'null' }, 'NULL')];
    const expanded = r.expanded.has(c);
    const nodes = [];
    if (expanded) {
      nodes.push(el('pre', { class: 'value-full' }, col.kind === 'json' ? prettyJson(value) : value));
    } else {
      const text = displayValue(col, value);
      const cls = 'value' + (col.kind === 'bool' ? ' bool bool-' + (isTrue(value) ? 'true' : 'false') : '');
      if (href) nodes.push(el('a', { class: cls + ' fk', href, tabindex: '-1' }, text));
      else nodes.push(el('span', { class: cls }, text));
    }
    if (isExpandable(col, value)) {
      nodes.push(el('button', {
        type: 'button', class: 'expand icon', tabindex: '-1',
        'aria-label': expanded ? 'Collapse value' : 'Expand value', title: expanded ? 'Collapse (Space)' : 'Expand (Space)',
      }, expanded ? '−' : '…'));
    }
    return nodes;
  }

  function fkHref(fk, values) {
    const vals = fk.columns.map((c) => values[state.colIndex.get(c)]);
    if (vals.some((v) => v === null || v === undefined)) return null;
    return buildHash({
      schema: fk.schema,
      name: fk.table,
      filters: fk.references.map((c, k) => ({ column: c, op: 'eq', value: vals[k] })),
      limit: state.limit,
    });
  }

  function buildCell(model, r, c) {
    const col = model.columns[c];
    const value = r.values[c];
    const td = el('td', {
      class: 'cell kind-' + (col.kind || 'other'),
      tabindex: '-1',
      dataset: { column: col.name },
    });
    let href = null;
    if (model.main) {
      const fk = state.fkByColumn.get(col.name);
      if (fk) {
        href = fkHref(fk, r.values);
        if (href) td.classList.add('has-fk');
      }
      if (canEditColumn(col) && !r.gone) td.classList.add('editable');
    }
    if (value === '') td.classList.add('empty');
    if (r.expanded.has(c)) td.classList.add('expanded');
    if (col.kind === 'timestamptz' && value !== null && value !== undefined) td.title = value;
    else if (typeof value === 'string' && value.length > LONG_VALUE && !r.expanded.has(c)) td.title = value.slice(0, 2000);
    td.append(...cellNodes(col, value, r, c, href));
    return td;
  }

  function refsCell(r) {
    const td = el('td', { class: 'cell refs', tabindex: '-1' });
    if (!Array.isArray(r.refs)) return td;
    state.meta.referenced_by.forEach((ref, j) => {
      const n = r.refs[j];
      if (n === null || n === undefined || String(n) === '0') return;
      if (!Array.isArray(ref.columns) || !Array.isArray(ref.references)) return;
      const vals = ref.references.map((c) => r.values[state.colIndex.get(c)]);
      if (vals.some((v) => v === null || v === undefined)) return;
      const where = ref.schema === state.meta.schema ? ref.table : ref.schema + '.' + ref.table;
      const filters = ref.columns.map((c, k) => ({ column: c, op: 'eq', value: vals[k] }));
      td.append(el('a', {
        class: 'referenced-by',
        href: buildHash({ schema: ref.schema, name: ref.table, filters, limit: state.limit }),
        tabindex: '-1',
        title: 'Open ' + ref.schema + '.' + ref.table + ' where ' + ref.columns.join(', ') + ' = this row (' + (ref.name || '') + ')',
      }, countText(n) + ' ' + plural(n, 'row', 'rows') + ' in ' + where + ' ' + plural(n, 'references', 'reference') + ' this'));
    });
    return td;
  }

  function hasRefsColumn() {
    return !!state.meta && state.meta.referenced_by.length > 0;
  }

  function mainColumnCount() {
    return (canEdit() ? 1 : 0) + state.columns.length + (hasRefsColumn() ? 1 : 0);
  }

  function buildRow(r, i) {
    const tr = el('tr', { dataset: { row: String(i) } });
    if (i % 2) tr.classList.add('alt');
    if (r.inserted) tr.classList.add('inserted');
    if (r.gone) tr.classList.add('gone');
    if (state.selection.has(r)) tr.classList.add('selected');
    if (canEdit()) {
      tr.append(el('td', { class: 'select' }, el('input', {
        type: 'checkbox', class: 'row-select', tabindex: '-1',
        'aria-label': 'Select row ' + (i + 1), checked: state.selection.has(r), disabled: r.gone,
      })));
    }
    const model = mainModel();
    state.columns.forEach((_, c) => tr.append(buildCell(model, r, c)));
    if (hasRefsColumn()) tr.append(refsCell(r));
    return tr;
  }

  function messageRow(r, i) {
    const m = r.message;
    let box;
    const dismiss = el('button', { type: 'button', class: 'dismiss icon', 'aria-label': 'Dismiss message', title: 'Dismiss' }, '×');
    if (m.kind === 'conflict') {
      box = el('div', { class: 'conflict', role: 'alert' }, el('strong', null, m.error), m.note ? el('span', { class: 'note' }, m.note) : null, dismiss);
    } else {
      box = el('div', { class: 'row-error', role: 'alert' },
        el('strong', { class: 'error-text' }, m.error || 'error'),
        m.detail ? el('span', { class: 'error-detail' }, m.detail) : null,
        m.constraint ? el('span', { class: 'error-constraint' }, 'constraint ', el('code', null, m.constraint)) : null,
        m.column ? el('span', { class: 'error-column' }, 'column ', el('code', null, String(m.column))) : null,
        m.hint ? el('span', { class: 'error-hint' }, m.hint) : null,
        m.code ? el('span', { class: 'error-code' }, 'SQLSTATE ', el('code', null, m.code)) : null,
        dismiss);
    }
    return el('tr', { class: 'row-message', dataset: { messageFor: String(i) } },
      el('td', { colspan: String(mainColumnCount()) }, box));
  }

  function renderGrid() {
    renderMainHead();
    renderBody();
  }

  function renderMainHead() {
    // Keep the keyboard on the same header when the header is built anew.
    const active = document.activeElement;
    const focusedTh = active && dom.grid.tHead.contains(active) ? active.closest('th') : null;
    const focusedColumn = focusedTh ? focusedTh.dataset.column : null;
    const tr = el('tr');
    if (canEdit()) {
      tr.append(el('th', { class: 'select', scope: 'col' }, el('input', {
        type: 'checkbox', id: 'select-all', 'aria-label': 'Select all rows on this page',
      })));
    }
    for (const col of state.columns) tr.append(headerCell(col, true));
    if (hasRefsColumn()) tr.append(el('th', { class: 'refs-head', scope: 'col' }, el('span', { class: 'col-line' }, 'referenced by')));
    dom.grid.tHead.replaceChildren(tr);
    if (focusedColumn !== null && focusedColumn !== undefined) {
      const th = [...tr.querySelectorAll('th[data-column]')].find((x) => x.dataset.column === focusedColumn);
      const btn = th && th.querySelector('button.sort');
      if (btn) btn.focus();
    }
    updateSelectAll();
  }

  function renderBody() {
    if (state.editor) closeEditor(false);
    const hadFocus = dom.grid.tBodies[0].contains(document.activeElement)
      && !(state.insert && state.insert.trs.some((tr) => tr.contains(document.activeElement)));
    const frag = document.createDocumentFragment();
    if (state.insert) frag.append(...state.insert.trs);
    state.rows.forEach((r, i) => {
      frag.append(buildRow(r, i));
      if (r.message) frag.append(messageRow(r, i));
    });
    if (!state.rows.length) {
      const text = state.loadError
        ? 'Could not load the rows: ' + state.loadError
        : (state.filters.length ? 'No rows match the filters.' : (pageIndex() > 0 ? 'No more rows.' : 'No rows.'));
      frag.append(el('tr', { class: 'grid-message' },
        el('td', { class: state.loadError ? 'grid-error' : 'grid-empty', colspan: String(Math.max(1, mainColumnCount())) }, text)));
    }
    dom.grid.tBodies[0].replaceChildren(frag);
    dom.gridPlaceholder.hidden = true;
    ensureRoving(dom.grid, state.focus.row, state.focus.col);
    if (hadFocus && dom.grid._roving) dom.grid._roving.focus();
    updateDeleteButton();
    updateSelectAll();
  }

  function rowEl(i) {
    return dom.grid.querySelector('tbody tr[data-row="' + i + '"]');
  }

  function renderRowMessage(r) {
    const i = state.rows.indexOf(r);
    const tr = rowEl(i);
    if (!tr) return;
    const after = tr.nextElementSibling;
    if (after && after.classList.contains('row-message')) after.remove();
    if (r.message) tr.after(messageRow(r, i));
  }

  function rerenderRow(r, focusCol) {
    const i = state.rows.indexOf(r);
    const old = rowEl(i);
    if (!old) return;
    const hadRoving = old.contains(dom.grid._roving);
    if (state.editor && old.contains(state.editor.td)) state.editor = null;
    old.replaceWith(buildRow(r, i));
    renderRowMessage(r);
    if (focusCol !== undefined) focusCell(dom.grid, i, focusCol);
    else if (hadRoving) ensureRoving(dom.grid, state.focus.row, state.focus.col);
  }

  // ---------------------------------------------------------------- grid focus & keys

  function cellAt(table, r, c) {
    const tr = table.querySelector('tbody tr[data-row="' + r + '"]');
    if (!tr) return null;
    const cells = tr.querySelectorAll(':scope > td.cell');
    return cells[Math.max(0, Math.min(cells.length - 1, c))] || null;
  }

  function posOf(td) {
    const tr = td.parentElement;
    return { row: Number(tr.dataset.row), col: [...tr.querySelectorAll(':scope > td.cell')].indexOf(td) };
  }

  function rowCount(table) {
    return table.querySelectorAll('tbody tr[data-row]').length;
  }

  function setRoving(table, td) {
    const prev = table._roving;
    if (prev && prev !== td) prev.tabIndex = -1;
    td.tabIndex = 0;
    table._roving = td;
  }

  function ensureRoving(table, r, c) {
    table._roving = null;
    const n = rowCount(table);
    if (!n) return;
    const td = cellAt(table, Math.max(0, Math.min(n - 1, r)), c);
    if (td) setRoving(table, td);
  }

  function focusCell(table, r, c) {
    const n = rowCount(table);
    if (!n) return;
    const td = cellAt(table, Math.max(0, Math.min(n - 1, r)), c);
    if (!td) return;
    setRoving(table, td);
    td.focus();
  }

  function onGridFocusIn(ev) {
    const table = ev.currentTarget;
    const td = ev.target.closest && ev.target.closest('td.cell');
    if (!td || !table.contains(td) || !td.parentElement.dataset.row) return;
    setRoving(table, td);
    if (table === dom.grid) state.focus = posOf(td);
  }

  // Arrow keys, Home/End, PageUp/PageDown. True when the key was handled.
  function navKey(table, ev, td) {
    if (ev.altKey) return false;
    const { row, col } = posOf(td);
    const rows = rowCount(table);
    const cols = td.parentElement.querySelectorAll(':scope > td.cell').length;
    let r = row;
    let c = col;
    const ctrl = ev.ctrlKey || ev.metaKey;
    switch (ev.key) {
      case 'ArrowUp': r = ctrl ? 0 : r - 1; break;
      case 'ArrowDown': r = ctrl ? rows - 1 : r + 1; break;
      case 'ArrowLeft': c = ctrl ? 0 : c - 1; break;
      case 'ArrowRight': c = ctrl ? cols - 1 : c + 1; break;
      case 'Home': if (ctrl) r = 0; c = 0; break;
      case 'End': if (ctrl) r = rows - 1; c = cols - 1; break;
      case 'PageUp': r -= PAGE_STEP; break;
      case 'PageDown': r += PAGE_STEP; break;
      default: return false;
    }
    ev.preventDefault();
    focusCell(table, Math.max(0, Math.min(rows - 1, r)), Math.max(0, Math.min(cols - 1, c)));
    return true;
  }

  function toggleExpand(table, td) {
    const model = modelOf(table);
    if (!model || !td.dataset.column) return;
    const { row, col } = posOf(td);
    const r = model.rows[row];
    const column = model.columns[col];
    if (!r || !column || !isExpandable(column, r.values[col])) return;
    if (r.expanded.has(col)) r.expanded.delete(col);
    else r.expanded.add(col);
    const fresh = buildCell(model, r, col);
    td.replaceWith(fresh);
    setRoving(table, fresh);
    fresh.focus();
  }

  async function copyCell(table, td) {
    const sel = window.getSelection && String(window.getSelection());
    if (sel) return false;
    const model = modelOf(table);
    if (!model || !td.dataset.column) return false;
    const { row, col } = posOf(td);
    const value = model.rows[row] && model.rows[row].values[col];
    try {
      await navigator.clipboard.writeText(value === null || value === undefined ? '' : value);
      setStatus('Copied ' + model.columns[col].name + (value === null ? ' (NULL, as empty text)' : ''), 'ok');
    } catch (e) {
      setStatus('Could not copy: ' + ((e && e.message) || e), 'error');
    }
    return true;
  }

  function onLinkInCellKey(ev, td) {
    const t = ev.target;
    if (ev.key === 'Escape') {
      ev.preventDefault();
      td.focus();
      return true;
    }
    if (t.matches('a.referenced-by') && (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft')) {
      const links = [...td.querySelectorAll('a.referenced-by')];
      const i = links.indexOf(t) + (ev.key === 'ArrowRight' ? 1 : -1);
      ev.preventDefault();
      if (links[i]) links[i].focus();
      else td.focus();
      return true;
    }
    return ev.key === 'Enter' || ev.key === ' ';
  }

  function followLinkIn(td) {
    const links = td.querySelectorAll('a.fk, a.referenced-by');
    if (!links.length) return false;
    if (links.length === 1) links[0].click();
    else links[0].focus();
    return true;
  }

  function onMainGridKey(ev) {
    const t = ev.target;
    if (t.closest('.editor, tr.insert-row, tr.insert-actions, tr.row-message')) return;
    const td = t.closest('td.cell');
    if (!td) return;
    if (t !== td && t.tagName === 'A' && onLinkInCellKey(ev, td)) return;
    if (navKey(dom.grid, ev, td)) return;
    const { row, col } = posOf(td);
    const r = state.rows[row];
    const column = td.dataset.column ? state.columns[col] : null;
    const ctrl = ev.ctrlKey || ev.metaKey;
    switch (ev.key) {
      case 'Enter':
        ev.preventDefault();
        if (!column || ctrl || ev.altKey || !canEditColumn(column) || (r && r.gone)) {
          if (!followLinkIn(td)) toggleExpand(dom.grid, td);
        } else {
          openEditor(row, col);
        }
        break;
      case 'F2':
        ev.preventDefault();
        if (column) openEditor(row, col);
        break;
      case ' ':
        ev.preventDefault();
        if (!ev.shiftKey && column && r && isExpandable(column, r.values[col])) toggleExpand(dom.grid, td);
        else if (r && canEdit()) toggleSelection(r);
        break;
      case 'Delete':
        if (canEdit()) {
          ev.preventDefault();
          deleteSelected();
        }
        break;
      case 'c':
      case 'C':
        if (ctrl && !ev.shiftKey && !ev.altKey) copyCell(dom.grid, td);
        break;
      default:
        break;
    }
  }

  function onMainGridClick(ev) {
    const t = ev.target;
    const expand = t.closest('button.expand');
    if (expand) {
      ev.preventDefault();
      toggleExpand(dom.grid, expand.closest('td.cell'));
      return;
    }
    const dismiss = t.closest('tr.row-message button.dismiss');
    if (dismiss) {
      const tr = dismiss.closest('tr.row-message');
      const r = state.rows[Number(tr.dataset.messageFor)];
      if (r) { r.message = null; renderRowMessage(r); } else tr.remove();
      return;
    }
    const th = t.closest('thead th[data-column]');
    if (th) {
      cycleSort(th.dataset.column);
    }
  }

  function onMainGridDblClick(ev) {
    const t = ev.target;
    if (t.closest('.editor, a, button, input, select, textarea, tr.insert-row')) return;
    const td = t.closest('td.cell[data-column]');
    if (!td || !td.parentElement.dataset.row) return;
    const { row, col } = posOf(td);
    openEditor(row, col);
  }

  function onMainGridChange(ev) {
    const t = ev.target;
    if (t.matches('input.row-select')) {
      const tr = t.closest('tr[data-row]');
      const r = state.rows[Number(tr.dataset.row)];
      if (r) setSelected(r, t.checked);
    } else if (t.id === 'select-all') {
      const all = t.checked;
      for (const r of state.rows) if (!r.gone) setSelected(r, all);
    }
  }

  function cycleSort(column) {
    if (!state.meta) return;
    if (!state.sort || state.sort.column !== column) state.sort = { column, desc: false };
    else if (!state.sort.desc) state.sort = { column, desc: true };
    else state.sort = null;
    commitView();
  }

  // ---------------------------------------------------------------- selection & delete

  function setSelected(r, on) {
    if (on) state.selection.add(r);
    else state.selection.delete(r);
    const tr = rowEl(state.rows.indexOf(r));
    if (tr) {
      tr.classList.toggle('selected', on);
      const box = tr.querySelector('input.row-select');
      if (box) box.checked = on;
    }
    updateDeleteButton();
    updateSelectAll();
  }

  function toggleSelection(r) {
    if (r.gone) return;
    setSelected(r, !state.selection.has(r));
  }

  function updateSelectAll() {
    const box = dom.grid.querySelector('#select-all');
    if (!box) return;
    const live = state.rows.filter((r) => !r.gone);
    const n = live.filter((r) => state.selection.has(r)).length;
    box.checked = live.length > 0 && n === live.length;
    box.indeterminate = n > 0 && n < live.length;
    box.disabled = !live.length;
  }

  function updateDeleteButton() {
    const n = state.selection.size;
    dom.delete.disabled = n === 0;
    dom.delete.textContent = n ? 'Delete ' + n + ' ' + plural(n, 'row', 'rows') : 'Delete';
  }

  function keyOf(r) {
    const key = {};
    for (const k of state.meta.primary_key) key[k] = r.values[state.colIndex.get(k)] ?? null;
    return key;
  }

  function originalOf(r) {
    const original = {};
    state.columns.forEach((c, i) => { original[c.name] = r.values[i] === undefined ? null : r.values[i]; });
    return original;
  }

  function findRowByKey(values) {
    const idx = state.meta.primary_key.map((k) => state.colIndex.get(k));
    return state.rows.find((r) => idx.every((i) => r.values[i] === values[i])) || null;
  }

  async function deleteSelected() {
    if (!canEdit()) return;
    const rows = state.rows.filter((r) => state.selection.has(r) && !r.gone);
    if (!rows.length) {
      setStatus('Select rows first (the checkboxes, or Shift+Space on a row)', 'info');
      return;
    }
    const meta = state.meta;
    if (!window.confirm('Delete ' + rows.length + ' ' + plural(rows.length, 'row', 'rows') + ' from ' + meta.name + '?')) return;
    busyStart('Deleting…');
    dom.delete.disabled = true;
    try {
      const ans = await api('/api/delete', {
        schema: meta.schema,
        name: meta.name,
        rows: rows.map((r) => ({ key: keyOf(r), original: originalOf(r) })),
      });
      if (meta !== state.meta) return;
      const gone = new Set(rows);
      state.rows = state.rows.filter((r) => !gone.has(r));
      for (const r of rows) state.selection.delete(r);
      state.pageCount = Math.max(0, state.pageCount - rows.length);
      renderBody();
      const n = ans.deleted ?? rows.length;
      setStatus('Deleted ' + n + ' ' + plural(n, 'row', 'rows') + ' from ' + meta.name, 'ok');
      const td = dom.grid._roving;
      if (td) td.focus();
    } catch (e) {
      if (meta !== state.meta) return;
      if (e instanceof ApiError && e.status === 409 && e.data.conflict) {
        const current = Array.isArray(e.data.row) ? e.data.row : null;
        const r = current ? findRowByKey(current) : null;
        if (r) {
          r.values = current;
          r.message = { kind: 'conflict', error: e.data.error, note: 'Nothing was deleted.' };
          rerenderRow(r);
        }
        setStatus('Nothing was deleted: ' + e.data.error, 'error');
      } else {
        showError('Nothing was deleted', e);
      }
    } finally {
      busyEnd();
      updateDeleteButton();
    }
  }

  // ---------------------------------------------------------------- value editors

  // One control for one value. get() returns the text to send, null for NULL, or
  // throws when the text is not acceptable (JSON).
  function createValueEditor(col, value, forInsert) {
    let isNull = value === null || value === undefined;
    const listeners = [];
    let root;
    let control;
    let get;
    const touch = () => {
      isNull = false;
      root.classList.remove('is-null');
      for (const f of listeners) f();
    };
    const label = forInsert ? 'Value of ' + col.name : 'New value of ' + col.name;
    const base = { class: 'value-input', name: col.name, 'aria-label': label };
    if (col.kind === 'enum' && Array.isArray(col.values)) {
      control = el('select', base);
      if (isNull) control.append(el('option', { value: '', disabled: true }, 'NULL'));
      const values = col.values.slice();
      if (!isNull && !values.includes(value)) values.unshift(value);
      for (const v of values) control.append(el('option', { value: v }, v));
      control.value = isNull ? '' : value;
      control.addEventListener('change', touch);
      root = control;
      get = () => (isNull ? null : control.value);
    } else if (col.kind === 'bool') {
      control = el('input', Object.assign({ type: 'checkbox' }, base));
      control.checked = isTrue(value);
      const shown = el('span', { class: 'bool-state' });
      const sync = () => { shown.textContent = isNull ? 'NULL' : (control.checked ? 'true' : 'false'); };
      control.addEventListener('change', () => { touch(); sync(); });
      root = el('label', { class: 'bool-editor' }, control, shown);
      sync();
      get = () => (isNull ? null : (control.checked ? 'true' : 'false'));
    } else if (col.kind === 'json' || (typeof value === 'string' && /[\r\n]/.test(value))) {
      const initial = isNull ? '' : (col.kind === 'json' ? prettyJson(value) : value);
      const lines = initial.split('\n').length;
      control = el('textarea', Object.assign({ spellcheck: 'false', rows: Math.max(3, Math.min(16, lines + 1)) }, base));
      control.value = initial;
      control.addEventListener('input', touch);
      root = control;
      get = () => {
        if (isNull) return null;
        const text = control.value;
        if (col.kind === 'json') {
          try { JSON.parse(text); } catch (e) { throw new Error('Not valid JSON: ' + e.message); }
          if (text === initial && value !== null && value !== undefined) return value;
        }
        return text;
      };
    } else {
      control = el('input', Object.assign({ type: 'text', spellcheck: 'false', autocomplete: 'off' }, base));
      if (col.kind === 'number') control.setAttribute('inputmode', 'decimal');
      control.value = isNull ? '' : value;
      if (isNull) control.placeholder = 'NULL';
      control.addEventListener('input', touch);
      root = control;
      get = () => (isNull ? null : control.value);
    }
    if (isNull) root.classList.add('is-null');
    return {
      root,
      control,
      get,
      multiline: control.tagName === 'TEXTAREA',
      onTouch: (f) => listeners.push(f),
    };
  }

  // ---------------------------------------------------------------- cell editing

  function openEditor(row, col) {
    const r = state.rows[row];
    const column = state.columns[col];
    if (!r || !column || r.gone || !canEditColumn(column)) return;
    if (state.editor) {
      if (state.editor.row === r && state.editor.col === col) { state.editor.ed.control.focus(); return; }
      if (state.editor.saving) return;
      closeEditor(false);
    }
    const td = cellAt(dom.grid, row, col);
    if (!td) return;
    const ed = createValueEditor(column, r.values[col], false);
    const save = el('button', { type: 'button', class: 'save primary small', title: ed.multiline ? 'Ctrl+Enter' : 'Enter' }, 'Save');
    const setNull = column.nullable ? el('button', { type: 'button', class: 'set-null small', title: 'Save NULL' }, 'Set NULL') : null;
    const cancel = el('button', { type: 'button', class: 'cancel small', title: 'Escape' }, 'Cancel');
    const error = el('div', { class: 'editor-error', role: 'alert', hidden: true });
    const box = el('div', { class: 'editor' + (ed.multiline ? ' multiline' : '') }, ed.root,
      el('div', { class: 'editor-actions' }, save, setNull, cancel), error);
    const e = { row: r, col, td, ed, box, error, buttons: [save, setNull, cancel].filter(Boolean), saving: false };
    state.editor = e;
    save.addEventListener('click', () => saveEdit(false));
    if (setNull) setNull.addEventListener('click', () => saveEdit(true));
    cancel.addEventListener('click', () => closeEditor(true));
    box.addEventListener('keydown', onEditorKey);
    ed.onTouch(() => { error.hidden = true; });
    td.classList.add('editing');
    td.removeAttribute('title');
    td.replaceChildren(box);
    ed.control.focus();
    if (ed.control.tagName === 'INPUT' && ed.control.type === 'text') ed.control.select();
  }

  function onEditorKey(ev) {
    const t = ev.target;
    if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      closeEditor(true);
    } else if (ev.key === 'Enter') {
      if (t.tagName === 'BUTTON') return;
      if (t.tagName === 'TEXTAREA' && !(ev.ctrlKey || ev.metaKey)) return;
      ev.preventDefault();
      ev.stopPropagation();
      saveEdit(false);
    }
  }

  // Puts the cell back as a value. refocus: move the keyboard back to the cell.
  function closeEditor(refocus) {
    const e = state.editor;
    if (!e) return;
    state.editor = null;
    if (!e.td.isConnected) return;
    const i = state.rows.indexOf(e.row);
    const fresh = buildCell(mainModel(), e.row, e.col);
    e.td.replaceWith(fresh);
    if (dom.grid._roving === e.td || !dom.grid._roving || !dom.grid._roving.isConnected) setRoving(dom.grid, fresh);
    if (refocus && i >= 0) focusCell(dom.grid, i, e.col);
  }

  function setEditorBusy(e, on) {
    e.saving = on;
    e.box.classList.toggle('saving', on);
    e.ed.control.disabled = on;
    for (const b of e.buttons) b.disabled = on;
  }

  function showEditorError(e, text) {
    e.error.textContent = text;
    e.error.hidden = false;
    e.ed.control.focus();
  }

  async function saveEdit(forceNull) {
    const e = state.editor;
    if (!e || e.saving) return;
    const meta = state.meta;
    const column = state.columns[e.col];
    const r = e.row;
    let value;
    if (forceNull) value = null;
    else {
      try { value = e.ed.get(); } catch (err) { showEditorError(e, err.message); return; }
    }
    if (value === r.values[e.col]) { closeEditor(true); return; }
    const body = {
      schema: meta.schema,
      name: meta.name,
      key: keyOf(r),
      original: originalOf(r),
      changes: { [column.name]: value },
    };
    r.message = null;
    renderRowMessage(r);
    setEditorBusy(e, true);
    busyStart('Saving ' + column.name + '…');
    try {
      const ans = await api('/api/update', body);
      if (meta !== state.meta) return;
      if (Array.isArray(ans.row)) r.values = ans.row;
      else r.values[e.col] = value;
      if (state.editor === e) state.editor = null;
      rerenderRow(r, e.col);
      setStatus('Saved ' + column.name, 'ok');
    } catch (err) {
      if (meta !== state.meta) return;
      if (err instanceof ApiError && err.status === 409 && err.data.conflict) {
        if (Array.isArray(err.data.row)) {
          r.values = err.data.row;
          r.message = { kind: 'conflict', error: err.data.error };
        } else {
          r.gone = true;
          state.selection.delete(r);
          r.message = { kind: 'conflict', error: err.data.error };
        }
        if (state.editor === e) state.editor = null;
        rerenderRow(r, e.col);
        updateDeleteButton();
        setStatus('Not saved: ' + err.data.error, 'error');
      } else {
        const d = errorData(err);
        r.message = { kind: 'error', error: d.error, detail: d.detail, hint: d.hint, constraint: d.constraint, column: d.column, code: d.code };
        renderRowMessage(r);
        if (state.editor === e) {
          setEditorBusy(e, false);
          e.ed.control.focus();
        }
        setStatus('Not saved: ' + errorLine(err), 'error');
      }
    } finally {
      if (state.editor === e && e.saving) setEditorBusy(e, false);
      busyEnd();
    }
  }

  // ---------------------------------------------------------------- insert

  function insertField(col) {
    const td = el('td', { class: 'insert-cell kind-' + (col.kind || 'other'), dataset: { column: col.name } });
    if (col.generated) {
      td.classList.add('is-default');
      td.append(el('span', { class: 'muted generated' }, 'generated'));
      return { col, td, get: () => undefined, focusable: null };
    }
    let initial = '';
    if (col.kind === 'enum' && Array.isArray(col.values) && col.values.length) initial = col.values[0];
    else if (col.kind === 'bool') initial = 'false';
    const ed = createValueEditor(col, initial, true);
    const useDefault = el('input', { type: 'checkbox', class: 'use-default', 'aria-label': 'Leave ' + col.name + ' to its default', checked: !!(col.has_default || col.nullable) });
    const useNull = col.nullable ? el('input', { type: 'checkbox', class: 'use-null', 'aria-label': 'Insert NULL into ' + col.name }) : null;
    const sync = () => {
      td.classList.toggle('is-default', useDefault.checked);
      td.classList.toggle('is-null', !!useNull && useNull.checked);
    };
    ed.onTouch(() => {
      useDefault.checked = false;
      if (useNull) useNull.checked = false;
      sync();
    });
    useDefault.addEventListener('change', () => { if (useDefault.checked && useNull) useNull.checked = false; sync(); });
    if (useNull) useNull.addEventListener('change', () => { if (useNull.checked) useDefault.checked = false; sync(); });
    sync();
    const options = el('div', { class: 'insert-options' },
      el('label', { class: 'check', title: col.has_default ? 'Use the column default' : 'Leave out (NULL unless the database fills it)' }, useDefault, 'default'),
      useNull ? el('label', { class: 'check' }, useNull, 'NULL') : null);
    td.append(ed.root, options);
    return {
      col,
      td,
      focusable: ed.control,
      get: () => {
        if (useDefault.checked) return undefined;
        if (useNull && useNull.checked) return null;
        return ed.get();
      },
    };
  }

  function openInsert() {
    if (!canEdit()) return;
    if (state.insert) {
      focusInsert();
      return;
    }
    const fields = state.columns.map(insertField);
    const tr = el('tr', { class: 'insert-row' });
    if (canEdit()) tr.append(el('td', { class: 'select' }, el('span', { class: 'insert-mark', 'aria-hidden': 'true' }, '+')));
    for (const f of fields) tr.append(f.td);
    if (hasRefsColumn()) tr.append(el('td', { class: 'refs' }));
    const save = el('button', { type: 'button', id: 'insert-save', class: 'primary small' }, 'Insert');
    const cancel = el('button', { type: 'button', id: 'insert-cancel', class: 'small' }, 'Cancel');
    const error = el('div', { class: 'insert-error' });
    const bar = el('div', { class: 'insert-bar' }, save, cancel,
      el('span', { class: 'muted' }, 'Columns marked “default” are left out, so the database fills them in. Enter inserts, Esc cancels.'), error);
    const actions = el('tr', { class: 'insert-actions' }, el('td', { colspan: String(mainColumnCount()) }, bar));
    const ins = { fields, trs: [tr, actions], error, save, cancel, saving: false };
    state.insert = ins;
    save.addEventListener('click', saveInsert);
    cancel.addEventListener('click', () => { closeInsert(); dom.insert.focus(); });
    tr.addEventListener('keydown', onInsertKey);
    actions.addEventListener('keydown', onInsertKey);
    const body = dom.grid.tBodies[0];
    const empty = body.querySelector('tr.grid-message');
    if (empty) empty.remove();
    body.prepend(tr, actions);
    dom.gridWrap.scrollTop = 0;
    focusInsert();
  }

  function focusInsert() {
    const ins = state.insert;
    if (!ins) return;
    const f = ins.fields.find((x) => x.focusable && !x.td.classList.contains('is-default')) || ins.fields.find((x) => x.focusable);
    if (f) f.focusable.focus();
  }

  function onInsertKey(ev) {
    const t = ev.target;
    if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      closeInsert();
      dom.insert.focus();
    } else if (ev.key === 'Enter') {
      if (t.tagName === 'BUTTON') return;
      if (t.tagName === 'TEXTAREA' && !(ev.ctrlKey || ev.metaKey)) return;
      ev.preventDefault();
      ev.stopPropagation();
      saveInsert();
    }
  }

  function closeInsert() {
    const ins = state.insert;
    if (!ins) return;
    state.insert = null;
    for (const tr of ins.trs) tr.remove();
    if (!state.rows.length && state.meta && dom.grid.tBodies[0] && !dom.grid.tBodies[0].children.length) renderBody();
  }

  function showInsertError(ins, data) {
    ins.error.replaceChildren(el('div', { class: 'row-error', role: 'alert' },
      el('strong', { class: 'error-text' }, data.error || 'error'),
      data.detail ? el('span', { class: 'error-detail' }, data.detail) : null,
      data.constraint ? el('span', { class: 'error-constraint' }, 'constraint ', el('code', null, data.constraint)) : null,
      data.column ? el('span', { class: 'error-column' }, 'column ', el('code', null, String(data.column))) : null,
      data.hint ? el('span', { class: 'error-hint' }, data.hint) : null));
  }

  async function saveInsert() {
    const ins = state.insert;
    if (!ins || ins.saving) return;
    const meta = state.meta;
    const values = {};
    for (const f of ins.fields) {
      let v;
      try {
        v = f.get();
      } catch (err) {
        showInsertError(ins, { error: f.col.name + ': ' + err.message });
        if (f.focusable) f.focusable.focus();
        return;
      }
      if (v !== undefined) values[f.col.name] = v;
    }
    ins.saving = true;
    ins.save.disabled = true;
    ins.error.replaceChildren();
    busyStart('Inserting into ' + meta.name + '…');
    try {
      const ans = await api('/api/insert', { schema: meta.schema, name: meta.name, values });
      if (meta !== state.meta || state.insert !== ins) return;
      const r = newRow(Array.isArray(ans.row) ? ans.row : [], meta.referenced_by.map(() => '0'));
      r.inserted = true;
      state.insert = null;
      state.rows.unshift(r);
      state.focus = { row: 0, col: 0 };
      renderBody();
      focusCell(dom.grid, 0, 0);
      setStatus('Inserted a row into ' + meta.name, 'ok');
    } catch (err) {
      if (state.insert !== ins) return;
      showInsertError(ins, errorData(err));
      setStatus('Not inserted: ' + errorLine(err), 'error');
    } finally {
      ins.saving = false;
      ins.save.disabled = false;
      busyEnd();
    }
  }

  // ---------------------------------------------------------------- SQL console

  async function runSql(explain) {
    const sql = dom.console.value.trim();
    if (!sql) {
      dom.consoleResult.replaceChildren(el('p', { class: 'muted' }, 'Type one SQL statement, then Run (Ctrl+Enter).'));
      dom.console.focus();
      return;
    }
    const seq = ++state.seq.sql;
    dom.run.disabled = true;
    dom.explain.disabled = true;
    dom.consoleResult.classList.add('loading');
    busyStart(explain ? 'Explaining…' : 'Running…');
    try {
      const ans = await api('/api/sql', { sql, explain: !!explain });
      if (seq !== state.seq.sql) return;
      renderConsoleResult(ans, !!explain);
      setStatus((ans.command || 'done') + ' · ' + formatMs(ans.ms), 'ok');
    } catch (e) {
      if (seq !== state.seq.sql) return;
      renderConsoleError(e);
      showError('SQL failed', e);
    } finally {
      if (seq === state.seq.sql) {
        dom.run.disabled = false;
        dom.explain.disabled = false;
        dom.consoleResult.classList.remove('loading');
      }
      busyEnd();
    }
  }

  function renderConsoleError(err) {
    const d = errorData(err);
    state.console = null;
    dom.consoleResult.replaceChildren(el('div', { class: 'sql-error', role: 'alert' },
      el('strong', { class: 'error-text' }, d.error || 'error'),
      d.detail ? el('span', { class: 'error-detail' }, d.detail) : null,
      d.constraint ? el('span', { class: 'error-constraint' }, 'constraint ', el('code', null, d.constraint)) : null,
      d.hint ? el('span', { class: 'error-hint' }, d.hint) : null,
      d.code ? el('span', { class: 'error-code' }, 'SQLSTATE ', el('code', null, d.code)) : null));
  }

  function renderConsoleResult(ans, explain) {
    const columns = Array.isArray(ans.columns) ? ans.columns : [];
    const rows = Array.isArray(ans.rows) ? ans.rows : [];
    const meta = el('div', { class: 'console-meta' },
      el('span', { class: 'command' }, ans.command || (rows.length + ' ' + plural(rows.length, 'row', 'rows'))),
      el('span', { class: 'muted' }, formatMs(ans.ms)),
      ans.truncated ? el('span', { class: 'badge badge-warn' }, 'truncated: only the first ' + rows.length + ' rows are shown') : null);
    const isPlan = explain || (columns.length === 1 && /^query plan$/i.test(columns[0].name || ''));
    if (isPlan) {
      state.console = null;
      const text = rows.map((r) => (Array.isArray(r) && r[0] !== null && r[0] !== undefined ? r[0] : '')).join('\n');
      dom.consoleResult.replaceChildren(meta, el('pre', { class: 'explain' }, text));
      return;
    }
    if (!columns.length) {
      state.console = null;
      dom.consoleResult.replaceChildren(meta);
      return;
    }
    const table = el('table', { class: 'grid console-grid', 'aria-label': 'Query result' }, el('thead'), el('tbody'));
    const model = { table, main: false, columns, rows: rows.map((v) => newRow(v, null)) };
    state.console = { table, columns, rows: model.rows };
    const head = el('tr');
    for (const col of columns) head.append(headerCell(col, false));
    table.tHead.append(head);
    const frag = document.createDocumentFragment();
    model.rows.forEach((r, i) => {
      const tr = el('tr', { dataset: { row: String(i) } });
      if (i % 2) tr.classList.add('alt');
      columns.forEach((_, c) => tr.append(buildCell(model, r, c)));
      frag.append(tr);
    });
    if (!model.rows.length) {
      frag.append(el('tr', { class: 'grid-message' }, el('td', { class: 'grid-empty', colspan: String(columns.length) }, 'No rows.')));
    }
    table.tBodies[0].append(frag);
    table.addEventListener('focusin', onGridFocusIn);
    table.addEventListener('keydown', onConsoleGridKey);
    table.addEventListener('click', onConsoleGridClick);
    dom.consoleResult.replaceChildren(meta, el('div', { class: 'console-grid-wrap' }, table));
    ensureRoving(table, 0, 0);
  }

  function onConsoleGridKey(ev) {
    const table = ev.currentTarget;
    const td = ev.target.closest && ev.target.closest('td.cell');
    if (!td) return;
    if (navKey(table, ev, td)) return;
    if (ev.key === ' ' || ev.key === 'Enter') {
      ev.preventDefault();
      toggleExpand(table, td);
    } else if ((ev.key === 'c' || ev.key === 'C') && (ev.ctrlKey || ev.metaKey)) {
      copyCell(table, td);
    }
  }

  function onConsoleGridClick(ev) {
    const expand = ev.target.closest('button.expand');
    if (expand) toggleExpand(ev.currentTarget, expand.closest('td.cell'));
  }

  function onConsoleKey(ev) {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      runSql(ev.shiftKey);
    }
  }

  // ---------------------------------------------------------------- wiring

  function onGlobalKey(ev) {
    if (ev.key === '/' && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !isTypingTarget(ev.target)) {
      ev.preventDefault();
      dom.tableFilter.focus();
      dom.tableFilter.select();
    }
  }

  function bindDom() {
    const ids = {
      status: 'status', database: 'database', version: 'version', mode: 'mode',
      tableFilter: 'table-filter', tables: 'tables',
      tableTitle: 'table-title', tableKind: 'table-kind', tableRows: 'table-rows', tableMode: 'table-mode', tableComment: 'table-comment',
      addFilter: 'add-filter', refresh: 'refresh', insert: 'insert', delete: 'delete',
      exportCsv: 'export-csv', exportJson: 'export-json',
      first: 'first', prev: 'prev', next: 'next', pageInfo: 'page-info', pageSize: 'page-size', timing: 'timing',
      filterBar: 'filter-bar', filters: 'filters', applyFilters: 'apply-filters', clearFilters: 'clear-filters',
      tableView: 'table-view', gridWrap: 'grid-wrap', grid: 'grid', gridPlaceholder: 'grid-placeholder',
      console: 'console', consoleMode: 'console-mode', run: 'run', explain: 'explain', consoleResult: 'console-result',
    };
    for (const [key, id] of Object.entries(ids)) dom[key] = document.getElementById(id);
  }

  function wire() {
    document.addEventListener('keydown', onGlobalKey);
    window.addEventListener('hashchange', onHashChange);
    window.addEventListener('unhandledrejection', (ev) => {
      setStatus('Unexpected error: ' + ((ev.reason && ev.reason.message) || ev.reason), 'error');
    });

    dom.tableFilter.addEventListener('input', applySidebarFilter);
    dom.tableFilter.addEventListener('keydown', onTableFilterKey);
    dom.tables.addEventListener('keydown', onSidebarKey);
    dom.tables.addEventListener('click', onSidebarClick);

    dom.addFilter.addEventListener('click', addFilter);
    dom.refresh.addEventListener('click', refreshPage);
    dom.insert.addEventListener('click', openInsert);
    dom.delete.addEventListener('click', deleteSelected);
    dom.first.addEventListener('click', firstPage);
    dom.prev.addEventListener('click', prevPage);
    dom.next.addEventListener('click', nextPage);
    dom.pageSize.addEventListener('change', onPageSize);
    for (const type of ['input', 'change', 'keydown', 'click']) dom.filters.addEventListener(type, onFiltersEvent);
    dom.applyFilters.addEventListener('click', () => applyFilters(true));
    dom.clearFilters.addEventListener('click', clearFilters);
    for (const a of [dom.exportCsv, dom.exportJson]) {
      a.addEventListener('click', (ev) => { if (!a.hasAttribute('href')) ev.preventDefault(); });
    }

    dom.grid.addEventListener('focusin', onGridFocusIn);
    dom.grid.addEventListener('keydown', onMainGridKey);
    dom.grid.addEventListener('click', onMainGridClick);
    dom.grid.addEventListener('dblclick', onMainGridDblClick);
    dom.grid.addEventListener('change', onMainGridChange);

    dom.console.addEventListener('keydown', onConsoleKey);
    dom.run.addEventListener('click', () => runSql(false));
    dom.explain.addEventListener('click', () => runSql(true));
  }

  async function init() {
    bindDom();
    wire();
    renderInfo();
    clearTable();
    const tables = loadTables();
    await loadInfo();
    await route();
    await tables;
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
