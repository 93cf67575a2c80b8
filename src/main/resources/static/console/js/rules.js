// Rules: every rule file with its status (loaded, skipped and why, failed and where), its query and metrics.
import { api, ApiError } from './api.js';
import { fill, h, problem, severityBadge } from './dom.js';

/**
 * The rule files as GET /api/v1/rules/files gives them, or, from a SeqWatch without that endpoint,
 * the loaded rules only. Returns [files, whether statuses are complete].
 */
async function ruleFiles(loaded) {
  try {
    return [await api('/api/v1/rules/files'), true];
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    return [loaded.map((entry) => ({ origin: entry.origin, rule_id: entry.rule.rule_id, name: entry.rule.name,
      status: 'loaded' })), false];
  }
}

/** The reload summary in one sentence: loaded, skipped by reason, failed, states dropped, warnings. */
function describe(summary) {
  if (!summary || typeof summary.loaded !== 'number') return '';
  const skipped = Object.entries(summary.skipped || {});
  const total = skipped.reduce((sum, [, count]) => sum + count, 0);
  return [summary.loaded + ' loaded, ' + total + ' skipped'
    + (skipped.length ? ' (' + skipped.map(([reason, count]) => reason + ' ' + count).join(', ') + ')' : '')
    + ', ' + (summary.failed || 0) + ' failed'
    + (summary.dropped_states ? '; ' + summary.dropped_states + ' partial chains of changed rules dropped' : '') + '.',
  (summary.warnings || []).map((warning) => h('p.note', warning))];
}

function where(file) {
  if (file.line == null) return '';
  return 'line ' + file.line + (file.column != null ? ', column ' + file.column : '');
}

export function rulesPage(root, context) {
  const list = h('div', { id: 'rules' });
  const result = h('div', { id: 'reload-result' });
  const reload = context.access.admin
    ? h('button', { type: 'button', id: 'reload', onclick: doReload }, 'Reload rules')
    : null;
  fill(root, h('h1', 'Rules'),
    h('div.actions', reload, context.access.admin ? null : h('span.note', 'Reloading rules takes an admin key.')),
    result, list);

  async function doReload() {
    reload.disabled = true;
    fill(result, h('p.note', 'Reloading …'));
    try {
      const summary = await api('/api/v1/rules/_reload', { method: 'POST' });
      fill(result, h('div.panel', h('strong.ok', 'Reloaded: '), describe(summary),
        h('details', h('summary', 'answer'), h('pre.json', JSON.stringify(summary, null, 2)))));
      await load();
    } catch (error) {
      const absent = error.status === 404 || error.status === 405;
      fill(result, h('div.panel', h('strong.bad', 'Reload refused. '), absent
        ? h('p.note', 'This SeqWatch cannot reload rules while running (no POST /api/v1/rules/_reload): restart it.')
        : problem(error)));
    } finally {
      reload.disabled = false;
    }
  }

  async function load() {
    try {
      const loaded = await api('/api/v1/rules');
      const [files, complete] = await ruleFiles(loaded);
      const byId = new Map(loaded.map((entry) => [entry.rule.rule_id, entry.rule]));
      let counts = new Map();
      try {
        counts = new Map((await api('/api/v1/alerts/_counts')).rules.map((entry) => [entry.value, entry.count]));
      } catch (noCounts) {
        counts = new Map();
      }
      const summary = complete
        ? files.length + ' rule files: ' + ['loaded', 'skipped', 'failed'].map((status) =>
          files.filter((file) => file.status === status).length + ' ' + status).join(' · ')
        : files.length + ' loaded rules';
      fill(list,
        h('p', { id: 'rules-summary' }, summary),
        complete ? null : h('p.note', { id: 'rules-partial' },
          'This SeqWatch does not report skipped and failed rule files (no /api/v1/rules/files): loaded rules only.'),
        files.map((file) => card(file, byId.get(file.rule_id), counts.get(file.rule_id))));
    } catch (error) {
      if (error.status === 401) context.onUnauthorized();
      fill(list, problem(error));
    }
  }

  load();
  return { stop: () => {} };
}

function card(file, rule, alerts) {
  const status = file.status || 'loaded';
  const detail = status === 'loaded' ? null : h('p.rule-reason', { dataset: { reason: file.reason || '' } },
    h('strong.st-' + status, status === 'skipped' ? 'Skipped' : 'Failed'),
    file.reason ? ' (' + file.reason + ')' : '', ': ', file.message || '',
    where(file) ? h('span.mono', ' at ' + where(file)) : null);
  return h('div.panel.rule', { dataset: { ruleId: file.rule_id || '', status } },
    h('div.actions',
      h('span.badge.st-' + status, status),
      rule ? severityBadge(rule.severity) : null,
      h('strong', file.name || file.rule_id || file.origin),
      h('span.mono.note', file.origin || '')),
    detail,
    rule ? [
      h('p.note', rule.description),
      h('div.tags', (rule.threat || []).map((threat) => h('span.tag', threat.tactic.name + ' ' +
        (threat.technique || []).map((t) => t.id).join(', ')))),
      h('pre.query', rule.query),
      // Per-rule metrics: alerts per rule from /api/v1/alerts/_counts for now. The engine's Micrometer
      // meters tagged rule_id (stage matches, discards) belong in this spot when the API serves them.
      h('div.metrics', { dataset: { metrics: file.rule_id } },
        h('span', 'alerts: ', h('strong.mono', String(alerts || 0))),
        h('span.spot', ' · engine metrics per rule: not served yet'))] : null);
}
