// Alerts: newest first, filtered, paged by cursor, kept live by polling for alerts newer than the newest shown.
import { api, query } from './api.js';
import { buildingBlockBadge, fill, h, field, problem, severityBadge, show, utc } from './dom.js';

const POLL_MILLIS = 2000;
const PAGE_SIZE = 50;

/**
 * The filters outlive the page, so that going back from an alert keeps them. Building-block alerts
 * are left out until asked for, as in Kibana's alerts table: the rules that raise them are inputs to
 * other rules, and in a whole rule set they outnumber the alerts an analyst triages.
 */
const filters = { rule_id: '', host_id: '', severity: '', from: '', to: '', building_blocks: false };

/** A datetime-local value, read as UTC, as the ISO instant the API takes. */
function instant(local) {
  return local ? new Date(local + 'Z').toISOString() : '';
}

export function alertsPage(root, context) {
  const seen = new Set();
  let newest = null;
  let next = null;
  let timer = null;
  let rules = new Map();

  const body = h('tbody');
  const more = h('button.secondary', { type: 'button', id: 'older', hidden: true, onclick: loadOlder }, 'Older alerts');
  const status = h('span.live', { id: 'live' }, 'live');
  const counts = h('div.counts.panel', { id: 'counts' });
  const message = h('div');

  const ruleSelect = h('select', { id: 'f-rule', name: 'rule_id' }, h('option', { value: '' }, 'any rule'));
  const hostInput = h('input.mono', { id: 'f-host', name: 'host_id', placeholder: 'host.id', value: filters.host_id });
  const severitySelect = h('select', { id: 'f-severity', name: 'severity' },
    ['', 'low', 'medium', 'high', 'critical'].map((s) => h('option', { value: s }, s || 'any severity')));
  severitySelect.value = filters.severity;
  const fromInput = h('input', { id: 'f-from', type: 'datetime-local', step: '1', value: filters.from });
  const toInput = h('input', { id: 'f-to', type: 'datetime-local', step: '1', value: filters.to });
  const buildingBlocksInput = h('input', { id: 'f-building-blocks', type: 'checkbox', checked: filters.building_blocks });

  function apply(event) {
    if (event) event.preventDefault();
    filters.rule_id = ruleSelect.value;
    filters.host_id = hostInput.value.trim();
    filters.severity = severitySelect.value;
    filters.from = fromInput.value;
    filters.to = toInput.value;
    filters.building_blocks = buildingBlocksInput.checked;
    reload();
  }

  fill(root,
    h('h1', 'Alerts'),
    h('form.filters.panel', { id: 'filters', onsubmit: apply },
      h('label', 'Rule', ruleSelect),
      h('label', 'Host', hostInput),
      h('label', 'Severity', severitySelect),
      h('label', 'From (UTC)', fromInput),
      h('label', 'To (UTC)', toInput),
      h('label.inline', buildingBlocksInput, 'Building-block alerts'),
      h('button', { type: 'submit' }, 'Apply'),
      h('button.secondary', { type: 'button', onclick: () => {
        ruleSelect.value = ''; hostInput.value = ''; severitySelect.value = ''; fromInput.value = ''; toInput.value = '';
        buildingBlocksInput.checked = false;
        apply();
      } }, 'Clear'),
      status),
    message,
    h('div.layout',
      h('div',
        h('table', { id: 'alerts' },
          h('thead', h('tr', h('th', 'Detected'), h('th', 'Severity'), h('th', 'Rule'), h('th', 'Host'),
            h('th', 'What happened'), h('th', 'Events'))),
          body),
        h('div.actions', more)),
      counts));

  function params() {
    return {
      rule_id: filters.rule_id, host_id: filters.host_id, severity: filters.severity,
      building_block: filters.building_blocks ? '' : 'false', from: instant(filters.from), to: instant(filters.to),
    };
  }

  function row(alert, fresh) {
    const first = alert.events && alert.events[0];
    const host = show(field(first, 'host.name')) || show(alert.join_keys && alert.join_keys['host.id']);
    const open = () => { location.hash = '#/alert/' + encodeURIComponent(alert.id); };
    return h('tr.row-link' + (fresh ? '.fresh' : ''), { dataset: { id: alert.id }, onclick: open },
      h('td.mono.nowrap', utc(alert.detected_at)),
      h('td', severityBadge(alert.rule.severity)),
      h('td', h('a', { href: '#/alert/' + encodeURIComponent(alert.id) }, alert.rule.name), buildingBlockBadge(alert.rule)),
      h('td.mono.nowrap', host),
      h('td', alert.reason, alert.revises ? h('span.note', ' (revises an earlier alert)') : null),
      h('td.mono', String(alert.events ? alert.events.length : 0)));
  }

  function remember(alert) {
    seen.add(alert.id);
    if (!newest || alert.detected_at > newest) newest = alert.detected_at;
  }

  function countList(title, entries, name, filter) {
    return [h('h2', title), entries.length === 0 ? h('p.note', 'none') : h('ul', entries.map((entry) =>
      h('li', h('a', { href: '#/alerts', title: show(entry.value), onclick: (event) => {
        event.preventDefault();
        filter(entry.value);
      } }, name(entry.value)), h('span.mono', String(entry.count)))))];
  }

  async function loadCounts() {
    const data = await api('/api/v1/alerts/_counts' + query(params()));
    fill(counts,
      h('p', h('strong', String(data.total)), ' alerts in the selected time'),
      countList('Per rule', data.rules, (id) => rules.get(id) || id, (id) => { ruleSelect.value = id; apply(); }),
      countList('Per host', data.hosts, (id) => id || '(no host.id)', (id) => { hostInput.value = id || ''; apply(); }));
  }

  async function reload() {
    seen.clear();
    newest = null;
    body.replaceChildren();
    fill(message);
    try {
      const page = await api('/api/v1/alerts' + query(Object.assign(params(), { size: PAGE_SIZE })));
      page.alerts.forEach((alert) => { remember(alert); body.append(row(alert, false)); });
      if (page.alerts.length === 0) fill(message, h('p.note', { id: 'empty' }, 'No alerts match. New ones appear here as they are detected.'));
      next = page.next || null;
      more.hidden = !next;
      await loadCounts();
    } catch (error) {
      failed(error);
    }
  }

  async function loadOlder() {
    if (!next) return;
    try {
      const page = await api(next);
      page.alerts.filter((alert) => !seen.has(alert.id)).forEach((alert) => { remember(alert); body.append(row(alert, false)); });
      next = page.next || null;
      more.hidden = !next;
    } catch (error) {
      failed(error);
    }
  }

  /** Alerts detected at or after the newest shown ("from" is inclusive, so ids already shown are skipped). */
  async function poll() {
    try {
      const since = newest && (!filters.from || newest > instant(filters.from)) ? newest : instant(filters.from);
      const page = await api('/api/v1/alerts' + query(Object.assign(params(), { from: since, size: PAGE_SIZE })));
      const fresh = page.alerts.filter((alert) => !seen.has(alert.id));
      if (fresh.length) {
        fill(message);
        fresh.slice().reverse().forEach((alert) => { remember(alert); body.prepend(row(alert, true)); });
        await loadCounts();
      }
      status.textContent = 'live';
      status.className = 'live';
    } catch (error) {
      if (error.status === 401) context.onUnauthorized();
      status.textContent = 'not updating: ' + error.message;
      status.className = 'error';
    }
  }

  function failed(error) {
    if (error.status === 401) context.onUnauthorized();
    else fill(message, problem(error));
  }

  (async () => {
    try {
      for (const loaded of await api('/api/v1/rules')) {
        rules.set(loaded.rule.rule_id, loaded.rule.name);
        ruleSelect.append(h('option', { value: loaded.rule.rule_id }, loaded.rule.name));
      }
    } catch (error) {
      failed(error);
    }
    ruleSelect.value = filters.rule_id;
    await reload();
    timer = setInterval(poll, POLL_MILLIS);
  })();

  return { stop: () => clearInterval(timer) };
}
