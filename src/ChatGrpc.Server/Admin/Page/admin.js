// The operator's page: reads /api/v1/admin/* (the same JSON scripts get) and redraws every few seconds.
// Every value is set as text, never as markup: user and model names come from callers and configuration.
'use strict';

(function () {
  const REFRESH_MS = 5000;
  const SPEND_EVERY = 6; // the spend figures change slowly: every sixth update (30 s), and when the range changes
  const CALLS_SHOWN = 100; // the newest calls that match the filters; the server keeps more
  const $ = (id) => document.getElementById(id);
  let timer = null;
  let updates = 0;
  let busy = false;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function cell(row, text, className) {
    const td = el('td', text, className);
    row.appendChild(td);
    return td;
  }

  function num(value) {
    // int64 fields arrive as strings in protobuf's JSON
    const n = Number(value || 0);
    return Number.isFinite(n) ? n : 0;
  }

  const integer = new Intl.NumberFormat('en-US');
  function count(value) { return integer.format(num(value)); }
  function usd(value) {
    const n = num(value);
    if (n === 0) return '$0';
    return n < 0.01 ? '$' + n.toPrecision(2) : '$' + n.toFixed(2);
  }
  function ms(value) {
    if (value === undefined || value === null) return '–';
    const n = num(value);
    return n >= 1000 ? (n / 1000).toFixed(n >= 10000 ? 0 : 1) + ' s' : Math.round(n) + ' ms';
  }
  function time(value) {
    if (!value) return '';
    const d = new Date(value);
    return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  async function getJson(path) {
    // Plain GETs, so that the first ones are served by the page's preloads; the answers carry no validators, so later
    // ones are never served from a cache.
    const response = await fetch(path, { credentials: 'same-origin' });
    if (!response.ok) {
      let detail = response.status + ' ' + response.statusText;
      try { const body = await response.json(); if (body && body.detail) detail = response.status + ': ' + body.detail; } catch (e) { /* not JSON */ }
      throw new Error(detail);
    }
    return response.json();
  }

  function replaceRows(tbody, rows) {
    tbody.replaceChildren(...rows);
  }

  const circuitNames = {
    CIRCUIT_STATE_CLOSED: ['closed', 'closed'],
    CIRCUIT_STATE_OPEN: ['open', 'open'],
    CIRCUIT_STATE_HALF_OPEN: ['half-open', 'half-open'],
    CIRCUIT_STATE_ISOLATED: ['isolated', 'isolated'],
  };

  function renderUpstreams(data) {
    $('window').textContent = 'last ' + Math.round(num(data.windowSeconds) / 60) + ' minutes';
    const rows = [];
    for (const model of data.models || []) {
      const deployments = model.deployments || [];
      deployments.forEach((d, i) => {
        const row = el('tr');
        if (i === 0) {
          const name = cell(row, model.name, 'model');
          name.rowSpan = deployments.length;
          if (model.fallbacks && model.fallbacks.length) name.appendChild(el('div', 'then ' + model.fallbacks.join(', '), 'small'));
        }
        const label = cell(row, d.label);
        if (num(d.weight) !== 1 && deployments.length > 1) label.appendChild(el('span', ' ×' + d.weight, 'small'));
        cell(row, d.kind);
        const [text, css] = circuitNames[d.circuitState] || ['unknown', 'warn'];
        const circuit = cell(row, '');
        circuit.appendChild(el('span', text, 'state ' + css));
        if (d.openUntil) circuit.appendChild(el('div', 'until ' + time(d.openUntil), 'small'));
        cell(row, count(d.calls), 'num');
        const errors = cell(row, count(d.errors), 'num' + (num(d.errors) > 0 ? ' bad' : ''));
        if (d.errorsByKind && d.errorsByKind.length) {
          errors.title = d.errorsByKind.map((e) => e.kind + ': ' + e.count).join(', ');
          errors.appendChild(el('div', d.errorsByKind.map((e) => e.kind + ' ' + e.count).join(', '), 'small'));
        }
        cell(row, count(d.rateLimited), 'num' + (num(d.rateLimited) > 0 ? ' warn' : ''));
        cell(row, ms(d.latencyP50Ms), 'num');
        cell(row, ms(d.latencyP95Ms), 'num');
        cell(row, ms(d.firstChunkP50Ms), 'num');
        cell(row, ms(d.firstChunkP95Ms), 'num');
        cell(row, d.maxConcurrentCalls !== undefined
          ? num(d.inFlight) + ' / ' + num(d.maxConcurrentCalls) + ', ' + num(d.queued) + ' / ' + num(d.queueLength) + ' queued'
          : '–', 'num');
        rows.push(row);
      });
    }
    if (!rows.length) {
      const row = el('tr');
      const td = cell(row, 'No model is served.');
      td.colSpan = 12;
      rows.push(row);
    }
    replaceRows($('upstream-table').tBodies[0], rows);
  }

  function setOptions(select, values) {
    const current = select.value;
    const wanted = [''].concat(values);
    const existing = [...select.options].map((o) => o.value);
    if (existing.length === wanted.length && existing.every((v, i) => v === wanted[i])) return;
    select.replaceChildren(...wanted.map((v) => { const o = el('option', v === '' ? 'all' : v); o.value = v; return o; }));
    if (!wanted.includes(current)) {
      const o = el('option', current); o.value = current; select.appendChild(o);
    }
    select.value = current;
  }

  function callsQuery() {
    const params = new URLSearchParams();
    for (const name of ['user', 'model', 'status']) {
      const value = $('filter-' + name).value;
      if (value) params.set(name, value);
    }
    params.set('limit', String(CALLS_SHOWN));
    return '/api/v1/admin/calls?' + params.toString();
  }

  function renderCalls(data) {
    setOptions($('filter-user'), data.users || []);
    setOptions($('filter-model'), data.models || []);
    setOptions($('filter-status'), data.statuses || []);
    const calls = data.calls || [];
    $('calls-count').textContent = calls.length + ' shown (at most ' + CALLS_SHOWN + '), this instance keeps its last ' + num(data.capacity);
    const rows = calls.map((c) => {
      const row = el('tr');
      cell(row, time(c.time));
      const id = cell(row, '');
      if (c.traceUrl) {
        const link = el('a', c.requestId);
        link.href = c.traceUrl;
        link.rel = 'noopener noreferrer';
        link.target = '_blank';
        link.title = 'Trace ' + c.traceId;
        id.appendChild(link);
      } else {
        id.textContent = c.requestId;
      }
      cell(row, c.user || '–');
      cell(row, c.keyName || '–');
      cell(row, c.model || '–');
      const deployment = cell(row, c.deployment || '–');
      if (c.failedDeployments && c.failedDeployments.length) {
        deployment.appendChild(el('div', 'failed over from ' + c.failedDeployments.join(', '), 'small warn'));
      }
      cell(row, c.status + (c.stream ? ' · stream' : ''), c.status === 'ok' ? 'ok' : 'bad');
      cell(row, ms(c.durationMs), 'num');
      cell(row, (c.promptTokens !== undefined ? count(c.promptTokens) : '–') + ' / ' + (c.completionTokens !== undefined ? count(c.completionTokens) : '–'), 'num');
      cell(row, c.costUsd !== undefined ? usd(c.costUsd) : '–', 'num');
      return row;
    });
    if (!rows.length) {
      const row = el('tr');
      const td = cell(row, (data.statuses || []).length ? 'No call matches the filters.' : 'No call yet.');
      td.colSpan = 10;
      rows.push(row);
    }
    replaceRows($('call-table').tBodies[0], rows);
  }

  function totalsCard(id, totals) {
    const card = $(id);
    totals = totals || {};
    card.querySelector('.cost').textContent = usd(totals.costUsd);
    card.querySelector('.detail').textContent = count(totals.requests) + ' requests · ' +
      count(num(totals.promptTokens) + num(totals.completionTokens)) + ' tokens';
  }

  function totalsRows(list, emptyText) {
    const rows = (list || []).map((t) => {
      const row = el('tr');
      cell(row, t.name || '–');
      cell(row, count(t.requests), 'num');
      cell(row, count(t.promptTokens), 'num');
      cell(row, count(t.cachedPromptTokens), 'num');
      cell(row, count(t.completionTokens), 'num');
      cell(row, usd(t.costUsd), 'num');
      return row;
    });
    if (!rows.length) {
      const row = el('tr');
      cell(row, emptyText).colSpan = 6;
      rows.push(row);
    }
    return rows;
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function renderChart(daily) {
    const width = 600, height = 160, bottom = 18, top = 14;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('preserveAspectRatio', 'none');
    const max = Math.max(0, ...daily.map((d) => num(d.costUsd)));
    const slot = width / Math.max(1, daily.length);
    daily.forEach((d, i) => {
      const value = num(d.costUsd);
      const h = max > 0 ? (height - bottom - top) * value / max : 0;
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('x', (i * slot + slot * 0.15).toFixed(1));
      rect.setAttribute('width', (slot * 0.7).toFixed(1));
      rect.setAttribute('y', (height - bottom - h).toFixed(1));
      rect.setAttribute('height', Math.max(h, value > 0 ? 1 : 0).toFixed(1));
      const title = document.createElementNS(SVG, 'title');
      title.textContent = d.date + ': ' + usd(value) + ', ' + count(d.requests) + ' requests';
      rect.appendChild(title);
      svg.appendChild(rect);
      if (i % 5 === 0 || i === daily.length - 1) {
        const label = document.createElementNS(SVG, 'text');
        label.setAttribute('x', (i * slot + slot / 2).toFixed(1));
        label.setAttribute('y', String(height - 4));
        label.setAttribute('text-anchor', 'middle');
        label.textContent = (d.date || '').slice(5);
        svg.appendChild(label);
      }
    });
    const peak = document.createElementNS(SVG, 'text');
    peak.setAttribute('x', '2');
    peak.setAttribute('y', '10');
    peak.textContent = 'max ' + usd(max) + '/day';
    svg.appendChild(peak);
    $('chart').replaceChildren(svg);
    $('chart').setAttribute('aria-label', 'Spend per day: ' + daily.map((d) => d.date + ' ' + usd(d.costUsd)).join(', '));
  }

  function renderLimits(users) {
    const rows = [];
    for (const u of users || []) {
      for (const l of u.limits || []) {
        const row = el('tr');
        cell(row, u.user);
        cell(row, l.name);
        const money = /^Spend/.test(l.name);
        cell(row, money ? usd(l.used) : count(l.used), 'num');
        cell(row, money ? usd(l.limit) : count(l.limit), 'num');
        const share = num(l.limit) > 0 ? Math.min(1, num(l.used) / num(l.limit)) : 0;
        const meter = el('span', null, 'meter' + (share >= 1 ? ' bad' : share >= 0.8 ? ' warn' : ''));
        const fill = el('span');
        fill.style.width = (share * 100).toFixed(0) + '%';
        meter.appendChild(fill);
        const td = cell(row, '');
        td.appendChild(meter);
        td.appendChild(el('span', ' ' + (share * 100).toFixed(0) + '%', 'small'));
        rows.push(row);
      }
    }
    if (!rows.length) {
      const row = el('tr');
      cell(row, 'No user has a limit or budget.').colSpan = 5;
      rows.push(row);
    }
    replaceRows($('limits').tBodies[0], rows);
  }

  function spendQuery() {
    const params = new URLSearchParams();
    if ($('range-from').value) params.set('from', $('range-from').value);
    if ($('range-to').value) params.set('to', $('range-to').value);
    const text = params.toString();
    return '/api/v1/admin/spend' + (text ? '?' + text : '');
  }

  function renderSpend(data) {
    const problem = $('spend-problem');
    problem.hidden = !!data.recordsAvailable;
    problem.textContent = data.recordsAvailable ? '' : (data.recordsProblem || 'Usage records cannot be read.');
    totalsCard('card-today', data.today);
    totalsCard('card-month', data.month);
    totalsCard('card-range', data.range);
    if (data.from && data.to) {
      $('card-range').querySelector('h3').textContent = data.from + ' to ' + data.to;
      if (!$('range-from').value) $('range-from').value = data.from;
      if (!$('range-to').value) $('range-to').value = data.to;
    }
    replaceRows($('by-user').tBodies[0], totalsRows(data.byUser, 'No usage in the range.'));
    replaceRows($('by-model').tBodies[0], totalsRows(data.byModel, 'No usage in the range.'));
    renderChart(data.daily || []);
    renderLimits(data.users);
  }

  async function update(withSpend) {
    if (busy) return;
    busy = true;
    try {
      const spend = withSpend ? getJson(spendQuery()) : null;
      const [upstreams, calls] = await Promise.all([getJson('/api/v1/admin/upstreams'), getJson(callsQuery())]);
      renderUpstreams(upstreams);
      renderCalls(calls);
      if (spend) renderSpend(await spend);
      $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
      if (!document.body.dataset.loaded) performance.mark('chatgrpc-admin-loaded');
      document.body.dataset.loaded = 'true';
    } catch (error) {
      $('updated').textContent = 'Update failed: ' + error.message;
    } finally {
      busy = false;
    }
  }

  function schedule() {
    clearTimeout(timer);
    if ($('auto-refresh').checked && !document.hidden) {
      timer = setTimeout(async () => {
        updates++;
        await update(updates % SPEND_EVERY === 0);
        schedule();
      }, REFRESH_MS);
    }
  }

  document.addEventListener('DOMContentLoaded', async () => {
    $('auto-refresh').addEventListener('change', schedule);
    document.addEventListener('visibilitychange', schedule);
    $('refresh-now').addEventListener('click', () => update(true));
    for (const name of ['user', 'model', 'status']) $('filter-' + name).addEventListener('change', () => update(false));
    $('call-filters').addEventListener('submit', (event) => { event.preventDefault(); update(false); });
    $('range-form').addEventListener('submit', (event) => { event.preventDefault(); update(true); });
    await update(true);
    schedule();
  });
})();
